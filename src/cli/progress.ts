/** A progress bar on stderr (cli-progress), by bytes of input read, with rate and ETA. Only on a terminal. */
import type { Writable } from 'node:stream';
import type cliProgressModule from 'cli-progress';
import { loadDependency } from '../load.js';
import { fileSize } from '../io/records.js';

export interface Progress {
  bytes: (n: number) => void;
  row: () => void;
  stop: () => void;
}

export function startProgress(stderr: Writable, path: string): Progress | undefined {
  const total = fileSize(path);
  if (total === undefined) return undefined;
  // Loaded only when a bar is shown (a terminal), not by every run.
  const cliProgress = loadDependency<typeof cliProgressModule>('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: stderr as NodeJS.WritableStream, format: 'scoring [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let read = 0;
  let rows = 0;
  const t0 = Date.now();
  bar.start(total, 0, { rows: 0, rate: 0 });
  return {
    bytes: (n) => {
      read += n;
    },
    row: () => {
      rows++;
      if ((rows & 1023) === 0) bar.update(Math.min(read, total), { rows, rate: Math.round(rows / Math.max(0.001, (Date.now() - t0) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}
