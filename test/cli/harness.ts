/** Runs the CLI in-process with injected streams (no subprocess), capturing stdout, stderr and the exit code. */
import { PassThrough, Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  chunks: Buffer[] = [];
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export async function run(args: string[], stdin?: string | Buffer, terminal: { tty?: boolean; color?: boolean } = {}): Promise<RunResult> {
  const out = new Capture();
  out.isTTY = terminal.tty ?? false;
  const err = new Capture();
  const input: Readable & { isTTY?: boolean } = stdin === undefined ? Object.assign(new PassThrough(), { isTTY: true }) : Readable.from([Buffer.from(stdin)]);
  if (stdin === undefined) (input as PassThrough).end();
  const code = await main(args, { stdin: input, stdout: out, stderr: err, color: terminal.color ?? false });
  return { code, stdout: out.text(), stderr: err.text() };
}
