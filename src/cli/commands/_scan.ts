/**
 * The reading half shared by `campaigns` and `iocs`: read a dump with score's readers, score each row as `score`
 * does, feed risky rows to the campaign grouper, and remember each row's campaign node (for `--rows`); or read
 * shards' campaign records back (`--merge`). Progress bar and stderr summary as in `score`.
 */
import { poolOptions, type Context } from '../context.js';
import { readRecords, INPUT_FORMATS, type InputFormat } from '../../io/records.js';
import { readCampaignFiles } from '../../io/campaigns.js';
import { defaultModelPath, readModel } from '../../io/modelfile.js';
import { UsageError } from '../../io/errors.js';
import { intOption, numOption } from '../options.js';
import { NewSpaceCap, pinOldGenerationGrowth } from '../../batch/heap.js';
import { limitInlining } from '../../batch/jit.js';
import { Summary } from '../summary.js';
import { startProgress } from '../progress.js';
import { CampaignGrouper, DEFAULT_MAX_KEYS } from '../../campaigns/grouper.js';
import { BANDS } from '../../campaigns/minhash.js';
import type { Threshold } from '../../campaigns/member.js';
import { memberBatch, type MemberOutcome, type MemberSettings } from '../../batch/members.js';
import { ScoringPool } from '../../batch/pool.js';
import { BATCH_CHARS, BATCH_ROWS, toWorkItem, type WorkItem } from '../../batch/rows.js';
import { availableParallelism } from 'node:os';
import type { RiskLabel } from '../../model/evaluate.js';

export interface ScanOptions {
  input?: string;
  format?: string;
  encoding?: string;
  textColumn?: string;
  idColumn?: string;
  timeColumn?: string;
  model?: string;
  minLabel?: string;
  minScore?: string;
  minSize?: string;
  rowOffset?: string;
  maxKeys?: string;
  jobs?: string;
  merge?: string[];
  quiet?: boolean;
}

/** Each input row's id (when it is not its row number) and campaign node (−1: none), in input order. */
export class RowLog {
  nodes = new Int32Array(1 << 12);
  readonly ids = new Map<number, string>();
  count = 0;

  push(id: string, row: number, node: number): void {
    if (this.count === this.nodes.length) {
      const n = new Int32Array(this.nodes.length * 2);
      n.set(this.nodes);
      this.nodes = n;
    }
    if (id !== String(row)) this.ids.set(this.count, id);
    this.nodes[this.count++] = node;
  }

  /** The id of the i-th row (0-based), as the input gave it. */
  idOf(i: number): string {
    return this.ids.get(i) ?? String(i + 1);
  }
}

export interface Scan {
  readonly grouper: CampaignGrouper;
  readonly rows?: RowLog;
  readonly rowOffset: number;
  readonly minSize: number;
  readonly summary?: Summary;
  readonly firstError?: string;
}

const LABELS: readonly RiskLabel[] = ['low', 'medium', 'high'];

/**
 * `logRows`: remember each row's campaign (`--rows`); `keepIndicators`: count the indicators of every risky
 * message, also of campaigns too small to report (`iocs`).
 */
export async function scan(opts: ScanOptions, ctx: Context, logRows: boolean, defaultMinSize: number, keepIndicators = false): Promise<Scan> {
  const minSize = intOption(opts.minSize, '--min-size', 1, 1e9) ?? defaultMinSize;
  const maxKeys = intOption(opts.maxKeys, '--max-keys', 2 * BANDS, 2 ** 30) ?? DEFAULT_MAX_KEYS;
  const grouper = new CampaignGrouper({ maxKeys, keepSize: minSize, keepIndicators, stableNodes: logRows });
  if (opts.merge && opts.merge.length > 0) {
    if (opts.input !== undefined) throw new UsageError('give a dump with -i or campaign files with --merge, not both');
    if (logRows) throw new UsageError('--rows needs a dump (-i); merged campaign files have no rows');
    for await (const c of readCampaignFiles(opts.merge, ctx.stdin)) grouper.addCampaign(c);
    return { grouper, rowOffset: 0, minSize };
  }
  const format = opts.format as InputFormat | undefined;
  if (format !== undefined && !INPUT_FORMATS.includes(format)) throw new UsageError(`--format: expected one of ${INPUT_FORMATS.join(', ')}; found "${format}"`);
  const minLabel = (opts.minLabel ?? 'medium') as RiskLabel;
  if (!LABELS.includes(minLabel)) throw new UsageError(`--min-label: expected one of ${LABELS.join(', ')}; found "${opts.minLabel}"`);
  const th: Threshold = { minLabel, minScore: numOption(opts.minScore, '--min-score', 0, 1) ?? 0 };
  const rowOffset = intOption(opts.rowOffset, '--row-offset', 0, 1e15) ?? 0;
  let input = opts.input;
  if (input === undefined) {
    if (ctx.stdin.isTTY) throw new UsageError('nothing to read: give a dump with -i FILE (or - for stdin), or campaign files with --merge');
    input = '-';
  }
  if (opts.timeColumn !== undefined && (format ?? (input === '-' ? 'text' : /\.(csv|tsv|tab|jsonl|ndjson)(\.gz)?$/i.test(input) ? 'table' : 'text')) === 'text') {
    throw new UsageError('--time-column needs CSV, TSV or JSONL input');
  }
  const jobs = intOption(opts.jobs, '--jobs', 1, 256) ?? availableParallelism();
  const cap = new NewSpaceCap();
  try {
    // Scored as `score` scores: on `jobs` threads, the weights shared with the workers; the grouper itself runs
    // here, on the members in input order.
    const model = readModel(opts.model ?? defaultModelPath(), { shared: jobs > 1 });
    const progress = !opts.quiet && ctx.stderr.isTTY && input !== '-' ? startProgress(ctx.stderr, input) : undefined;
    const timeColumn = opts.timeColumn;
    const records = readRecords(input, {
      format,
      textColumn: opts.textColumn,
      idColumn: opts.idColumn,
      encoding: opts.encoding,
      onBytes: progress?.bytes,
      ...(timeColumn !== undefined ? { requiredColumns: [timeColumn] } : {}),
    }, ctx.stdin);
    const rows = logRows ? new RowLog() : undefined;
    const summary = new Summary();
    let firstError: string | undefined;
    const settings: MemberSettings = { threshold: th, rowOffset, ...(timeColumn !== undefined ? { timeColumn } : {}) };
    const take = (outcomes: readonly MemberOutcome[]) => {
      for (const o of outcomes) {
        if (o.label === null) firstError ??= o.error;
        summary.add(o.label, o.lang);
        const node = o.member ? grouper.add(o.member) : -1;
        rows?.push(o.id, o.row, node);
        progress?.row();
      }
    };
    const afterRow = () => cap.row();
    const pool = jobs > 1 ? ScoringPool.start(jobs, model, { kind: 'members', settings } as const, (b) => take(b.rows), poolOptions(ctx, input)) : undefined;
    // --jobs given: that many threads from the first batch; by default, only as many as the input repays.
    if (pool && opts.jobs !== undefined) await pool.whenReady();
    try {
      let batch: WorkItem[] = [];
      let chars = 0;
      const flush = async () => {
        if (pool) await pool.submit(batch);
        else take(memberBatch(model, batch, settings, afterRow));
        batch = [];
        chars = 0;
      };
      for await (const rec of records) {
        batch.push(toWorkItem(rec, timeColumn !== undefined ? [timeColumn] : []));
        chars += rec.text?.length ?? 0;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
      }
      if (batch.length > 0) await flush();
    } finally {
      await pool?.close();
      progress?.stop();
    }
    return { grouper, rows, rowOffset, minSize, summary, firstError };
  } finally {
    cap.release();
  }
}

/**
 * Run a command with the old generation's growth pinned (as `score` does) from reading to the last line written:
 * building and writing the records allocates as much as the grouper holds, and with V8's own growth the heap
 * then balloons (1M-row bench dump: ~370 MB peak RSS, against ~230 MB during the scan).
 */
export async function withPinnedHeap<T>(f: () => Promise<T>): Promise<T> {
  const restore = pinOldGenerationGrowth();
  const restoreInlining = limitInlining(); // src/batch/jit.ts
  try {
    return await f();
  } finally {
    restore();
    restoreInlining();
  }
}

/** What the grouper held, and what its sweeps forgot when the budget was reached. */
export function memoryLine(g: CampaignGrouper): string {
  const held = `${g.keys} band keys held (--max-keys ${g.maxKeys})`;
  if (g.sweeps === 0) return held;
  return `${held}; ${g.sweeps} sweep${g.sweeps === 1 ? '' : 's'} forgot ${g.forgotten} keys not hit in the last ${Math.floor(g.maxKeys / 2 / BANDS)} messages and dropped ${g.dropped} messages in campaigns too small to report (approximate beyond the budget: docs/campaigns.md)`;
}

/** The closing stderr lines and exit code, as `score` ends. */
export function finish(s: Scan, ctx: Context, quiet: boolean | undefined, what: string): number {
  if (s.summary && !quiet) ctx.stderr.write(s.summary.render() + '\n' + what + '\n');
  if (s.summary && s.summary.errors > 0) {
    ctx.stderr.write(`scamscan: ${s.summary.errors} row${s.summary.errors === 1 ? '' : 's'} could not be scored${s.firstError ? ` (first: ${s.firstError})` : ''}\n`);
    return 1;
  }
  return 0;
}
