/** What the first bytes of an input say: binary data, or the format of a file whose name does not tell it. */
import type { InputFormat } from './input-record.js';

/** How much of an input's first chunk is looked at for NUL bytes. */
export const SNIFF_BYTES = 8192;

/** Text has no NUL bytes, or a stray one; binary data (a model, an image, an archive) has several, most near its start. */
export function looksBinary(head: Buffer): boolean {
  let nul = 0;
  const end = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) {
    if (head[i] !== 0) continue;
    nul++;
    if (nul >= 8 || (nul >= 3 && i < 1024)) return true;
  }
  return false;
}

/**
 * The format of decoded input from its first line: JSONL when it is a JSON object, TSV or CSV when it is a
 * header holding the text column, else plain text.
 */
export function sniffFormat(head: Buffer, textColumn: string): InputFormat {
  const nl = head.indexOf(0x0a);
  const first = head.toString('utf8', 0, nl < 0 ? head.length : nl).replace(/\r$/, '');
  if (first.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(first);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return 'jsonl';
    } catch {
      // not JSON: read on
    }
  }
  if (first.split('\t').includes(textColumn)) return 'tsv';
  if (first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')).includes(textColumn)) return 'csv';
  return 'text';
}

/**
 * The first chunk of `chunks` (a file's first 64 KiB; on a pipe whatever has arrived, so that a line-by-line
 * feed is not held back), and all the chunks again.
 */
export async function peek(chunks: AsyncIterable<Buffer>): Promise<{ head: Buffer; chunks: AsyncGenerator<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* again(): AsyncGenerator<Buffer> {
    if (first.done) return;
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, chunks: again() };
}
