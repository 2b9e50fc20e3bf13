/**
 * Buffered writing to an output stream with back-pressure: lines are batched (up to `batchBytes`; 0 writes every
 * line at once), and writing waits on 'drain'.
 */
import type { Writable } from 'node:stream';

export class LineSink {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable, private readonly batchBytes = 1 << 16) {}

  /** Queue a line; resolves once the stream can take more. */
  async line(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size >= this.batchBytes) await this.flush();
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
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    await this.write(chunk);
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
