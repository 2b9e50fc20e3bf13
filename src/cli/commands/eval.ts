/** `scamscan eval`: measure a model on the test split of labeled corpora (or all of an outside file). */
import type { Context } from '../context.js';
import { corpusName, readDataset } from '../../io/dataset.js';
import { writeFileAtomic } from '../../io/textfile.js';
import { htmlReport } from '../../report/html.js';
import { readModel } from '../../io/modelfile.js';
import { UsageError, UserError } from '../../io/errors.js';
import { evaluateTypeRows, leaveOneCorpusOut, prepare, scorePrepared, type LabeledRow, type LocoResult } from '../../model/train.js';
import { SCAM_TYPES } from '../../patterns/index.js';
import type { TypeEvaluation } from '../../model/types.js';
import { evaluate, type Evaluation } from '../../model/evaluate.js';
import { trainSettings, type GroupMetrics } from '../../model/format.js';
import type { InputFormat } from '../../io/records.js';
import { table } from '../render.js';

export interface EvalOptions {
  model?: string;
  split?: string;
  labelColumn?: string;
  textColumn?: string;
  format?: string;
  encoding?: string;
  json?: boolean;
  loco?: boolean;
  report?: string;
  typeColumn?: string;
  quiet?: boolean;
}

const SPLITS = ['test', 'validation', 'train', 'all'] as const;

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

function rows(title: string, groups: Record<string, GroupMetrics>): string[][] {
  return Object.entries(groups).map(([k, m]) => [`${title}${k}`, String(m.n), String(m.positives), f3(m.precision), f3(m.recall), f3(m.f1), f3(m.ap), f3(m.ece)]);
}

export function renderEvaluation(e: Evaluation, what: string, color: boolean): string {
  const head = ['group', 'n', 'pos', 'precision', 'recall', 'F1', 'AP', 'ECE'];
  const t = table([head, ...rows('', { all: e.overall }), ...rows('lang ', e.byLang), ...rows('corpus ', e.byCorpus)], color);
  const c = e.confusion;
  const rel = table(
    [['score bin', 'n', 'mean score', 'observed rate'], ...e.reliability.map((b) => [`${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`, String(b.n), b.predicted.toFixed(3), b.observed.toFixed(3)])],
    color,
  );
  const conf = table(
    [
      ['truth \\ label', 'high', 'medium', 'low'],
      ['scam/spam', String(c.positive.high), String(c.positive.medium), String(c.positive.low)],
      ['ham', String(c.negative.high), String(c.negative.medium), String(c.negative.low)],
    ],
    color,
  );
  return `Evaluation on ${what} (precision/recall/F1 at score ≥ 0.5; AP over the ranking; ECE over 10 bins)\n${t}\n\nConfusion (truth × risk label)\n${conf}\n\nReliability (calibrated score vs observed rate of scam/spam)\n${rel}`;
}

/** Per-type precision/recall on typed scam/spam rows, and the confusion gold type × predicted type. */
export function renderTypeEvaluation(t: TypeEvaluation, color: boolean): string {
  if (t.n === 0) return 'Scam types: no typed scam/spam messages to measure (a "scam_type" column gives them)';
  const head = ['type', 'gold n', 'predicted', 'precision', 'recall', 'F1'];
  const body = Object.entries(t.byType).map(([k, m]) => [k, String(m.n), String(m.predicted), f3(m.precision), f3(m.recall), f3(m.f1)]);
  const langs = Object.entries(t.byLang).map(([l, m]) => `${l} ${f3(m.accuracy)} (n=${m.n})`).join(', ');
  const golds = SCAM_TYPES.filter((x) => t.confusion[x]);
  const preds = SCAM_TYPES.filter((x) => golds.some((g) => t.confusion[g]?.[x]));
  const conf = table([['gold \\ predicted', ...preds], ...golds.map((g) => [g, ...preds.map((p) => String(t.confusion[g]?.[p] ?? 0))])], color);
  return `Scam types on ${t.n} typed scam/spam messages (accuracy ${f3(t.accuracy)}; by language: ${langs || '—'})\n${table([head, ...body], color)}\n\nType confusion (gold × predicted)\n${conf}`;
}

export async function runEval(files: string[], opts: EvalOptions, ctx: Context): Promise<number> {
  if (files.length === 0) throw new UsageError('eval: expected one or more labeled files, or --suite');
  const split = (opts.split ?? 'test') as (typeof SPLITS)[number];
  if (!SPLITS.includes(split)) throw new UsageError(`--split: expected one of ${SPLITS.join(', ')}; found "${opts.split}"`);
  const model = readModel(opts.model);
  const all: LabeledRow[] = [];
  for (const f of files) {
    const ds = await readDataset(f, { typeColumn: opts.typeColumn, labelColumn: opts.labelColumn, textColumn: opts.textColumn, format: opts.format as InputFormat | undefined, encoding: opts.encoding });
    if (ds.problems.length > 0 && !opts.quiet) ctx.stderr.write(`scamscan: ${f}: ${ds.problems.length} bad row${ds.problems.length === 1 ? '' : 's'} not evaluated (first: ${ds.problems[0]})\n`);
    all.push(...ds.rows);
  }
  const prepared = prepare(all, model.features, model.types?.patterns);
  const chosen = split === 'all' ? prepared.rows : prepared.rows.filter((r) => r.split === split);
  if (chosen.length === 0) throw new UserError(`eval: no labeled rows in the ${split} split of ${files.join(', ')}${split === 'test' ? ' (a small or outside file: --split all)' : ''}`);
  const positives = chosen.filter((r) => r.row.y === 1).length;
  if (positives === 0) throw new UserError(`eval: the ${chosen.length} rows of the ${split} split of ${files.join(', ')} hold no scam/spam rows; precision and recall need some`);
  const scored = scorePrepared(model, chosen);
  const e = evaluate(scored);
  const types = model.types ? evaluateTypeRows(model.types, chosen) : undefined;
  let loco: LocoResult | undefined;
  if (opts.loco) {
    loco = leaveOneCorpusOut(prepared, model.features, { train: trainSettings(model), weakWeight: model.train.weakWeight, patterns: model.types?.patterns }, (c) => {
      if (!opts.quiet) ctx.stderr.write(`scamscan: leave-one-corpus-out: training without ${c}\n`);
    });
  }
  if (opts.report) {
    writeFileAtomic(opts.report, htmlReport({ title: `scamscan evaluation: ${split} split of ${files.map((f) => corpusName(f)).join(', ')}`, model, scored, evaluation: e, loco: loco?.byCorpus, types }));
    if (!opts.quiet) ctx.stderr.write(`scamscan: wrote ${opts.report}\n`);
  }
  if (opts.json) ctx.stdout.write(JSON.stringify({ split, n: chosen.length, thresholds: model.thresholds, ...e, ...(types ? { types } : {}), ...(loco ? { loco: loco.byCorpus } : {}) }, null, 2) + '\n');
  else {
    ctx.stdout.write(renderEvaluation(e, `${split} split (${chosen.length} messages)`, ctx.color) + '\n');
    if (types && types.n > 0) ctx.stdout.write('\n' + renderTypeEvaluation(types, ctx.color) + '\n');
    if (loco) {
      ctx.stdout.write('\nLeave-one-corpus-out (train on the other corpora with this model\'s settings, score every row of the held-out one)\n');
      ctx.stdout.write(table([['held-out corpus', 'n', 'pos', 'precision', 'recall', 'F1', 'AP', 'ECE'], ...rows('', loco.byCorpus)], ctx.color) + '\n');
    }
  }
  return 0;
}
