/**
 * `scamscan score`: score messages given as arguments, or a file/stdin in batch — one output row per input row,
 * in input order — on worker threads (`--jobs`), with a progress bar on a terminal, a summary on stderr and
 * CI conditions (`--fail-on`, `--max-rate`).
 */
import { availableParallelism } from 'node:os';
import { poolOptions, type Context } from '../context.js';
import { isFile, readRecords, INPUT_FORMATS, type InputFormat, type InputRecord } from '../../io/records.js';
import { defaultModelPath, readModel } from '../../io/modelfile.js';
import { LineSink } from '../../io/line-sink.js';
import { openOutput } from '../../io/output-file.js';
import { header, keptColumnNames, KEPT_PREFIX, OUTPUT_FORMATS, type OutputFormat } from '../../io/output-record.js';
import { UsageError } from '../../io/errors.js';
import { intOption, numOption } from '../options.js';
import { BATCH_CHARS, BATCH_ROWS, processItem, scoreItem, toWorkItem, type RowOutcome, type RowSettings, type WorkItem } from '../../batch/rows.js';
import { ScoringPool } from '../../batch/pool.js';
import { NewSpaceCap, pinOldGenerationGrowth } from '../../batch/heap.js';
import { limitInlining } from '../../batch/jit.js';
import { scoreHeader, scoreLayout, scoreRow } from '../render.js';
import { Summary } from '../summary.js';
import { startProgress } from '../progress.js';
import { onInterrupt } from '../interrupt.js';
import { explain } from '../../explain.js';
import { renderExplanation } from './explain.js';

export interface ScoreOptions {
  input?: string;
  format?: string;
  encoding?: string;
  output?: string;
  outputFile?: string;
  textColumn?: string;
  idColumn?: string;
  keepColumns?: string;
  model?: string;
  reasons?: number;
  jobs?: string;
  failOn?: string;
  maxRate?: string;
  bom?: boolean;
  quiet?: boolean;
  explain?: boolean;
  lineBuffered?: boolean;
}

const FAIL_ON = ['high', 'medium'] as const;

function choose<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}; found "${value}"`);
  return value as T;
}

/** The output format an --output-file name states (`.csv`, `.tsv`, else JSONL), ignoring a `.gz` suffix. */
function outputFormatOfName(path: string): Exclude<OutputFormat, 'table'> {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  return p.endsWith('.csv') ? 'csv' : p.endsWith('.tsv') || p.endsWith('.tab') ? 'tsv' : 'jsonl';
}

async function* fromArgs(texts: string[]): AsyncGenerator<InputRecord> {
  let row = 0;
  for (const t of texts) {
    row++;
    yield t.trim() === '' ? { row, id: String(row), error: `row ${row}: empty text` } : { row, id: String(row), text: t };
  }
}

export async function runScore(texts: string[], opts: ScoreOptions, ctx: Context): Promise<number> {
  // Batch mode: the old generation's growth is pinned before the model is read, whose garbage brings the first
  // full collection (src/batch/heap.ts).
  const restoreOldGrowth = texts.length === 0 ? pinOldGenerationGrowth() : undefined;
  // and the optimizing compiler's inlining budget lowered (src/batch/jit.ts)
  const restoreInlining = texts.length === 0 ? limitInlining() : undefined;
  try {
    return await scoreMessages(texts, opts, ctx);
  } finally {
    restoreOldGrowth?.();
    restoreInlining?.();
  }
}

async function scoreMessages(texts: string[], opts: ScoreOptions, ctx: Context): Promise<number> {
  const format = choose<InputFormat>(opts.format, INPUT_FORMATS, '--format');
  const toFile = opts.outputFile !== undefined && opts.outputFile !== '-';
  const output: OutputFormat = choose<OutputFormat>(opts.output, OUTPUT_FORMATS, '--output') ?? (toFile ? outputFormatOfName(opts.outputFile!) : ctx.stdout.isTTY ? 'table' : 'jsonl');
  const keepCols = opts.keepColumns ? opts.keepColumns.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const keepNames = keptColumnNames(keepCols);
  const clash = keepNames.find((n, i) => keepNames.indexOf(n) !== i);
  if (clash !== undefined) throw new UsageError(`--keep-columns: two kept columns would both be written as "${clash}" (a column named like an output field is written with the prefix ${KEPT_PREFIX})`);
  const reasons = opts.reasons ?? 3;
  if (!Number.isInteger(reasons) || reasons < 0 || reasons > 50) throw new UsageError(`--reasons: expected an integer 0–50; found "${opts.reasons}"`);
  // --line-buffered answers each row at once, so rows are not gathered into batches for worker threads.
  const jobs = intOption(opts.jobs, '--jobs', 1, 256) ?? (opts.lineBuffered ? 1 : availableParallelism());
  if (opts.lineBuffered && jobs > 1) throw new UsageError(`--line-buffered scores on one thread; found --jobs ${opts.jobs}`);
  const failOn = choose(opts.failOn, FAIL_ON, '--fail-on');
  const maxRate = numOption(opts.maxRate, '--max-rate', 0, 1) ?? 0;
  if (opts.maxRate !== undefined && !failOn) throw new UsageError('--max-rate needs --fail-on high|medium');
  if (texts.length > 0 && opts.input) throw new UsageError('give messages as arguments or an input with -i, not both');
  if (texts.length > 0 && opts.encoding !== undefined) throw new UsageError('--encoding applies to input read from a file or stdin; messages given as arguments are already text');
  // `score data/x.tsv` (without -i) scores the path as a message: say so, it is rarely what was meant.
  for (const t of texts) {
    if (!opts.quiet && !/\s/.test(t) && isFile(t)) ctx.stderr.write(`scamscan: warning: "${t}" is scored as a message, but it names a file; to score the file's rows: scamscan score -i ${t}\n`);
  }
  let input = opts.input;
  if (texts.length === 0 && input === undefined) {
    if (ctx.stdin.isTTY) throw new UsageError('nothing to score: give a message, -i FILE, or pipe messages to stdin (see scamscan score --help)');
    input = '-';
  }
  if (keepCols.length > 0 && (input === undefined || format === 'text' || (format === undefined && (input === '-' || /\.txt(\.gz)?$/i.test(input))))) {
    throw new UsageError('--keep-columns needs CSV, TSV or JSONL input');
  }
  if (opts.explain && (output === 'csv' || output === 'tsv')) throw new UsageError(`--explain: needs JSONL or table output; found -o ${output}`);
  const modelPath = opts.model ?? defaultModelPath();
  const batchMode = texts.length === 0;
  // With worker threads the main thread reads the model once, its weights in shared memory for the workers, and
  // scores alongside them between reading, ordering and writing rows (src/batch/pool.ts).
  const pooled = jobs > 1 && batchMode && output !== 'table';
  const model = readModel(modelPath, { shared: pooled });
  const settings: RowSettings = { output: output === 'table' ? 'jsonl' : output, keepColumns: keepCols, reasons, explain: opts.explain === true };
  // On a signal the temp output file goes and the bar gives the cursor and line wrap back. The output is opened
  // first, so that an output path that cannot be written leaves no bar behind.
  const out = toFile ? await openOutput(opts.outputFile!) : { stream: ctx.stdout, close: async () => {}, abort: () => {} };
  const forgetOutput = onInterrupt(() => out.abort());
  const progress = batchMode && !opts.quiet && ctx.stderr.isTTY && input !== '-' ? startProgress(ctx.stderr, input!) : undefined;
  const forgetProgress = progress ? onInterrupt(() => progress.stop()) : undefined;
  const records = batchMode ? readRecords(input!, { format, textColumn: opts.textColumn, idColumn: opts.idColumn, keepColumns: keepCols, encoding: opts.encoding, onBytes: progress?.bytes }, ctx.stdin) : fromArgs(texts);
  const sink = new LineSink(out.stream, opts.lineBuffered ? 0 : undefined);
  const summary = new Summary();
  if (opts.bom && output === 'csv') await sink.raw('\uFEFF');
  if (output === 'csv' || output === 'tsv') await sink.line(header(output, keepNames));

  // The first row that could not be read, named in the closing stderr line (a wrong encoding or a missing
  // column shows there without opening the output).
  let firstError: string | undefined;
  const item = (rec: InputRecord) => {
    if (rec.error !== undefined) firstError ??= rec.error;
    return toWorkItem(rec, keepCols, keepNames);
  };

  // Rows scored on this thread keep its young generation at the cap (src/batch/heap.ts; the pool has its own).
  const cap = batchMode ? new NewSpaceCap() : undefined;
  const emit = async (o: RowOutcome) => {
    cap?.row();
    summary.add(o.label, o.lang);
    progress?.row();
    await sink.line(o.line);
  };

  try {
    if (output === 'table') {
      const color = ctx.color && !toFile;
      const layout = scoreLayout(toFile ? undefined : ctx.columns, batchMode ? undefined : String(texts.length).length);
      await sink.line(scoreHeader(layout, color));
      for await (const rec of records) {
        const o = scoreItem(model, item(rec), reasons);
        cap?.row();
        summary.add(o.score?.label ?? null, o.score?.lang ?? null);
        await sink.line(scoreRow(o, rec.text, color, layout));
        if (opts.explain && rec.text !== undefined && o.score) await sink.line(renderExplanation(explain(model, rec.text, 10), color) + '\n');
      }
    } else {
      if (pooled) {
        const pool = ScoringPool.start(
          jobs,
          model,
          { kind: 'score', settings } as const,
          async (b) => {
            for (let i = 0; i < b.labels.length; i++) {
              summary.add(b.labels[i], b.langs[i]);
              progress?.row();
            }
            await sink.bytes(b.chunk);
          },
          poolOptions(ctx, input!),
        );
        // --jobs given: that many threads from the first batch; by default, only as many as the input repays.
        if (opts.jobs !== undefined) await pool.whenReady();
        let batch: WorkItem[] = [];
        let chars = 0;
        try {
          for await (const rec of records) {
            batch.push(item(rec));
            chars += rec.text?.length ?? 0;
            if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
              await pool.submit(batch);
              batch = [];
              chars = 0;
            }
          }
          if (batch.length > 0) await pool.submit(batch);
        } finally {
          await pool.close();
        }
      } else {
        for await (const rec of records) await emit(processItem(model, item(rec), settings));
      }
    }
    await sink.flush();
  } catch (e) {
    progress?.stop();
    out.abort();
    forgetProgress?.();
    forgetOutput();
    throw e;
  } finally {
    cap?.release();
  }
  progress?.stop();
  forgetProgress?.();
  await out.close();
  forgetOutput();

  let code = 0;
  if (batchMode && !opts.quiet) ctx.stderr.write(summary.render() + '\n');
  if (summary.errors > 0) {
    ctx.stderr.write(`scamscan: ${summary.errors} row${summary.errors === 1 ? '' : 's'} could not be scored (see the "error" field${firstError ? `; first: ${firstError}` : ''})\n`);
    code = 1;
  }
  if (failOn) {
    const hits = failOn === 'high' ? summary.labels.high : summary.labels.high + summary.labels.medium;
    const rate = summary.rows > 0 ? hits / summary.rows : 0;
    if (rate > maxRate) {
      ctx.stderr.write(`scamscan: --fail-on ${failOn}: ${hits} of ${summary.rows} rows (${(rate * 100).toFixed(1)}%) reached ${failOn} risk or above; --max-rate allows ${(maxRate * 100).toFixed(1)}%\n`);
      code = 1;
    }
  }
  return code;
}
