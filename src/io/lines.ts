/** Splitting decoded input into lines, each checked as UTF-8 and bounded in length. */
import { isUtf8 } from 'node:buffer';

/** What an error record says about a row whose bytes are not UTF-8 (the usual cause: a legacy encoding). */
export const NOT_UTF8 = 'not valid UTF-8 (if the input is in another encoding, pass --encoding, e.g. gb18030, big5, windows-874 or utf-16le)';

/** Longest line read (bytes); a longer one becomes an error record, so a file without newlines cannot fill memory. */
export const MAX_LINE_BYTES = 4 << 20;

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
export async function* lineBatches(chunks: AsyncIterable<Buffer>): AsyncGenerator<Array<string | BadLine>> {
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
