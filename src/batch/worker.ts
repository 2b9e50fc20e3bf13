/** Worker thread: loads the model once, then turns batches of work items into output lines. */
import { parentPort, workerData } from 'node:worker_threads';
import { readModel } from '../io/modelfile.js';
import { processItem, type RowSettings, type WorkItem } from './rows.js';

const { modelPath, settings } = workerData as { modelPath: string; settings: RowSettings };
const model = readModel(modelPath);

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
  parentPort!.postMessage({ seq: msg.seq, lines, labels, langs });
});
