/**
 * Order-preserving parallel scoring: `jobs` scoring threads, the calling thread and `jobs − 1` workers. Items go
 * out in batches with a sequence number; each worker keeps up to two batches queued, and a batch that finds
 * every worker's queue full is scored right here, between reads and writes. Results are released strictly in
 * sequence order. At most `2 × jobs` batches are unreleased at any time, so memory stays bounded whatever the
 * input size (the reader waits: back-pressure).
 *
 * Why the calling thread scores too: its own work (reading, parsing, writing) is a small fraction of scoring,
 * and on a machine with as many cores as scoring threads an extra isolate costs memory without adding a core.
 */
import { Worker } from 'node:worker_threads';
import { processBatch, type RowSettings, type ScoredBatch, type WorkItem } from './rows.js';
import { memberBatch, type MemberOutcome, type MemberSettings } from './members.js';
import { UserError } from '../io/errors.js';
import { NewSpaceCap, startWorkersAtFullYoungGeneration } from './heap.js';
import type { Model } from '../model/format.js';

export type { ScoredBatch } from './rows.js';

/**
 * What every scoring thread does with a batch: `score`'s output lines, or `campaigns`' members. Posted to the
 * workers as data; `runTask` is the one dispatch, on whichever thread.
 */
export type Task = { readonly kind: 'score'; readonly settings: RowSettings } | { readonly kind: 'members'; readonly settings: MemberSettings };
export type TaskResult<T extends Task> = T extends { kind: 'score' } ? ScoredBatch : { readonly rows: MemberOutcome[] };

export function runTask<T extends Task>(model: Model, task: T, items: readonly WorkItem[], afterRow?: () => void): TaskResult<T> {
  return (task.kind === 'score' ? processBatch(model, items, task.settings, afterRow) : { rows: memberBatch(model, items, task.settings, afterRow) }) as TaskResult<T>;
}

/** Batches each worker may hold (one being scored, one waiting), so it never idles between replies. */
const WORKER_QUEUE = 2;

type Reply<R> = R & { seq: number };

const WORKER_OLD_MB = 96;

export class ScoringPool<T extends Task = Task> {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Reply<TaskResult<T>>>();
  private nextOut = 0;
  private nextSeq = 0;
  private inFlight = 0;
  /** Batches scored on the calling thread so far (the rest went to workers). */
  scoredHere = 0;
  private waiters: Array<() => void> = [];
  /** Holds this thread's young generation at its cap while it scores (src/batch/heap.ts). */
  private readonly cap = new NewSpaceCap();
  private readonly afterRow = () => this.cap.row();
  private failure: Error | undefined;

  private constructor(
    private readonly jobs: number,
    private readonly model: Model,
    private readonly task: T,
    private readonly emit: (b: TaskResult<T>) => Promise<void> | void,
  ) {}

  /**
   * Score on `jobs` threads: this one and `jobs − 1` workers sharing `model` (read with `{ shared: true }`, so
   * its weights are shared, not copied); waits until every worker is ready.
   */
  static async start<T extends Task>(jobs: number, model: Model, task: T, emit: (b: TaskResult<T>) => Promise<void> | void): Promise<ScoringPool<T>> {
    const pool = new ScoringPool<T>(jobs, model, task, emit);
    // The compiled worker, found the same way from src/batch (tests) and dist/batch (installed).
    const url = new URL('../../dist/batch/worker.js', import.meta.url);
    const ready: Array<Promise<void>> = [];
    // Each worker's young generation starts at its cap (the main thread's cap freezes growth process-wide); the
    // setting is read as each worker sets up its heap, so it stays until every worker has answered.
    const restoreYoungGeneration = startWorkersAtFullYoungGeneration();
    try {
      for (let i = 0; i < jobs - 1; i++) {
        // Bounded heaps, because scoring keeps little alive but V8 lets an unbounded heap grow far past that
        // between collections (sizes chosen in bench/RESULTS.md, "Figures behind source comments"); the largest
        // message scored (100,000 characters, --explain) stays far below the cap (test/cli/batch.test.ts).
        const w = new Worker(url, { workerData: { model, task }, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: WORKER_OLD_MB } });
        ready.push(new Promise<void>((resolve, reject) => {
          const first = (m: { ready?: true; loadError?: string }) => {
            if ('loadError' in m && m.loadError !== undefined) reject(new UserError(m.loadError));
            else {
              w.on('message', (r: Reply<TaskResult<T>>) => pool.onReply(i, r));
              resolve();
            }
          };
          w.once('message', first);
          w.once('error', reject);
        }));
        w.on('error', (e: Error & { code?: string }) =>
          pool.fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserError(`a scoring thread ran out of memory (${WORKER_OLD_MB} MB heap); score this input with --jobs 1`) : e),
        );
        pool.workers.push(w);
        pool.load.push(0);
      }
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(pool.workers.map((w) => w.terminate()));
      throw e;
    } finally {
      restoreYoungGeneration();
    }
    return pool;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w();
  }

  private onReply(worker: number, r: Reply<TaskResult<T>>): void {
    this.load[worker]--;
    this.pending.set(r.seq, r);
    this.scheduleRelease();
  }

  private drainReady: Promise<void> = Promise.resolve();

  /** Release whatever is ready, after any release already under way (writes stay in order). */
  private scheduleRelease(): void {
    this.drainReady = this.drainReady.then(() => this.release()).catch((e: Error) => this.fail(e));
  }

  private async release(): Promise<void> {
    let r: Reply<TaskResult<T>> | undefined;
    while ((r = this.pending.get(this.nextOut)) !== undefined) {
      this.pending.delete(this.nextOut);
      this.nextOut++;
      await this.emit(r);
      this.inFlight--;
      const w = this.waiters.shift();
      if (w) w();
    }
  }

  /** Queue a batch; resolves when there is room for another. */
  async submit(items: WorkItem[]): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inFlight >= this.jobs * 2) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.failure) throw this.failure;
    }
    let best = -1;
    for (let i = 0; i < this.load.length; i++) if (this.load[i] < WORKER_QUEUE && (best < 0 || this.load[i] < this.load[best])) best = i;
    this.inFlight++;
    const seq = this.nextSeq++;
    if (best >= 0) {
      this.load[best]++;
      this.workers[best].postMessage({ seq, items });
    } else {
      this.scoredHere++;
      this.pending.set(seq, { seq, ...runTask(this.model, this.task, items, this.afterRow) });
      this.scheduleRelease();
    }
  }

  /** Wait for every batch to be released, then stop the workers. */
  async close(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.drainReady;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.cap.release();
    if (this.failure) throw this.failure;
  }
}
