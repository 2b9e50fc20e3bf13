/**
 * Record readers: plain text (one message per line), CSV, TSV and JSONL, from a file or stdin (`-`),
 * gzip-compressed input recognised by its magic bytes. Streaming: one record at a time, in input order.
 * A row that cannot be read becomes a record with `error` (and its row number), never a crash or a skip.
 */
import type { Readable } from 'node:stream';
import { UsageError } from './errors.js';
import { INPUT_FORMATS, type InputFormat, type InputRecord, type ReadOptions } from './input-record.js';
import { decoderFor, openInput, utf8Chunks } from './open-input.js';
import { lineBatches } from './lines.js';
import { readText } from './formats/text.js';
import { readTsv } from './formats/tsv.js';
import { readJsonl } from './formats/jsonl.js';
import { readCsv } from './formats/csv.js';

export { INPUT_FORMATS, MAX_TEXT, type InputFormat, type InputRecord, type ReadOptions } from './input-record.js';
export { MAX_LINE_BYTES, NOT_UTF8 } from './lines.js';
export { decoderFor, openInput } from './open-input.js';

/** Format from a file name (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, else text), ignoring a `.gz` suffix. */
export function formatFromName(path: string): InputFormat {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.tsv') || p.endsWith('.tab')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  return 'text';
}

/** Read records from a path or `-`. Throws UserError for problems with the whole input (missing column). */
export async function* readRecords(path: string, opts: ReadOptions = {}, stdin?: Readable): AsyncGenerator<InputRecord> {
  const format = opts.format ?? (path === '-' ? 'text' : formatFromName(path));
  if (!INPUT_FORMATS.includes(format)) throw new UsageError(`unknown input format "${format}"; expected one of ${INPUT_FORMATS.join(', ')}`);
  // A bad encoding name is a usage error before any reading.
  const decoder = opts.encoding === undefined ? undefined : decoderFor(opts.encoding);
  const stream = await openInput(path, stdin, opts.onBytes);
  const where = path === '-' ? 'stdin' : path;
  const chunks = utf8Chunks(stream, decoder, opts.encoding === undefined);
  if (format === 'csv') yield* readCsv(lineBatches(chunks), opts, where);
  else if (format === 'text') yield* readText(lineBatches(chunks));
  else if (format === 'tsv') yield* readTsv(lineBatches(chunks), opts, where);
  else yield* readJsonl(lineBatches(chunks), opts);
}
