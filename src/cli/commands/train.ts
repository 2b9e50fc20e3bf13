/** `scamscan train`: train a model from labeled corpora and write it atomically. */
import type { Context } from '../context.js';
import { readDataset } from '../../io/dataset.js';
import { readModel, writeModel } from '../../io/modelfile.js';
import { trainSettings } from '../../model/format.js';
import { packageVersion } from '../../io/package.js';
import { UsageError, UserError } from '../../io/errors.js';
import { prepare, trainModel, type LabeledRow, type PreparedRow } from '../../model/train.js';
import { DEFAULT_FEATURES, type FeatureConfig } from '../../features/index.js';
import { DEFAULT_TRAIN } from '../../model/linear.js';
import type { InputFormat } from '../../io/records.js';
import { renderEvaluation, renderTypeEvaluation } from './eval.js';
import { intOption, numOption } from '../options.js';
import { defaultPatternDir, readPatterns } from '../../io/patterns.js';
import { defaultSuiteDir, suiteTrainingRows } from '../../io/suite.js';

export interface TrainOptions {
  output: string;
  seed?: string;
  labelColumn?: string;
  textColumn?: string;
  format?: string;
  encoding?: string;
  bits?: string;
  epochs?: string;
  weakWeight?: string;
  nb?: string;
  charNgrams?: string;
  json?: boolean;
  quiet?: boolean;
  init?: string;
  input?: string[];
  patterns?: string;
  types?: boolean;
  typeColumn?: string;
  patternFeatures?: boolean;
  cueFeatures?: boolean;
  suiteTrain?: string | true;
  suiteWeight?: string;
  cueL2?: string;
  allRows?: boolean;
}

/** Refuse to write a model that learned nothing: no rows to train on, or only one class (a fresh model). */
function checkTrainingRows(rows: readonly PreparedRow[], allRows: boolean, continuing: boolean, files: readonly string[]): void {
  const train = allRows ? rows : rows.filter((r) => r.split === 'train');
  const what = files.join(', ');
  if (rows.length === 0) throw new UserError(`train: no labeled rows in ${what} (labels: scam, spam or scam/spam positive, ham negative)`);
  if (train.length === 0) throw new UserError(`train: none of the ${rows.length} labeled rows of ${what} fall in the train split (80 % of rows, by hash); for a small file, train on every row with --all-rows`);
  const pos = train.filter((r) => r.row.y === 1).length;
  if (!continuing && (pos === 0 || pos === train.length)) {
    throw new UserError(`train: the ${train.length} training rows of ${what} are all ${pos === 0 ? 'ham' : 'scam/spam'}; a model needs both positive and negative rows`);
  }
}

export async function runTrain(args: string[], opts: TrainOptions, ctx: Context): Promise<number> {
  const files = [...args, ...(opts.input ?? [])];
  if (files.length === 0) throw new UsageError('train: expected one or more labeled files');
  const init = opts.init ? readModel(opts.init) : undefined;
  if (opts.allRows && opts.init) throw new UsageError('--all-rows: a continued model keeps its calibration from a held-out split; drop --all-rows or --init');
  if (init && (opts.bits !== undefined || opts.charNgrams !== undefined || opts.patternFeatures === false)) throw new UsageError('--init keeps the feature configuration of the model it continues; drop --bits/--char-ngrams/--no-pattern-features');
  const seed = intOption(opts.seed, '--seed', 0, 2 ** 31 - 1) ?? DEFAULT_TRAIN.seed;
  const cfg: FeatureConfig = init ? init.features : {
    ...DEFAULT_FEATURES,
    bits: intOption(opts.bits, '--bits', 10, 24) ?? DEFAULT_FEATURES.bits,
    charNgrams: intOption(opts.charNgrams, '--char-ngrams', 0, 6) ?? DEFAULT_FEATURES.charNgrams,
    patternFeatures: opts.patternFeatures !== false && opts.types !== false,
    cueFeatures: opts.cueFeatures !== false && opts.types !== false,
  };
  const epochs = intOption(opts.epochs, '--epochs', 1, 100) ?? (init ? init.train.epochs : DEFAULT_TRAIN.epochs);
  const weakWeight = numOption(opts.weakWeight, '--weak-weight', 0, 1) ?? 0.5;
  const nb = numOption(opts.nb, '--nb', 0, 100) ?? (init ? trainSettings(init).nb : DEFAULT_TRAIN.nb);
  const log = (m: string) => {
    if (!opts.quiet) ctx.stderr.write(`scamscan: ${m}\n`);
  };
  const rows: LabeledRow[] = [];
  const corpora = [];
  for (const f of files) {
    const ds = await readDataset(f, { typeColumn: opts.typeColumn, labelColumn: opts.labelColumn, textColumn: opts.textColumn, format: opts.format as InputFormat | undefined, encoding: opts.encoding });
    log(`${f}: ${ds.rows.length} labeled rows, ${ds.unlabeled} unlabeled skipped${ds.problems.length ? `, ${ds.problems.length} bad rows (first: ${ds.problems[0]})` : ''}`);
    rows.push(...ds.rows);
    corpora.push(ds.info);
  }
  if (opts.suiteTrain) {
    const dir = typeof opts.suiteTrain === 'string' ? opts.suiteTrain : undefined;
    const weight = numOption(opts.suiteWeight, '--suite-weight', 0, 1000) ?? 40;
    const dev = suiteTrainingRows(dir, weight);
    rows.push(...dev.rows);
    corpora.push(dev.info);
    log(`${dir ?? defaultSuiteDir()}: ${dev.rows.length} hand-written cases of the suite's dev half fit the cue layer (weight ${weight} each; the held-out half is never trained on)`);
  }
  const patterns = opts.types === false ? undefined : opts.patterns !== undefined || !init?.types ? readPatterns(opts.patterns) : init.types.patterns;
  if (cfg.patternFeatures && !patterns) throw new UsageError('--no-types: this feature configuration uses the scam-type lexicon as features; it needs the lexicon');
  if (patterns && (opts.patterns !== undefined || !init?.types)) log(`${patterns.length} scam-type patterns from ${opts.patterns ?? defaultPatternDir()}`);
  const prepared = prepare(rows, cfg, patterns);
  log(`${prepared.rows.length} unique messages after removing ${prepared.duplicates} duplicates (${prepared.conflicts} with conflicting labels)`);
  checkTrainingRows(prepared.rows, opts.allRows === true, init !== undefined, files);
  const params = init ? { alpha: init.train.alpha, beta: init.train.beta, l1: init.train.l1, l2: init.train.l2, seed, epochs, nb } : { seed, epochs, nb };
  if (init) log(`continuing from ${opts.init}`);
  const cueL2 = numOption(opts.cueL2, '--cue-l2', 0, 1e6);
  const { model, test } = trainModel(prepared, cfg, { train: params, weakWeight, corpora, version: `scamscan ${packageVersion()}`, log, init, patterns, noTypes: opts.types === false, allRows: opts.allRows === true, ...(cueL2 !== undefined ? { cueL2 } : {}) });
  writeModel(model, opts.output);
  log(`wrote ${opts.output}`);
  if (opts.json) ctx.stdout.write(JSON.stringify({ model: opts.output, split: model.data.split, test, ...(model.metrics.types ? { types: model.metrics.types } : {}) }, null, 2) + '\n');
  else if (opts.allRows) {
    ctx.stdout.write('Trained on every row (--all-rows): no rows were held out, so there is no test evaluation.\n');
  } else {
    ctx.stdout.write(renderEvaluation(test, 'test split', ctx.color) + '\n');
    if (model.metrics.types) ctx.stdout.write('\n' + renderTypeEvaluation(model.metrics.types, ctx.color) + '\n');
  }
  return 0;
}
