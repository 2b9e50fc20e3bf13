/**
 * Record readers: plain text (one message per line), CSV, TSV and JSONL, from a file or stdin (`-`),
 * gzip-compressed input recognised by its magic bytes. Streaming: one record at a time, in input order.
 * A row that cannot be read becomes a record with `error` (and its row number), never a crash or a skip.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
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
  /** Columns that must exist (besides the text column), e.g. `label` for training data. */
  readonly requiredColumns?: readonly string[];
  /** Called with the number of (possibly compressed) bytes read, for progress reporting. */
  readonly onBytes?: (n: number) => void;
}

/** Format from a file name (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, else text), ignoring a `.gz` suffix. */
export function formatFromName(path: string): InputFormat {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.tsv') || p.endsWith('.tab')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  return 'text';
}

/** Open a path (or `-` for stdin) as a byte stream, gunzipping when the data starts with the gzip magic. */
export async function openInput(path: string, stdin: Readable = process.stdin, onBytes?: (n: number) => void): Promise<Readable> {
  let src: Readable;
  if (path === '-') src = stdin;
  else {
    src = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      src.once('open', () => resolve());
      src.once('error', (e: NodeJS.ErrnoException) =>
        reject(new UserError(`${path}: cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message}`)),
      );
    });
  }
  const out = new PassThrough({ highWaterMark: 1 << 16 });
  const first: Buffer | null = await new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = src.read() as Buffer | null;
      if (chunk !== null) {
        cleanup();
        resolve(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new UserError(`${path}: cannot read: ${e.message}`));
    };
    const cleanup = () => {
      src.off('readable', onReadable);
      src.off('end', onEnd);
      src.off('error', onError);
    };
    src.on('readable', onReadable);
    src.on('end', onEnd);
    src.on('error', onError);
    onReadable();
  });
  if (first === null) {
    out.end();
    return out;
  }
  const gz = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  const sink: NodeJS.WritableStream = gz ? createGunzip() : out;
  if (gz) {
    const gunzip = sink as ReturnType<typeof createGunzip>;
    gunzip.on('error', (e) => out.destroy(new UserError(`${path}: not valid gzip data: ${e.message}`)));
    gunzip.pipe(out);
  }
  src.on('error', (e) => out.destroy(new UserError(`${path}: cannot read: ${e.message}`)));
  if (onBytes) {
    onBytes(first.length);
    src.on('data', (chunk: Buffer) => onBytes(chunk.length));
  }
  (sink as NodeJS.WritableStream).write(first);
  src.pipe(sink as NodeJS.WritableStream);
  return out;
}

function lines(stream: Readable): AsyncIterable<string> {
  return createInterface({ input: stream, crlfDelay: Infinity });
}

function checkColumns(header: readonly string[], opts: ReadOptions, where: string): void {
  const textColumn = opts.textColumn ?? 'text';
  const missing = [textColumn, ...(opts.requiredColumns ?? [])].filter((c) => !header.includes(c));
  if (opts.idColumn && !header.includes(opts.idColumn)) missing.push(opts.idColumn);
  if (missing.length > 0) {
    throw new UserError(`${where}: expected ${missing.length === 1 ? 'a column' : 'columns'} ${missing.map((c) => JSON.stringify(c)).join(', ')}; found ${header.length > 0 ? header.join(', ') : 'no header'}`);
  }
}

function fromFields(row: number, fields: Record<string, string>, opts: ReadOptions): InputRecord {
  const textColumn = opts.textColumn ?? 'text';
  const idCol = opts.idColumn ?? ('id' in fields ? 'id' : undefined);
  const id = idCol && fields[idCol] !== undefined && fields[idCol] !== '' ? fields[idCol] : String(row);
  const text = fields[textColumn];
  if (text === undefined) return { row, id, fields, error: `row ${row}: no value in column "${textColumn}"` };
  return checkText(row, id, text, fields);
}

/** Largest message scored; longer rows are reported as errors rather than silently cut. */
export const MAX_TEXT = 100_000;

function checkText(row: number, id: string, text: string, fields?: Record<string, string>): InputRecord {
  if (text.trim() === '') return { row, id, fields, error: `row ${row}: empty text` };
  if (text.length > MAX_TEXT) return { row, id, fields, error: `row ${row}: text is ${text.length} characters; at most ${MAX_TEXT} are scored` };
  if (text.includes('\u0000')) return { row, id, fields, error: `row ${row}: text contains NUL bytes` };
  return { row, id, text, fields };
}

async function* readText(stream: Readable): AsyncGenerator<InputRecord> {
  let row = 0;
  for await (const line of lines(stream)) {
    row++;
    yield checkText(row, String(row), row === 1 ? line.replace(/^\uFEFF/, '') : line);
  }
}

async function* readTsv(stream: Readable, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  let header: string[] | undefined;
  let row = 0;
  for await (const line of lines(stream)) {
    if (!header) {
      header = line.replace(/^\uFEFF/, '').split('\t');
      checkColumns(header, opts, where);
      continue;
    }
    row++;
    const cells = line.split('\t');
    const fields: Record<string, string> = Object.create(null);
    for (let i = 0; i < header.length; i++) fields[header[i]] = cells[i] ?? '';
    if (cells.length !== header.length) {
      const id = fields[opts.idColumn ?? 'id'] || String(row);
      yield { row, id, fields, error: `row ${row}: expected ${header.length} tab-separated fields, found ${cells.length}` };
      continue;
    }
    yield fromFields(row, fields, opts);
  }
  if (!header) checkColumns([], opts, where);
}

async function* readJsonl(stream: Readable, opts: ReadOptions): AsyncGenerator<InputRecord> {
  let row = 0;
  const textColumn = opts.textColumn ?? 'text';
  for await (const line of lines(stream)) {
    row++;
    let v: unknown;
    try {
      v = JSON.parse(row === 1 ? line.replace(/^\uFEFF/, '') : line);
    } catch {
      yield { row, id: String(row), error: `row ${row}: not valid JSON` };
      continue;
    }
    if (typeof v === 'string') {
      yield checkText(row, String(row), v);
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      yield { row, id: String(row), error: `row ${row}: expected a JSON object or string` };
      continue;
    }
    const fields: Record<string, string> = Object.create(null);
    for (const [k, val] of Object.entries(v)) fields[k] = val === null || val === undefined ? '' : typeof val === 'string' ? val : JSON.stringify(val);
    if (!(textColumn in fields)) {
      yield { row, id: fields[opts.idColumn ?? 'id'] || String(row), fields, error: `row ${row}: expected a field "${textColumn}"; found ${Object.keys(fields).join(', ') || 'none'}` };
      continue;
    }
    yield fromFields(row, fields, opts);
  }
}

async function* readCsv(stream: Readable, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  // Loaded on first use: single-message scoring never reads CSV and should not pay for the parser.
  const { parse: parseCsv } = await import('csv-parse');
  const parser = stream.pipe(parseCsv({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = cells;
        checkColumns(header, opts, where);
        continue;
      }
      row++;
      const fields: Record<string, string> = Object.create(null);
      for (let i = 0; i < header.length; i++) fields[header[i]] = cells[i] ?? '';
      if (cells.length !== header.length && !(cells.length === 1 && cells[0] === '')) {
        yield { row, id: fields[opts.idColumn ?? 'id'] || String(row), fields, error: `row ${row}: expected ${header.length} fields, found ${cells.length}` };
        continue;
      }
      yield fromFields(row, fields, opts);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    // csv-parse cannot resynchronise after broken quoting: report the row, then stop reading.
    yield { row: row + 1, id: String(row + 1), error: `row ${row + 1}: CSV parse error: ${(e as Error).message}; the rest of the input was not read` };
  }
  if (!header) checkColumns([], opts, where);
}

/** Read records from a path or `-`. Throws UserError for problems with the whole input (missing column). */
export async function* readRecords(path: string, opts: ReadOptions = {}, stdin?: Readable): AsyncGenerator<InputRecord> {
  const format = opts.format ?? (path === '-' ? 'text' : formatFromName(path));
  if (!INPUT_FORMATS.includes(format)) throw new UsageError(`unknown input format "${format}"; expected one of ${INPUT_FORMATS.join(', ')}`);
  const stream = await openInput(path, stdin, opts.onBytes);
  const where = path === '-' ? 'stdin' : path;
  if (format === 'text') yield* readText(stream);
  else if (format === 'tsv') yield* readTsv(stream, opts, where);
  else if (format === 'jsonl') yield* readJsonl(stream, opts);
  else yield* readCsv(stream, opts, where);
}
