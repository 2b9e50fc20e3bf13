/** What a command gets from the outside world: streams and terminal facts, injected so tests need no subprocess. */
import type { Readable, Writable } from 'node:stream';
import type { PoolOptions } from '../batch/pool.js';
import { plainFileSize } from '../io/records.js';

export interface Context {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Colour allowed on stdout (see colorAllowed). */
  readonly color: boolean;
  /** Width of the terminal on stdout in columns, when it is one. */
  readonly columns?: number;
}

/**
 * Colour on stdout: FORCE_COLOR=0/false turns it off and any other FORCE_COLOR value on; otherwise only on a
 * terminal that is not TERM=dumb, and not when NO_COLOR is set (no-color.org).
 */
export function colorAllowed(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

export function processContext(): Context {
  const tty = Boolean(process.stdout.isTTY);
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, color: colorAllowed(process.env, tty), columns: tty ? process.stdout.columns : undefined };
}

/**
 * How a batch command's scoring pool is told about its input: warnings on stderr, and the input's size when it
 * is known before reading (a plain file, or this process's stdin redirected from one; not a test's stream).
 */
export function poolOptions(ctx: Context, input: string): PoolOptions {
  return {
    warn: (m) => ctx.stderr.write(`scamscan: warning: ${m}\n`),
    inputBytes: input === '-' && ctx.stdin !== process.stdin ? undefined : plainFileSize(input),
  };
}
