/** What a command gets from the outside world: streams and terminal facts, injected so tests need no subprocess. */
import type { Readable, Writable } from 'node:stream';

export interface Context {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Colour allowed on stdout (TTY and no NO_COLOR). */
  readonly color: boolean;
}

export function processContext(): Context {
  const noColor = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, color: !noColor && Boolean(process.stdout.isTTY) };
}
