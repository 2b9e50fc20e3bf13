/**
 * Worker thread: turns batches of work items into output lines (or campaign members) with the model the pool
 * posted to it (read once by the main thread, weights in SharedArrayBuffers: not copied, not parsed again per
 * thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preloadEsmDependencies } from '../load.js';
import type { Model } from '../model/format.js';
import type { WorkItem } from './rows.js';
import { runTask, type Task } from './pool.js';

const { model, task } = workerData as { model: Model; task: Task };
// Report readiness before any work arrives: the pool gives a worker batches only once it has answered, and one
// that cannot start is a warning while the other threads score its share, not a crash in the middle of output.
try {
  await preloadEsmDependencies(); // only on a Node that cannot require ES modules (before 20.19)
  parentPort!.postMessage({ ready: true });
} catch (e) {
  parentPort!.postMessage({ loadError: (e as Error).message });
  process.exit(0);
}

parentPort!.on('message', (msg: { seq: number; items: WorkItem[] }) => {
  const b = runTask(model, task, msg.items);
  // Score output goes back as one transferred chunk; members are cloned.
  parentPort!.postMessage({ seq: msg.seq, ...b }, 'chunk' in b ? [b.chunk.buffer as ArrayBuffer] : []);
});
