/**
 * Opening an input: a path or `-` (stdin) as a byte stream, gzip recognised by its magic bytes, then decoded
 * to UTF-8 bytes (`--encoding`, a UTF-16 byte-order mark) with any byte-order mark removed.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { fsProblem, UsageError, UserError } from './errors.js';

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

/** Whether `bytes` start with gzip's magic number (how `openInput` recognises compressed input). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Whether `path` names an existing directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The size of the file at `path` in bytes, or undefined when it cannot be read. */
export function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/**
 * The size in bytes of the data `path` holds, when it is known before reading: a regular file that is not
 * gzip-compressed, named by `path` or redirected to stdin (`-`); undefined for a pipe or device, a gzip file, or
 * a file that cannot be read.
 */
export function plainFileSize(path: string): number | undefined {
  try {
    // stdin redirected from a file (`< dump.txt`) is a file too; reading its head below leaves its offset alone.
    const st = path === '-' ? fstatSync(0) : statSync(path);
    if (!st.isFile()) return undefined;
    const fd = path === '-' ? 0 : openSync(path, 'r');
    try {
      const magic = Buffer.alloc(2);
      return isGzip(magic.subarray(0, readSync(fd, magic, 0, 2, 0))) ? undefined : st.size;
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Whether `path` names an existing regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Open a path (or `-` for stdin) as a byte stream, gunzipping when the data starts with the gzip magic. */
export async function openInput(path: string, stdin: Readable = process.stdin, onBytes?: (n: number) => void): Promise<Readable> {
  let src: Readable;
  if (path === '-') src = stdin;
  else {
    // Opening a directory succeeds and only the first read fails: refuse it here, in words.
    if (isDirectory(path)) throw new UserError(`${path}: cannot read: is a directory; give a file`);
    src = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      src.once('open', () => resolve());
      src.once('error', (e: NodeJS.ErrnoException) => reject(new UserError(`${path}: cannot read: ${fsProblem(e)}`)));
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
      reject(new UserError(`${path}: cannot read: ${fsProblem(e)}`));
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
  const gz = isGzip(first);
  const sink: NodeJS.WritableStream = gz ? createGunzip() : out;
  if (gz) {
    const gunzip = sink as ReturnType<typeof createGunzip>;
    gunzip.on('error', (e) => out.destroy(new UserError(`${path}: not valid gzip data: ${e.message}`)));
    gunzip.pipe(out);
  }
  src.on('error', (e) => out.destroy(new UserError(`${path}: cannot read: ${fsProblem(e)}`)));
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
export async function* utf8Chunks(stream: Readable, given: TextDecoder | undefined, utf16Mark: boolean): AsyncGenerator<Buffer> {
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
