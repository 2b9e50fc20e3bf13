/**
 * Order-preserving parallel scoring on worker threads. Items go out in batches with a sequence number, to the
 * least-loaded worker; results are released strictly in sequence order. At most `2 × jobs` batches are in
 * flight, so memory stays bounded whatever the input size (the reader waits: back-pressure).
 */
import { Worker } from 'node:worker_threads';
import type { RowSettings, WorkItem } from './rows.js';
import type { RiskLabel } from '../model/evaluate.js';
import { UserError } from '../io/errors.js';
import type { Model } from '../model/format.js';

/** A scored batch: its output lines as one UTF-8 chunk (each line newline-terminated), and per row its label and language. */
export interface ScoredBatch {
  readonly chunk: Uint8Array;
  readonly labels: ReadonlyArray<RiskLabel | null>;
  readonly langs: ReadonlyArray<string | null>;
}

interface Reply extends ScoredBatch {
  seq: number;
}

const WORKER_OLD_MB = 96;

export class ScoringPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Reply>();
  private nextOut = 0;
  private nextSeq = 0;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;

  private constructor(private readonly emit: (b: ScoredBatch) => Promise<void> | void) {}

  /**
   * Start `jobs` workers sharing `model` (read with `{ shared: true }`, so its weights are shared, not copied)
   * and wait until every one is ready.
   */
  static async start(jobs: number, model: Model, settings: RowSettings, emit: (b: ScoredBatch) => Promise<void> | void): Promise<ScoringPool> {
    const pool = new ScoringPool(emit);
    // The compiled worker, found the same way from src/batch (tests) and dist/batch (installed).
    const url = new URL('../../dist/batch/worker.js', import.meta.url);
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < jobs; i++) {
      // Bounded heaps: scoring keeps little alive (the model, a few caches; ~20 MB), but V8 lets an unbounded
      // heap grow far past that between collections. A small young generation and a 96 MB old generation cut
      // --jobs 2 peak RSS from ~390 to ~225 MB on the 100k-row dump at no cost in speed (a 48 MB cap did cost:
      // collections every few batches). The largest message scored (100,000 characters, --explain) stays far
      // below the cap (test/cli/batch.test.ts).
      const w = new Worker(url, { workerData: { model, settings }, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: WORKER_OLD_MB } });
      ready.push(new Promise<void>((resolve, reject) => {
        const first = (m: Reply | { ready?: true; loadError?: string }) => {
          if ('loadError' in m && m.loadError !== undefined) reject(new UserError(m.loadError));
          else {
            w.on('message', (r: Reply) => pool.onReply(i, r));
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
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(pool.workers.map((w) => w.terminate()));
      throw e;
    }
    return pool;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w();
  }

  private onReply(worker: number, r: Reply): void {
    this.load[worker]--;
    this.pending.set(r.seq, r);
    this.drainReady = this.drainReady.then(() => this.release()).catch((e: Error) => this.fail(e));
  }

  private drainReady: Promise<void> = Promise.resolve();

  private async release(): Promise<void> {
    let r: Reply | undefined;
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
    while (this.inFlight >= this.workers.length * 2) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.failure) throw this.failure;
    }
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[best]) best = i;
    this.load[best]++;
    this.inFlight++;
    this.workers[best].postMessage({ seq: this.nextSeq++, items });
  }

  /** Wait for every batch to be released, then stop the workers. */
  async close(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.drainReady;
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.failure) throw this.failure;
  }
}
