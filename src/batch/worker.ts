/**
 * Worker thread: turns batches of work items into output lines with the model the pool posted to it (read once
 * by the main thread, weights in SharedArrayBuffers: not copied, not parsed again per thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preloadEsmDependencies } from '../load.js';
import type { Model } from '../model/format.js';
import { processItem, type RowSettings, type WorkItem } from './rows.js';

const { model, settings } = workerData as { model: Model; settings: RowSettings };
// Report readiness before any work arrives: the pool waits for every worker's answer, so a thread that cannot
// start is one error line before any output, not a crash in the middle of it.
try {
  await preloadEsmDependencies(); // only on a Node that cannot require ES modules (before 20.19)
  parentPort!.postMessage({ ready: true });
} catch (e) {
  parentPort!.postMessage({ loadError: (e as Error).message });
  process.exit(0);
}

// Each batch goes back as one UTF-8 chunk (its lines, each ending in a newline), transferred rather than copied:
// the main thread then only writes bytes, instead of cloning, joining and encoding every line itself (which,
// on a machine with as many cores as scoring threads, took CPU from the scoring threads).
const encoder = new TextEncoder();
parentPort!.on('message', (msg: { seq: number; items: WorkItem[] }) => {
  const lines: string[] = [];
  const labels: Array<string | null> = [];
  const langs: Array<string | null> = [];
  for (const item of msg.items) {
    const o = processItem(model, item, settings);
    lines.push(o.line);
    labels.push(o.label);
    langs.push(o.lang);
  }
  lines.push('');
  const chunk = encoder.encode(lines.join('\n'));
  parentPort!.postMessage({ seq: msg.seq, chunk, labels, langs }, [chunk.buffer]);
});
