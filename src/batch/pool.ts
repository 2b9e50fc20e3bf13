/**
 * Order-preserving parallel scoring: `jobs` scoring threads, the calling thread and `jobs − 1` workers. Items go
 * out in batches with a sequence number; each worker keeps up to two batches queued, and a batch that finds
 * every worker's queue full is scored right here, between reads and writes. Results are released strictly in
 * sequence order. At most `2 × jobs` batches are unreleased at any time, so memory stays bounded whatever the
 * input size (the reader waits: back-pressure).
 *
 * Workers start in the background, and only for a long input (`startsWorkers`): a worker thread takes ~60–120 ms
 * to set up (Node's own bootstrap, then the scoring code), which this thread need not wait for since it scores
 * meanwhile, and then compiles the scoring code over again, which only a long input repays.
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

export interface PoolOptions {
  /** Told why a worker could not start (scoring goes on without it). */
  readonly warn?: (message: string) => void;
  /** Size of the input in bytes, when known before reading it (a plain file); undefined for a pipe or gzip. */
  readonly inputBytes?: number;
}

/**
 * Worker threads pay for themselves only on long inputs: each sets up its own isolate and compiles the scoring
 * code again (on two cores, ~1–2 s of CPU time that competes with this thread), so on a dump of 50,000 short
 * messages (~4–5 MB) two threads finished later than one, and from ~12 MB on they finish sooner
 * (bench/RESULTS.md, "2026-12-07, later"). A file of known size starts them at once if it is large enough;
 * input of unknown size (a pipe, gzip) once this many characters have been read.
 */
export const WORKER_MIN_BYTES = 8 << 20;
export const WORKER_MIN_CHARS = 2_000_000;

/** Whether to start the workers before batch `seq` (0-based), `chars` characters into the input. */
export function startsWorkers(seq: number, inputBytes: number | undefined, chars: number): boolean {
  return inputBytes !== undefined ? inputBytes >= WORKER_MIN_BYTES : seq >= 1 && chars >= WORKER_MIN_CHARS;
}

function charsOf(items: readonly WorkItem[]): number {
  let n = 0;
  for (const it of items) n += it.text?.length ?? 0;
  return n;
}

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
    private readonly warn: (message: string) => void,
    private readonly inputBytes: number | undefined,
  ) {}

  /**
   * Score on `jobs` threads: this one and up to `jobs − 1` workers sharing `model` (read with `{ shared: true }`,
   * so its weights are shared, not copied). Returns at once. Workers start only for an input long enough to pay
   * for them (`startsWorkers`), in the background, and take batches as each becomes ready; until then, and if
   * one cannot start (`warn` says so), this thread scores.
   */
  static start<T extends Task>(jobs: number, model: Model, task: T, emit: (b: TaskResult<T>) => Promise<void> | void, opts: PoolOptions = {}): ScoringPool<T> {
    return new ScoringPool<T>(jobs, model, task, emit, opts.warn ?? (() => {}), opts.inputBytes);
  }

  /** Workers started so far (0 until the input proved long enough). */
  get workersStarted(): number {
    return this.workers.length;
  }

  /** Start the workers now (if not yet) and wait until each is ready or has failed to start. */
  async whenReady(): Promise<void> {
    this.startWorkers();
    await Promise.all(this.starting);
  }

  private readonly starting: Array<Promise<void>> = [];
  /** Characters of text submitted so far. */
  private chars = 0;
  private workersTried = false;

  private startWorkers(): void {
    if (this.workersTried || this.jobs < 2) return;
    this.workersTried = true;
    // The compiled worker, found the same way from src/batch (tests) and dist/batch (installed).
    const url = new URL('../../dist/batch/worker.js', import.meta.url);
    // Each worker's young generation starts at its cap (the main thread's cap freezes growth process-wide); the
    // setting is read as each worker sets up its heap, so it stays until every worker has answered.
    const restoreYoungGeneration = startWorkersAtFullYoungGeneration();
    for (let n = 0; n < this.jobs - 1; n++) {
      // Bounded heaps, because scoring keeps little alive but V8 lets an unbounded heap grow far past that
      // between collections (sizes chosen in bench/RESULTS.md, "Figures behind source comments"); the largest
      // message scored (100,000 characters, --explain) stays far below the cap (test/cli/batch.test.ts).
      let w: Worker;
      try {
        w = new Worker(url, { workerData: { model: this.model, task: this.task }, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: WORKER_OLD_MB } });
      } catch (e) {
        this.warn(`a scoring thread could not start (${(e as Error).message}); scoring on the others`);
        continue;
      }
      const i = this.workers.length;
      this.workers.push(w);
      // Not ready (no batches) until its first message says so.
      this.load.push(WORKER_QUEUE);
      let ready = false;
      this.starting.push(new Promise<void>((resolve) => {
        // A thread that cannot start takes no batches: the others (and this thread) score its share.
        const lost = (why: string) => {
          this.warn(`a scoring thread could not start (${why}); scoring on the others`);
          void w.terminate();
          resolve();
        };
        w.once('message', (m: { ready?: true; loadError?: string }) => {
          if (m.loadError !== undefined) return lost(m.loadError);
          ready = true;
          this.load[i] = 0;
          w.on('message', (r: Reply<TaskResult<T>>) => this.onReply(i, r));
          resolve();
        });
        w.on('error', (e: Error & { code?: string }) => {
          if (!ready) return lost(e.message);
          this.fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserError(`a scoring thread ran out of memory (${WORKER_OLD_MB} MB heap); score this input with --jobs 1`) : e);
        });
        // Terminated by close() before it was ready (a short input).
        w.once('exit', () => resolve());
      }));
    }
    void Promise.all(this.starting).then(restoreYoungGeneration);
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
    this.chars += charsOf(items);
    if (!this.workersTried && startsWorkers(this.nextSeq, this.inputBytes, this.chars)) this.startWorkers();
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
    await Promise.all(this.starting);
    this.cap.release();
    if (this.failure) throw this.failure;
  }
}
