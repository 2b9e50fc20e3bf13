/**
 * Record readers: plain text (one message per line), CSV, TSV and JSONL, from a file or stdin (`-`),
 * gzip-compressed input recognised by its magic bytes. Streaming: one record at a time, in input order.
 * A row that cannot be read becomes a record with `error` (and its row number), never a crash or a skip.
 */
import type { Readable } from 'node:stream';
import { UsageError, UserError } from './errors.js';
import { looksBinary, peek, sniffFormat } from './sniff.js';
import { INPUT_FORMATS, type InputFormat, type InputRecord, type ReadOptions } from './input-record.js';
import { decoderFor, openInput, utf8Chunks } from './open-input.js';
import { lineBatches } from './lines.js';
import { readText } from './formats/text.js';
import { readTsv } from './formats/tsv.js';
import { readJsonl } from './formats/jsonl.js';
import { readCsv } from './formats/csv.js';

export { INPUT_FORMATS, MAX_TEXT, type InputFormat, type InputRecord, type ReadOptions } from './input-record.js';
export { MAX_LINE_BYTES, NOT_UTF8 } from './lines.js';
export { decoderFor, fileSize, isDirectory, isFile, openInput, plainFileSize } from './open-input.js';

/** Format from a file name (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, else text), ignoring a `.gz` suffix. */
export function formatFromName(path: string): InputFormat {
  return formatOfName(path) ?? 'text';
}

/** The format a file name states (`.txt` states text), or undefined when it states none. */
function formatOfName(path: string): InputFormat | undefined {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.tsv') || p.endsWith('.tab')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.txt')) return 'text';
  return undefined;
}

/**
 * Read records from a path or `-`. The format is `opts.format`, else the file name's, else (a name such as
 * `dump.gz`) what the first line looks like; stdin is text unless told. Throws UserError for problems with
 * the whole input (a missing column, binary data).
 */
export async function* readRecords(path: string, opts: ReadOptions = {}, stdin?: Readable): AsyncGenerator<InputRecord> {
  if (opts.format !== undefined && !INPUT_FORMATS.includes(opts.format)) throw new UsageError(`unknown input format "${opts.format}"; expected one of ${INPUT_FORMATS.join(', ')}`);
  // A bad encoding name is a usage error before any reading.
  const decoder = opts.encoding === undefined ? undefined : decoderFor(opts.encoding);
  const stream = await openInput(path, stdin, opts.onBytes);
  const where = path === '-' ? 'stdin' : path;
  const { head, chunks } = await peek(utf8Chunks(stream, decoder, opts.encoding === undefined));
  if (looksBinary(head)) {
    throw new UserError(`${where}: this looks like a binary file (NUL bytes near the start), not text, CSV, TSV or JSONL; UTF-16 text without a byte-order mark needs --encoding utf-16le`);
  }
  const format = opts.format ?? (path === '-' ? 'text' : formatOfName(path) ?? sniffFormat(head, opts.textColumn ?? 'text'));
  const lines = lineBatches(chunks);
  if (format === 'csv') yield* readCsv(lines, opts, where);
  else if (format === 'text') yield* readText(lines);
  else if (format === 'tsv') yield* readTsv(lines, opts, where);
  else yield* readJsonl(lines, opts);
}
