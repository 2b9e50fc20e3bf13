/**
 * Buffered writing to an output stream with back-pressure: lines are batched (up to `batchBytes`; 0 writes every
 * line at once), and writing waits on 'drain'.
 */
import { Buffer } from 'node:buffer';
import type { Writable } from 'node:stream';

const EMPTY = Buffer.alloc(0);

/**
 * Lines encoded to UTF-8 as they arrive, each followed by a newline: a line built by `JSON.stringify` is a rope
 * of string parts, cheapest to flatten while its parts are still in cache, and the stream then gets bytes
 * rather than a string to encode (bench/RESULTS.md, "Figures behind source comments").
 */
export class LineBytes {
  private buf = EMPTY;
  private len = 0;

  constructor(private readonly initialBytes = 1 << 16) {}

  /** Bytes held. */
  get length(): number {
    return this.len;
  }

  add(line: string): void {
    const need = this.len + 3 * line.length + 1; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.initialBytes, 2 * this.buf.length));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.len += this.buf.write(line, this.len, 'utf8');
    this.buf[this.len++] = 0x0a;
  }

  /** The bytes so far, handed over (their memory is not reused, so the array may be transferred to another thread). */
  take(): Uint8Array {
    if (this.len === 0) return new Uint8Array(0); // never a view of the shared empty buffer
    const out = this.buf.subarray(0, this.len);
    this.buf = EMPTY; // the next line allocates
    this.len = 0;
    return out;
  }
}

export class LineSink {
  private readonly pending: LineBytes;
  constructor(private readonly out: Writable, private readonly batchBytes = 1 << 16) {
    this.pending = new LineBytes(Math.max(batchBytes, 1 << 10));
  }

  /** Queue a line; resolves once the stream can take more. */
  async line(s: string): Promise<void> {
    this.pending.add(s);
    if (this.pending.length >= this.batchBytes) await this.flush();
  }

  /** Write raw text (e.g. a BOM) before any line. */
  async raw(s: string): Promise<void> {
    await this.flush();
    this.out.write(s);
  }

  /** Write a chunk of already encoded, newline-terminated lines (a scored batch from a worker thread). */
  async bytes(chunk: Uint8Array): Promise<void> {
    await this.flush();
    await this.write(chunk);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.write(this.pending.take());
  }

  private async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.out.write(chunk)) await new Promise<void>((resolve, reject) => {
      const onDrain = () => { this.out.off('error', onError); resolve(); };
      const onError = (e: Error) => { this.out.off('drain', onDrain); reject(e); };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
  }
}
