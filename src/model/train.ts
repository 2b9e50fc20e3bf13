/**
 * Training end to end, on rows already read: normalize, de-duplicate across corpora, split by key hash,
 * featurize, fit the linear model on the train split, calibrate and choose thresholds on validation, and
 * measure on test. Returns a new immutable Model; nothing here touches the file system.
 *
 * One file (just over 300 lines): preparing rows, example weights, calibration, the cue layer fit and the train
 * and leave-one-corpus-out loops all work on the same prepared rows and split.
 */
import { createHash } from 'node:crypto';
import { normalize } from '../normalize/index.js';
import { detectLanguage, LANGS, type Lang } from '../lang/index.js';
import { tokenize } from '../tokenize/index.js';
import { featureIndex, featureNames, hashFeatures, vectorOf, type FeatureConfig, type SparseVector } from '../features/index.js';
import { DEFAULT_TRAIN, foldScales, margin, nbScales, quantize, scaleVector, stateFromWeights, trainLinear, weightOf, type Example, type LinearModel, type TrainParams } from './linear.js';
import { fitPlatt, type Platt } from './calibrate.js';
import { thresholdForPrecision, thresholdForRecall } from './metrics.js';
import { dedupKey, splitOf, type Split } from './split.js';
import { evaluate, type Evaluation, type Scored } from './evaluate.js';
import { MODEL_FORMAT, MODEL_VERSION, type CorpusInfo, type LangKey, type Model, type Thresholds } from './format.js';
import { calibrated, riskLabel, riskMargin, riskScore, thresholdsFor } from './predict.js';
import { fitCueLayer, type CueLayer } from './cuelayer.js';
import { cueMask } from '../features/cues.js';
import { buildTypeModel, evaluateTypes, predictType, type TypedExample, type TypeEvaluation, type TypeModel } from './types.js';
import { canonicalizePatterns, compilePatterns, matchPatterns, type Pattern, type ScamType } from '../patterns/index.js';

export interface LabeledRow {
  readonly text: string;
  /** 1 = scam or spam, 0 = ham. */
  readonly y: 0 | 1;
  readonly corpus: string;
  /** Language as the corpus states it; detected when absent. */
  readonly lang?: string;
  /** `weak` rows are down-weighted. */
  readonly quality?: string;
  /** Scam type, for typed scam/spam rows (mapped to the taxonomy). */
  readonly type?: ScamType;
  /**
   * Auxiliary training rows (hand-written behavioural cases): always in the train split, never validated,
   * tested or held out, and weighted by `weight` relative to a corpus row of average weight.
   */
  readonly auxiliary?: { readonly weight: number };
}

export interface PreparedRow {
  readonly row: LabeledRow;
  readonly key: string;
  readonly split: Split;
  /** Detected language (used for calibration and thresholds, as at scoring time). */
  readonly detected: Lang;
  /** Reporting language: the corpus's own, else detected. */
  readonly lang: string;
  readonly x: SparseVector;
  /** Normalized text, kept for typed rows only (pattern matching in type training and evaluation). */
  readonly norm?: string;
  /** Intent cues that fired (bit mask; 0 unless the configuration has a cue layer). */
  readonly cues: number;
}

export interface Prepared {
  readonly rows: PreparedRow[];
  readonly duplicates: number;
  readonly conflicts: number;
}

export interface TrainOptions {
  readonly features?: Partial<FeatureConfig>;
  readonly train?: Partial<TrainParams>;
  /** Weight of `weak`-quality rows relative to gold ones. */
  readonly weakWeight?: number;
  readonly version?: string;
  /** Per corpus: total rows read (including unlabeled) and content hash, for the fingerprint. */
  readonly corpora?: CorpusInfo[];
  readonly log?: (msg: string) => void;
  /** Continue from this model's weights (its feature configuration must be the one used to prepare). */
  readonly init?: Model;
  /** Scam-type lexicon; with it (or with typed rows) the model also predicts types. */
  readonly patterns?: readonly Pattern[];
  /** Build no type model (not even the one an `init` model carries). */
  readonly noTypes?: boolean;
  /** L2 strength on the cue layer's cue weights (default 1). */
  readonly cueL2?: number;
  /** Train and calibrate on every row, with no test split (a file too small to hold rows out). */
  readonly allRows?: boolean;
}

/** Normalize, de-duplicate (first occurrence wins) and split. Feature vectors are built with `cfg`. */
export function prepare(rows: Iterable<LabeledRow>, cfg: FeatureConfig, patterns?: readonly Pattern[]): Prepared {
  if (cfg.patternFeatures && !patterns) throw new Error('patternFeatures needs the scam-type lexicon');
  const set = (cfg.patternFeatures || cfg.cueFeatures) && patterns ? compilePatterns(canonicalizePatterns(patterns)) : undefined;
  const seen = new Map<string, 0 | 1>();
  const out: PreparedRow[] = [];
  let duplicates = 0;
  let conflicts = 0;
  for (const row of rows) {
    const n = normalize(row.text);
    const key = dedupKey(row.text);
    const prev = seen.get(key);
    if (prev !== undefined) {
      duplicates++;
      if (prev !== row.y) conflicts++;
      continue;
    }
    seen.set(key, row.y);
    const guess = detectLanguage(n.text);
    const tokens = tokenize(n.text);
    const hits = set ? matchPatterns(set, n.text) : undefined;
    const v = vectorOf(hashFeatures(tokens, guess.lang, cfg, hits, n.text));
    // Only the vector is kept per row (not the per-feature buckets and names).
    const x: SparseVector = { indices: v.indices, values: v.values };
    const typed = row.type !== undefined && row.y === 1;
    const cues = cfg.cueFeatures ? cueMask(tokens, hits) : 0;
    out.push({ row, key, split: row.auxiliary ? 'train' : splitOf(key), detected: guess.lang, lang: row.lang || guess.lang, x, cues, ...(typed ? { norm: n.text } : {}) });
  }
  return { rows: out, duplicates, conflicts };
}

/** Example weights: each corpus's positives and negatives weigh the same in total; weak rows count less. */
function exampleWeights(rows: readonly PreparedRow[], weakWeight: number): number[] {
  const count = new Map<string, [number, number]>();
  for (const r of rows) {
    const c = count.get(r.row.corpus) ?? [0, 0];
    c[r.row.y]++;
    count.set(r.row.corpus, c);
  }
  const w = rows.map((r) => {
    const c = count.get(r.row.corpus)!;
    const total = c[0] + c[1];
    // Corpus mass grows with the square root of its size, so one large corpus does not drown the others.
    const mass = Math.sqrt(total);
    const perClass = c[0] > 0 && c[1] > 0 ? mass / 2 / c[r.row.y] : mass / total;
    return perClass * (r.row.quality === 'weak' ? weakWeight : 1);
  });
  const corpusRows = rows.filter((r) => !r.row.auxiliary).length;
  const mean = w.reduce((a, b, i) => a + (rows[i].row.auxiliary ? 0 : b), 0) / Math.max(1, corpusRows);
  return w.map((x, i) => {
    const aux = rows[i].row.auxiliary;
    return aux ? aux.weight : x / mean;
  });
}

const MIN_GROUP = 30;

function calibrateAndThreshold(model: Pick<Model, 'linear' | 'cues'>, val: readonly PreparedRow[]): { calibration: Partial<Record<LangKey, Platt>>; thresholds: Partial<Record<LangKey, Thresholds>> } {
  const calibration: Partial<Record<LangKey, Platt>> = {};
  const thresholds: Partial<Record<LangKey, Thresholds>> = {};
  const margins = val.map((r) => riskMargin(model, r.x, r.cues, r.detected));
  const ys = val.map((r) => r.row.y);
  calibration['*'] = fitPlatt(margins, ys);
  const langs = LANGS;
  for (const lang of langs) {
    const idx = val.map((r, i) => (r.detected === lang ? i : -1)).filter((i) => i >= 0);
    const pos = idx.filter((i) => ys[i] === 1).length;
    if (idx.length >= MIN_GROUP && pos >= 10 && idx.length - pos >= 10) calibration[lang] = fitPlatt(idx.map((i) => margins[i]), idx.map((i) => ys[i]));
  }
  const pick = (idx: number[], key: LangKey) => {
    const s = idx.map((i) => calibrated({ calibration }, val[i].detected, margins[i]));
    const y = idx.map((i) => ys[i]);
    const high = thresholdForPrecision(s, y, 0.95);
    const medium = thresholdForRecall(s, y, 0.9);
    if (high === null && medium === null) return;
    const h = high ?? 1.01;
    thresholds[key] = { high: round6(h), medium: round6(Math.min(medium ?? h, h)) };
  };
  pick(val.map((_, i) => i), '*');
  for (const lang of langs) {
    const idx = val.map((r, i) => (r.detected === lang ? i : -1)).filter((i) => i >= 0);
    const pos = idx.filter((i) => ys[i] === 1).length;
    if (idx.length >= MIN_GROUP && pos >= 10 && idx.length - pos >= 10) pick(idx, lang);
  }
  return { calibration, thresholds };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Score prepared rows with a model (its calibration and thresholds), for evaluation. */
export function scorePrepared(model: Pick<Model, 'linear' | 'calibration' | 'thresholds' | 'cues'>, rows: readonly PreparedRow[]): Scored[] {
  return rows.map((r) => {
    const score = riskScore(model, riskMargin(model, r.x, r.cues, r.detected), r.cues, r.detected);
    return { score, y: r.row.y, lang: r.lang, corpus: r.row.corpus, label: riskLabel(thresholdsFor(model, r.detected), score) };
  });
}

export function fingerprint(rows: readonly PreparedRow[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.row.corpus}\t${r.row.y}\t${r.key}\n`);
  return h.digest('hex');
}

/** The strongest positive and negative features per language, named from up to 3,000 training messages each. */
function topFeatures(lin: LinearModel, train: readonly PreparedRow[], cfg: FeatureConfig, k = 15): Partial<Record<LangKey, Array<{ feature: string; weight: number }>>> {
  const out: Partial<Record<LangKey, Array<{ feature: string; weight: number }>>> = {};
  const langs = LANGS.filter((l) => l !== 'und');
  for (const lang of langs) {
    const rows = train.filter((r) => r.detected === lang).slice(0, 3000);
    if (rows.length === 0) continue;
    const weights = new Map<string, number>();
    for (const r of rows) {
      const n = normalize(r.row.text);
      for (const [name] of featureNames(tokenize(n.text), n.text, lang, cfg)) {
        if (!weights.has(name)) weights.set(name, weightOf(lin, featureIndex(name, cfg)));
      }
    }
    const sorted = [...weights.entries()].filter(([, w]) => w !== 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const pick = [...sorted.slice(0, k), ...sorted.slice(-k).reverse()];
    out[lang] = pick.map(([feature, weight]) => ({ feature, weight: Math.round(weight * 1000) / 1000 }));
  }
  return out;
}

/** Train a model on the train split of `prepared`; calibrate on validation; measure on test. */
export function trainModel(prepared: Prepared, cfg: FeatureConfig, opts: TrainOptions = {}): { model: Model; test: Evaluation } {
  const params: TrainParams = { ...DEFAULT_TRAIN, ...opts.train };
  const weakWeight = opts.weakWeight ?? 0.5;
  const log = opts.log ?? (() => {});
  // With a cue layer the auxiliary (hand-written) rows fit only the layer's few weights, never the words.
  const aux = cfg.cueFeatures ? prepared.rows.filter((r) => r.row.auxiliary) : [];
  const corpus = cfg.cueFeatures ? prepared.rows.filter((r) => !r.row.auxiliary) : prepared.rows;
  const train = opts.allRows ? corpus : corpus.filter((r) => r.split === 'train');
  const val = opts.allRows ? corpus.filter((r) => !r.row.auxiliary) : corpus.filter((r) => r.split === 'validation');
  const test = opts.allRows ? [] : corpus.filter((r) => r.split === 'test');
  const weights = exampleWeights(train, weakWeight);
  const plain: Example[] = train.map((r, i) => ({ x: r.x, y: r.row.y, weight: weights[i] }));
  // Naive-Bayes scaling: train on scaled vectors, save the scales folded into the weights (a continued model
  // is unfolded with the scales of its new training data first, so it continues in the same space).
  const scales = params.nb ? nbScales(plain, cfg.bits, params.nb) : undefined;
  const examples = scales ? plain.map((e) => ({ ...e, x: scaleVector(e.x, scales) })) : plain;
  log(`training on ${train.length} messages (${val.length} validation, ${test.length} test)`);
  const state = opts.init ? stateFromWeights(scales ? foldScales(opts.init.linear, scales, true) : opts.init.linear, params) : undefined;
  const trained = trainLinear(examples, cfg.bits, params, state).model;
  // Quantized here rather than when written, so that calibration, thresholds and the test metrics describe the
  // weights the model file holds.
  const linear = quantize(scales ? foldScales(trained, scales) : trained);
  // A small validation split cannot calibrate; a continued model then keeps its parent's calibration.
  let cues: CueLayer | undefined;
  if (cfg.cueFeatures) {
    log(`fitting the cue layer on ${val.length} validation and ${aux.length} auxiliary messages`);
    const rows = [...val, ...aux];
    const w = [...exampleWeights(val, weakWeight), ...aux.map((r) => r.row.auxiliary!.weight)];
    cues = fitCueLayer(rows.map((r, i) => ({ margin: margin(linear, r.x), cues: r.cues, lang: r.detected, y: r.row.y, weight: w[i] })), opts.cueL2 ?? 1);
  }
  const { calibration, thresholds } = opts.init && val.length < 200 ? { calibration: opts.init.calibration, thresholds: opts.init.thresholds } : calibrateAndThreshold({ linear, cues }, val);
  const partial = { linear, calibration, thresholds, cues };
  const testEval = evaluate(scorePrepared(partial, test));
  const given = opts.noTypes ? undefined : opts.patterns ?? opts.init?.types?.patterns;
  const patterns = given ? canonicalizePatterns(given) : undefined;
  // Scoring rebuilds the t:<type> features from the lexicon stored with the types; without it they would vanish.
  if (cfg.patternFeatures && !patterns) throw new Error('patternFeatures needs the scam-type lexicon (types must be trained)');
  let types: TypeModel | undefined;
  let typeEval: TypeEvaluation | undefined;
  if (patterns) {
    log('training the scam-type model');
    types = buildTypeModel(patterns, typedExamples(train), { seed: params.seed });
    typeEval = evaluateTypeRows(types, test);
  }
  const metrics: Record<string, Model['metrics']['test'][string]> = { all: testEval.overall };
  for (const [k, v] of Object.entries(testEval.byLang)) metrics[`lang:${k}`] = v;
  for (const [k, v] of Object.entries(testEval.byCorpus)) metrics[`corpus:${k}`] = v;
  const model: Model = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdWith: opts.version ?? 'scamscan',
    features: cfg,
    train: { ...params, weakWeight },
    linear,
    calibration,
    thresholds,
    data: {
      corpora: [...(opts.init?.data.corpora ?? []), ...(opts.corpora ?? [])],
      fingerprint: fingerprint(prepared.rows),
      split: { train: train.length, validation: val.length, test: test.length, duplicates: prepared.duplicates, conflicts: prepared.conflicts },
    },
    metrics: { test: metrics, ...(typeEval ? { types: typeEval } : {}) },
    top: topFeatures(linear, train, cfg),
    ...(types ? { types } : {}),
    ...(cues ? { cues } : {}),
  };
  return { model, test: testEval };
}

function typedExamples(rows: readonly PreparedRow[]): TypedExample[] {
  return rows.filter((r) => r.norm !== undefined && r.row.type !== undefined).map((r) => ({ x: r.x, lang: r.detected, type: r.row.type!, text: r.norm! }));
}

/** Per-type precision/recall of a type model on the typed scam/spam rows among `rows`. */
export function evaluateTypeRows(types: TypeModel, rows: readonly PreparedRow[]): TypeEvaluation {
  return evaluateTypes(typedExamples(rows).map((r) => ({ gold: r.type, predicted: predictType(types, r.lang, r.text, r.x).type, lang: r.lang })));
}

export interface LocoResult {
  /** Held-out corpus → metrics of a model trained on every other corpus (train split), scored on all of it. */
  readonly byCorpus: Record<string, Evaluation['overall']>;
}

/**
 * Leave-one-corpus-out: for each corpus X, train on the other corpora (their train split, calibrated on their
 * validation split) and score every row of X. The honest test of generalization to an unseen source.
 */
export function leaveOneCorpusOut(prepared: Prepared, cfg: FeatureConfig, opts: TrainOptions = {}, onCorpus?: (corpus: string) => void): LocoResult {
  const byCorpus: Record<string, Evaluation['overall']> = {};
  for (const corpus of [...new Set(prepared.rows.filter((r) => !r.row.auxiliary).map((r) => r.row.corpus))].sort()) {
    onCorpus?.(corpus);
    const held = prepared.rows.filter((r) => r.row.corpus === corpus);
    const rest: Prepared = { ...prepared, rows: prepared.rows.filter((r) => r.row.corpus !== corpus) };
    const { model } = trainModel(rest, cfg, { ...opts, corpora: [] });
    byCorpus[corpus] = evaluate(scorePrepared(model, held)).overall;
  }
  return { byCorpus };
}
