/** The record every input parser yields, the options they share, and the checks they apply to a row. */
import type { BadLine } from './lines.js';
import { UsageError, UserError } from './errors.js';

export type InputFormat = 'text' | 'csv' | 'tsv' | 'jsonl';
export const INPUT_FORMATS: readonly InputFormat[] = ['text', 'csv', 'tsv', 'jsonl'];

export interface InputRecord {
  /** 1-based data row number (header excluded). */
  readonly row: number;
  /** The id column's value, else the row number. */
  readonly id: string;
  readonly text?: string;
  /** All columns of the row (CSV/TSV/JSONL), for --keep-columns and labeled data. */
  readonly fields?: Record<string, string>;
  readonly error?: string;
}

export interface ReadOptions {
  readonly format?: InputFormat;
  readonly textColumn?: string;
  readonly idColumn?: string;
  /** Columns copied to the output (CSV/TSV: each must be in the header, else a usage error). */
  readonly keepColumns?: readonly string[];
  /** Columns that must exist (besides the text column), e.g. `label` for training data. */
  readonly requiredColumns?: readonly string[];
  /** Called with the number of (possibly compressed) bytes read, for progress reporting. */
  readonly onBytes?: (n: number) => void;
  /**
   * Character encoding of the input (any name `TextDecoder` knows: `gb18030`, `big5`, `windows-874`,
   * `utf-16le`…). Default UTF-8, or UTF-16 when the input starts with a UTF-16 byte-order mark.
   */
  readonly encoding?: string;
}

/** The error record for a line that could not be read. */
export function badLine(row: number, line: BadLine): InputRecord {
  return { row, id: String(row), error: `row ${row}: ${line.problem}` };
}

export /** A usage-level error naming every missing column and the ones found. */
function checkColumns(header: readonly string[], opts: ReadOptions, where: string): void {
  const textColumn = opts.textColumn ?? 'text';
  const missing = [textColumn, ...(opts.requiredColumns ?? [])].filter((c) => !header.includes(c));
  if (opts.idColumn && !header.includes(opts.idColumn)) missing.push(opts.idColumn);
  if (missing.length > 0) {
    throw new UserError(`${where}: expected ${missing.length === 1 ? 'a column' : 'columns'} ${missing.map((c) => JSON.stringify(c)).join(', ')}; found ${header.length > 0 ? header.join(', ') : 'no header'}`);
  }
  const unknown = (opts.keepColumns ?? []).filter((c) => !header.includes(c));
  if (unknown.length > 0) {
    throw new UsageError(`--keep-columns: ${where} has no ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.map((c) => JSON.stringify(c)).join(', ')}; found ${header.length > 0 ? header.join(', ') : 'no header'}`);
  }
}

export function fromFields(row: number, fields: Record<string, string>, opts: ReadOptions): InputRecord {
  const textColumn = opts.textColumn ?? 'text';
  const idCol = opts.idColumn ?? ('id' in fields ? 'id' : undefined);
  const id = idCol && fields[idCol] !== undefined && fields[idCol] !== '' ? fields[idCol] : String(row);
  const text = fields[textColumn];
  if (text === undefined) return { row, id, fields, error: `row ${row}: no value in column "${textColumn}"` };
  return checkText(row, id, text, fields);
}

/** Largest message scored; longer rows are reported as errors rather than silently cut. */
export const MAX_TEXT = 100_000;

export function checkText(row: number, id: string, text: string, fields?: Record<string, string>): InputRecord {
  if (text.trim() === '') return { row, id, fields, error: `row ${row}: empty text` };
  if (text.length > MAX_TEXT) return { row, id, fields, error: `row ${row}: text is ${text.length} characters; at most ${MAX_TEXT} are scored` };
  if (text.includes('\u0000')) return { row, id, fields, error: `row ${row}: text contains NUL bytes` };
  return { row, id, text, fields };
}
