/**
 * Scam-type prediction: pattern evidence (src/patterns) combined with a learned one-vs-rest model where labeled
 * types exist (per language; in data/ that is Chinese and Burmese). Both are probabilities per type, combined
 * as a noisy-OR: a type is likely when either the lexicon or the learned model says so.
 *   pattern:  p = 1 − exp(−(summed pattern weight) / scale)
 *   learned:  p = sigmoid(class margin), classes trained on the typed scam/spam rows of the train split
 * `scale` and the confidence below which a message is typed `other` are chosen on the validation split.
 */
import { quantize, rng, trainLinear, weightOf, type Example, type WeightArray } from './linear.js';
import type { FeatureList, SparseVector } from '../features/index.js';
import type { Lang } from '../lang/index.js';
import { compilePatterns, matchPatterns, typeEvidence, SCAM_TYPES, type Pattern, type PatternHit, type PatternSet, type ScamType } from '../patterns/index.js';

export interface TypeClass {
  readonly type: ScamType;
  readonly bias: number;
  /** Dense weights over 2^bits buckets (feature bucket & mask); bucket j weighs `weights[j] * (scale ?? 1)`. */
  readonly weights: WeightArray;
  /** The weight of one int16 step (quantized weights). */
  readonly scale?: number;
}

export interface TypeModel {
  readonly bits: number;
  /** The lexicon the model was built with (scoring needs only the model file). */
  readonly patterns: readonly Pattern[];
  readonly byLang: Partial<Record<Lang, TypeClass[]>>;
  /** Summed pattern weight that reads as p = 1 − 1/e. */
  readonly scale: number;
  /** Below this combined confidence a risky message is typed `other`. */
  readonly minConfidence: number;
  /** Other types at or above this confidence are listed too. */
  readonly alsoAbove: number;
}

export interface TypeGuess {
  readonly type: ScamType;
  readonly confidence: number;
}

export interface TypeReason {
  /** A pattern id (`tha.parcel.fee`) or a model feature (`h:公安`). */
  readonly pattern?: string;
  readonly feature?: string;
  readonly type: ScamType;
  readonly weight: number;
  /** Spans in the normalized text (mapped to the original by the caller). */
  readonly spans?: Array<[number, number]>;
}

export interface TypePrediction extends TypeGuess {
  readonly also: TypeGuess[];
  readonly reasons: TypeReason[];
}

/** Map the `scam_type` values found in corpora to the taxonomy; undefined = not a usable type label. */
const ALIASES: Record<string, ScamType | undefined> = {
  impersonation_service: 'impersonation_bank_service',
  impersonation_bank: 'impersonation_bank_service',
  impersonation_customer_service: 'impersonation_bank_service',
  job: 'job_task',
  task: 'job_task',
  otp_theft: 'phishing_otp',
  phishing_otp: 'phishing_otp',
  money_exchange: 'other',
  // Too coarse to say which script it follows.
  phishing: undefined,
  impersonation: undefined,
};

export function canonicalType(raw: string | undefined): ScamType | undefined {
  if (!raw) return undefined;
  const k = raw.trim().toLowerCase();
  if (k in ALIASES) return ALIASES[k];
  return (SCAM_TYPES as readonly string[]).includes(k) ? (k as ScamType) : undefined;
}

const compiled = new WeakMap<TypeModel, PatternSet>();
export function patternSetOf(m: TypeModel): PatternSet {
  let s = compiled.get(m);
  if (!s) compiled.set(m, (s = compilePatterns(m.patterns)));
  return s;
}

export function remap(x: SparseVector, bits: number): SparseVector {
  const mask = (1 << bits) - 1;
  const indices = new Uint32Array(x.indices.length);
  for (let i = 0; i < indices.length; i++) indices[i] = x.indices[i] & mask;
  return { indices, values: x.values };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** Each type's place in SCAM_TYPES: the tie-break when two types are equally likely. */
const TYPE_ORDER = Object.fromEntries(SCAM_TYPES.map((t, i) => [t, i])) as Record<ScamType, number>;

/**
 * Per type: combined confidence from pattern evidence and the learned classes of the language. The learned
 * classes only know the types their training data had (a closed world: Chinese data has no gambling class, so
 * a gambling message looks most like "promo" to them); pattern evidence for a type outside that set discounts
 * them accordingly, so the lexicon can name the types the data never showed.
 */
export function typeConfidences(m: TypeModel, lang: Lang, x: SparseVector | undefined, hits: readonly PatternHit[]): Map<ScamType, number> {
  const out = new Map<ScamType, number>();
  for (const [t, w] of typeEvidence(hits)) out.set(t, 1 - Math.exp(-w / m.scale));
  const classes = m.byLang[lang];
  if (classes && x) {
    let unknown = 0;
    for (const [t, p] of out) if (!classes.some((c) => c.type === t)) unknown = Math.max(unknown, p);
    const z = margins(classes, m.bits, x);
    for (let k = 0; k < classes.length; k++) {
      const p = (1 - unknown) / (1 + Math.exp(-z[k]));
      const q = out.get(classes[k].type) ?? 0;
      out.set(classes[k].type, 1 - (1 - p) * (1 - q));
    }
  }
  return out;
}

/**
 * The classes' weights interleaved by bucket (bucket × K + class), built once per loaded model: one pass over
 * the message's features then touches one cache line per feature instead of one per feature and class.
 */
const packed = new WeakMap<readonly TypeClass[], Float32Array>();
function interleaved(classes: readonly TypeClass[], bits: number): Float32Array {
  let w = packed.get(classes);
  if (!w) {
    const k = classes.length;
    w = new Float32Array(k << bits);
    for (let c = 0; c < k; c++) {
      const src = classes[c].weights;
      const f = classes[c].scale ?? 1;
      for (let j = 0; j < src.length; j++) if (src[j] !== 0) w[j * k + c] = src[j] * f;
    }
    packed.set(classes, w);
  }
  return w;
}

function margins(classes: readonly TypeClass[], bits: number, x: SparseVector): number[] {
  const k = classes.length;
  const w = interleaved(classes, bits);
  const mask = (1 << bits) - 1;
  // A plain array (doubles, as a Float64Array holds): a typed array of more than 8 classes would get its own
  // backing store, which costs more than this whole loop (src/features/arena.ts).
  const z: number[] = [];
  for (let c = 0; c < k; c++) z.push(classes[c].bias);
  for (let i = 0; i < x.indices.length; i++) {
    const base = (x.indices[i] & mask) * k;
    const v = x.values[i];
    for (let c = 0; c < k; c++) z[c] += w[base + c] * v;
  }
  return z;
}

/** Most likely type, other likely types, and what decided it. `names` (feature names per x entry) adds model reasons. */
export function predictType(
  m: TypeModel,
  lang: Lang,
  text: string,
  x: SparseVector | undefined,
  names?: FeatureList,
  knownHits?: readonly PatternHit[],
): TypePrediction {
  const hits = knownHits ?? matchPatterns(patternSetOf(m), text);
  const conf = typeConfidences(m, lang, x, hits);
  // Plain loops and insertion into short arrays, not sort/filter/map with closures: this runs for every risky
  // row, and those closures made it the costliest function for TurboFan to compile (bench/RESULTS.md, "2026-12-07, later").
  // Ranked by confidence, ties in SCAM_TYPES order (stable, as Array.prototype.sort with that comparator).
  const rankT: ScamType[] = [];
  const rankC: number[] = [];
  for (const [t, c] of conf) {
    let pos = rankT.length;
    rankT.push(t);
    rankC.push(c);
    while (pos > 0 && ((rankC[pos - 1] - c || TYPE_ORDER[t] - TYPE_ORDER[rankT[pos - 1]]) < 0)) {
      rankT[pos] = rankT[pos - 1];
      rankC[pos] = rankC[pos - 1];
      pos--;
    }
    rankT[pos] = t;
    rankC[pos] = c;
  }
  const confident = rankT.length > 0 && rankC[0] >= m.minConfidence;
  const type: ScamType = confident ? rankT[0] : 'other';
  const confidence = confident ? rankC[0] : conf.get('other') ?? 1 - (rankT.length > 0 ? rankC[0] : 0);
  const also: TypeGuess[] = [];
  for (let k = 0; k < rankT.length; k++) if (rankT[k] !== type && rankC[k] >= m.alsoAbove) also.push({ type: rankT[k], confidence: round4(rankC[k]) });
  // The type's own patterns, heaviest first (stable).
  const own: PatternHit[] = [];
  for (const h of hits) {
    if (h.type !== type || h.cue) continue;
    let pos = own.length;
    own.push(h);
    while (pos > 0 && own[pos - 1].weight - h.weight < 0) {
      own[pos] = own[pos - 1];
      pos--;
    }
    own[pos] = h;
  }
  const reasons: TypeReason[] = [];
  for (const h of own) reasons.push({ pattern: h.id, type: h.type, weight: h.weight, spans: h.spans });
  const cls = m.byLang[lang]?.find((c) => c.type === type);
  if (cls && names) {
    // The three features that pushed this type most (distinct buckets; a small insertion list, no full sort).
    const mask = (1 << m.bits) - 1;
    const top: Array<[number, number, number]> = []; // [weight, name index, bucket]
    for (let i = 0; i < names.length; i++) {
      const bucket = names.index[i] & mask;
      const w = weightOf(cls, bucket);
      if (!(w > 0) || (top.length === 3 && w <= top[2][0])) continue;
      let dup = false;
      for (let j = 0; j < top.length && !dup; j++) dup = top[j][2] === bucket;
      if (dup) continue;
      let pos = top.length;
      while (pos > 0 && top[pos - 1][0] < w) pos--;
      top.splice(pos, 0, [w, i, bucket]);
      if (top.length > 3) top.pop();
    }
    for (const [w, i] of top) {
      const feature = names.nameOf(i), s = names.start(i), e = names.end(i);
      reasons.push({ feature, type, weight: Math.round(w * 1000) / 1000, spans: [[s, e]] });
    }
  }
  return { type, confidence: round4(confidence), also, reasons };
}

export interface TypedExample {
  readonly x: SparseVector;
  readonly lang: Lang;
  readonly type: ScamType;
  readonly text: string;
}

export interface TypeTrainOptions {
  readonly bits?: number;
  readonly epochs?: number;
  readonly seed?: number;
  /** Minimum typed training rows for a language to get learned classes, and per class. */
  readonly minLang?: number;
  readonly minClass?: number;
}

export const TYPE_BITS = 14;

/** One-vs-rest classes per language from typed training rows; classes balanced within the language. */
export function trainTypeClasses(train: readonly TypedExample[], opts: TypeTrainOptions = {}): Partial<Record<Lang, TypeClass[]>> {
  const bits = opts.bits ?? TYPE_BITS;
  const minLang = opts.minLang ?? 100;
  const minClass = opts.minClass ?? 20;
  const byLang: Partial<Record<Lang, TypeClass[]>> = {};
  const langs = [...new Set(train.map((r) => r.lang))].sort();
  for (const lang of langs) {
    const rows = train.filter((r) => r.lang === lang);
    if (rows.length < minLang) continue;
    const xs = rows.map((r) => remap(r.x, bits));
    const counts = new Map<ScamType, number>();
    for (const r of rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const classes: TypeClass[] = [];
    for (const type of SCAM_TYPES) {
      const pos = counts.get(type) ?? 0;
      if (pos < minClass) continue;
      const neg = rows.length - pos;
      const examples: Example[] = rows.map((r, i) => ({ x: xs[i], y: r.type === type ? 1 : 0, weight: r.type === type ? rows.length / (2 * pos) : rows.length / (2 * Math.max(1, neg)) }));
      const seed = Math.floor(rng((opts.seed ?? 1) + SCAM_TYPES.indexOf(type))() * 2 ** 31);
      const { model } = trainLinear(examples, bits, { epochs: opts.epochs ?? 8, alpha: 0.2, beta: 1, l1: 0.3, l2: 0.002, seed });
      classes.push(quantize({ type, bias: model.bias, weights: model.weights }));
    }
    if (classes.length > 0) byLang[lang] = classes;
  }
  return byLang;
}

/**
 * The type model: learned classes per language plus the lexicon. The pattern scale (a weight-2 pattern alone
 * reads as p ≈ 0.63, weight 1 as 0.39) and the `other` cut-off are fixed by design, not tuned: the typed
 * validation rows are Chinese and Burmese only, where the learned classes dominate, so tuning there would
 * set the lexicon's strength for Thai and English on data that never exercises it.
 */
export function buildTypeModel(patterns: readonly Pattern[], train: readonly TypedExample[], opts: TypeTrainOptions = {}): TypeModel {
  return { bits: opts.bits ?? TYPE_BITS, patterns, byLang: trainTypeClasses(train, opts), scale: 2, minConfidence: 0.3, alsoAbove: 0.5 };
}

export interface TypeEvaluation {
  readonly n: number;
  readonly accuracy: number;
  readonly byType: Record<string, { n: number; predicted: number; precision: number; recall: number; f1: number }>;
  /** gold type → predicted type → count. */
  readonly confusion: Record<string, Record<string, number>>;
  readonly byLang: Record<string, { n: number; accuracy: number }>;
}

export function evaluateTypes(pairs: ReadonlyArray<{ gold: ScamType; predicted: ScamType; lang: string }>): TypeEvaluation {
  const confusion: Record<string, Record<string, number>> = {};
  const byLangAcc = new Map<string, [number, number]>();
  let ok = 0;
  for (const p of pairs) {
    (confusion[p.gold] ??= {})[p.predicted] = (confusion[p.gold][p.predicted] ?? 0) + 1;
    const l = byLangAcc.get(p.lang) ?? [0, 0];
    l[1]++;
    if (p.gold === p.predicted) {
      ok++;
      l[0]++;
    }
    byLangAcc.set(p.lang, l);
  }
  const byType: TypeEvaluation['byType'] = {};
  for (const t of SCAM_TYPES) {
    const n = pairs.filter((p) => p.gold === t).length;
    const predicted = pairs.filter((p) => p.predicted === t).length;
    if (n === 0 && predicted === 0) continue;
    const tp = pairs.filter((p) => p.gold === t && p.predicted === t).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = n ? tp / n : 0;
    byType[t] = { n, predicted, precision: round4(precision), recall: round4(recall), f1: round4(precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) };
  }
  const byLang: TypeEvaluation['byLang'] = {};
  for (const [l, [a, n]] of [...byLangAcc.entries()].sort()) byLang[l] = { n, accuracy: round4(a / n) };
  return { n: pairs.length, accuracy: round4(pairs.length ? ok / pairs.length : 0), byType, confusion, byLang };
}
