/**
 * The entry point: parse, run the command, map errors to exit codes. The only place that sets the exit code.
 * Exit codes: 0 success; 1 input or model error (or rows that could not be scored); 2 usage error;
 * 130/143 interrupted by SIGINT/SIGTERM; 70 a bug.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { processContext, type Context } from './context.js';
import { UserError } from '../io/errors.js';
import { preloadEsmDependencies } from '../load.js';
import { SIGNAL_EXIT, undoPending } from './interrupt.js';

/** Run the CLI with the given arguments (without node and script) and context; returns the exit code. */
export async function main(argv: string[], ctx: Context = processContext()): Promise<number> {
  const { program, result } = buildProgram(ctx);
  await preloadEsmDependencies(); // only on a Node that cannot require ES modules (before 20.19)
  if (argv.length === 0) {
    // No command: the usage on stderr and a usage error, so a script that forgot its arguments fails.
    ctx.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!result.run) return 0;
    return await result.run(ctx);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are successes; everything else commander rejects is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UserError) {
      ctx.stderr.write(`scamscan: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'EPIPE') return 0;
    ctx.stderr.write(`scamscan: internal error (a bug; please report it):\n${err?.stack ?? String(e)}\n`);
    return 70;
  }
}

/** Run as a program: wire process streams and signals, set the exit code. The one place that exits the process. */
export function run(): void {
  // A closed pipe (`| head`): stop quietly, leaving the terminal as it was.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') return;
    undoPending();
    process.exit(0);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      undoPending();
      process.stderr.write(`scamscan: interrupted by ${signal}; no partial output file was left\n`);
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`scamscan: internal error: ${(e as Error).stack}\n`);
      process.exitCode = 70;
    },
  );
}
