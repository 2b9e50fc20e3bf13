/**
 * Record readers: plain text (one message per line), CSV, TSV and JSONL, from a file or stdin (`-`),
 * gzip-compressed input recognised by its magic bytes. Streaming: one record at a time, in input order.
 * A row that cannot be read becomes a record with `error` (and its row number), never a crash or a skip.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
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
  /**
   * Character encoding of the input (any name `TextDecoder` knows: `gb18030`, `big5`, `windows-874`,
   * `utf-16le`…). Default UTF-8, or UTF-16 when the input starts with a UTF-16 byte-order mark.
   */
  readonly encoding?: string;
}

/** What an error record says about a row whose bytes are not UTF-8 (the usual cause: a legacy encoding). */
export const NOT_UTF8 = 'not valid UTF-8 (if the input is in another encoding, pass --encoding, e.g. gb18030, big5, windows-874 or utf-16le)';

/** Longest line read (bytes); a longer one becomes an error record, so a file without newlines cannot fill memory. */
export const MAX_LINE_BYTES = 4 << 20;

/** The `TextDecoder` for an `--encoding` name, or a usage error naming what was expected. */
export function decoderFor(encoding: string): TextDecoder | undefined {
  let d: TextDecoder;
  try {
    d = new TextDecoder(encoding);
  } catch {
    throw new UsageError(`--encoding: expected an encoding name such as utf-8, gb18030, big5, windows-874 or utf-16le; found "${encoding}"`);
  }
  return d.encoding === 'utf-8' ? undefined : d;
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

/**
 * The input as UTF-8 bytes, without a byte-order mark: passed through, or decoded with `given` (the
 * `--encoding` decoder; undefined for UTF-8) — or, with `utf16Mark` (no encoding given), from UTF-16 when the
 * data starts with a UTF-16 byte-order mark, as Excel's "Unicode text" does — and re-encoded. The one place a
 * byte-order mark is removed: the parsers after it never see one.
 */
async function* utf8Chunks(stream: Readable, given: TextDecoder | undefined, utf16Mark: boolean): AsyncGenerator<Buffer> {
  let decoder = given;
  let head: Buffer | undefined; // the first bytes, while a byte-order mark may still follow
  let sniffing = decoder === undefined;
  let first = true; // no decoded text yet (a decoder for UTF-16 drops the mark itself; GB18030's reads as U+FEFF)
  const utf8 = (s: string): Buffer => {
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    return Buffer.from(s, 'utf8');
  };
  for await (const data of stream as AsyncIterable<Buffer>) {
    let chunk = data;
    if (sniffing) {
      if (head) chunk = Buffer.concat([head, chunk]);
      head = undefined;
      if (chunk.length < 3) {
        head = chunk;
        continue;
      }
      sniffing = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      else if (utf16Mark && chunk[0] === 0xff && chunk[1] === 0xfe) decoder = new TextDecoder('utf-16le');
      else if (utf16Mark && chunk[0] === 0xfe && chunk[1] === 0xff) decoder = new TextDecoder('utf-16be');
    }
    if (!decoder) yield chunk;
    else {
      const s = decoder.decode(chunk, { stream: true });
      if (s.length > 0) yield utf8(s);
    }
  }
  if (head) yield head; // an input of one or two bytes
  if (decoder) {
    const s = decoder.decode();
    if (s.length > 0) yield utf8(s);
  }
}

/** A line that could not be read: its bytes are not UTF-8, or it is longer than MAX_LINE_BYTES. */
export interface BadLine {
  readonly problem: string;
}

const TOO_LONG: BadLine = { problem: `line is longer than ${MAX_LINE_BYTES >> 20} MiB; not read` };
const INVALID: BadLine = { problem: NOT_UTF8 };

/** One line of `buf[start, end)` (a final CR dropped), or INVALID when its bytes are not UTF-8. */
function decodeLine(buf: Buffer, start: number, end: number): string | BadLine {
  if (end > start && buf[end - 1] === 0x0d) end--;
  return isUtf8(buf.subarray(start, end)) ? buf.toString('utf8', start, end) : INVALID;
}

/** The lines of `buf[0, end)`, which holds whole lines separated by LF. */
function splitLines(buf: Buffer, end: number, out: Array<string | BadLine>): void {
  // The usual case, checked and decoded in one pass each: \n cannot occur inside a multi-byte UTF-8 sequence,
  // so the region is valid exactly when every line in it is.
  if (isUtf8(buf.subarray(0, end))) {
    for (const line of buf.toString('utf8', 0, end).split('\n')) out.push(line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line);
    return;
  }
  for (let s = 0; ; ) {
    let e = buf.indexOf(0x0a, s);
    if (e < 0 || e > end) e = end;
    out.push(decodeLine(buf, s, e));
    if (e === end) return;
    s = e + 1;
  }
}

/**
 * The input's lines, in batches (one per chunk read). Lines end at LF; a CR before it is dropped (CRLF files),
 * a CR elsewhere is part of the line. Bytes are checked as UTF-8 per line: a line that is not UTF-8 comes out
 * as a BadLine instead of being decoded with replacement characters, and so does a line over MAX_LINE_BYTES
 * (skipped to its end without keeping it).
 */
async function* lineBatches(chunks: AsyncIterable<Buffer>): AsyncGenerator<Array<string | BadLine>> {
  let pending: Buffer[] = []; // the start of the current line, when it spans chunks
  let pendingBytes = 0;
  let skipping = false; // inside a line over MAX_LINE_BYTES
  for await (const chunk of chunks) {
    const out: Array<string | BadLine> = [];
    let from = 0;
    const firstLf = chunk.indexOf(0x0a);
    if (firstLf < 0) {
      if (!skipping) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes > MAX_LINE_BYTES) {
          skipping = true;
          pending = [];
          pendingBytes = 0;
        }
      }
      continue;
    }
    if (skipping || pendingBytes + firstLf > MAX_LINE_BYTES) {
      out.push(TOO_LONG);
      skipping = false;
      from = firstLf + 1;
    } else if (pending.length > 0) {
      const line = Buffer.concat([...pending, chunk.subarray(0, firstLf)]);
      out.push(decodeLine(line, 0, line.length));
      from = firstLf + 1;
    }
    pending = [];
    pendingBytes = 0;
    const lastLf = chunk.lastIndexOf(0x0a);
    if (lastLf >= from) splitLines(from === 0 ? chunk : chunk.subarray(from), lastLf - from, out);
    if (lastLf + 1 < chunk.length) {
      pending.push(chunk.subarray(lastLf + 1));
      pendingBytes = chunk.length - lastLf - 1;
    }
    if (out.length > 0) yield out;
  }
  if (skipping) yield [TOO_LONG];
  else if (pendingBytes > 0) {
    const line = Buffer.concat(pending);
    yield [decodeLine(line, 0, line.length)];
  }
}

/** The error record for a line that could not be read. */
function badLine(row: number, line: BadLine): InputRecord {
  return { row, id: String(row), error: `row ${row}: ${line.problem}` };
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

async function* readText(lines: AsyncIterable<Array<string | BadLine>>): AsyncGenerator<InputRecord> {
  let row = 0;
  for await (const batch of lines) {
    for (const line of batch) {
      row++;
      yield typeof line === 'string' ? checkText(row, String(row), line) : badLine(row, line);
    }
  }
}

async function* readTsv(lines: AsyncIterable<Array<string | BadLine>>, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  let header: string[] | undefined;
  let row = 0;
  for await (const batch of lines) {
    for (const line of batch) {
      if (!header) {
        if (typeof line !== 'string') throw new UserError(`${where}: header row: ${line.problem}`);
        header = line.split('\t');
        checkColumns(header, opts, where);
        continue;
      }
      row++;
      if (typeof line !== 'string') {
        yield badLine(row, line);
        continue;
      }
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
  }
  if (!header) checkColumns([], opts, where);
}

async function* readJsonl(lines: AsyncIterable<Array<string | BadLine>>, opts: ReadOptions): AsyncGenerator<InputRecord> {
  let row = 0;
  const textColumn = opts.textColumn ?? 'text';
  for await (const batch of lines) {
    for (const line of batch) {
      row++;
      if (typeof line !== 'string') {
        yield badLine(row, line);
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(line);
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
}

async function* readCsv(chunks: AsyncIterable<Buffer>, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  // Loaded on first use: single-message scoring never reads CSV and should not pay for the parser.
  const { parse: parseCsv } = await import('csv-parse');
  // Fields come back as bytes (encoding: null) so that each is checked as UTF-8 before it is decoded. The BOM is
  // already gone (utf8Chunks): csv-parse's own `bom` option would switch the output back to strings.
  const parser = Readable.from(chunks).pipe(parseCsv({ bom: false, encoding: null, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const raw of parser as AsyncIterable<Buffer[]>) {
      let utf8 = true;
      const cells: string[] = [];
      for (const b of raw) {
        if (!isUtf8(b)) utf8 = false;
        cells.push(b.toString('utf8'));
      }
      if (!header) {
        if (!utf8) throw new UserError(`${where}: header row: ${NOT_UTF8}`);
        header = cells;
        checkColumns(header, opts, where);
        continue;
      }
      row++;
      if (!utf8) {
        yield { row, id: String(row), error: `row ${row}: ${NOT_UTF8}` };
        continue;
      }
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
  // A bad encoding name is a usage error before any reading.
  const decoder = opts.encoding === undefined ? undefined : decoderFor(opts.encoding);
  const stream = await openInput(path, stdin, opts.onBytes);
  const where = path === '-' ? 'stdin' : path;
  const chunks = utf8Chunks(stream, decoder, opts.encoding === undefined);
  if (format === 'csv') yield* readCsv(chunks, opts, where);
  else if (format === 'text') yield* readText(lineBatches(chunks));
  else if (format === 'tsv') yield* readTsv(lineBatches(chunks), opts, where);
  else yield* readJsonl(lineBatches(chunks), opts);
}
