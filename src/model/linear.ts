/**
 * Logistic regression on hashed sparse features, trained with FTRL-Proximal (McMahan et al. 2013): per-coordinate
 * adaptive learning rates with L1 and L2 regularisation applied lazily, so only the features of an example are
 * touched. Deterministic for a given seed (single thread, seeded shuffle).
 */
import type { SparseVector } from '../features/index.js';

export interface TrainParams {
  readonly epochs: number;
  readonly alpha: number;
  readonly beta: number;
  readonly l1: number;
  readonly l2: number;
  readonly seed: number;
  /**
   * Naive-Bayes feature scaling strength k (0 or absent: off). While training, each bucket's value is multiplied
   * by 1 + k·|r|, r the bucket's log-count ratio between scam and ham training rows (see `nbScales`); the factors
   * are folded into the saved weights, so scoring is unchanged.
   */
  readonly nb?: number;
}

/** Default naive-Bayes scaling strength (chosen on validation and leave-one-corpus-out AP; README model card). */
export const NB_DEFAULT = 0.5;

export const DEFAULT_TRAIN: TrainParams = { epochs: 10, alpha: 0.2, beta: 1, l1: 0.2, l2: 0.002, seed: 1, nb: NB_DEFAULT };

export interface Example {
  readonly x: SparseVector;
  readonly y: 0 | 1;
  readonly weight: number;
}

/** Dense weights, one per hash bucket: float32 as trained, or int16 steps of a scale as saved (`quantize`). */
export type WeightArray = Float32Array | Int16Array;

export interface LinearModel {
  /** Dense weights, one per hash bucket; bucket j weighs `weights[j] * (scale ?? 1)` (`weightOf`). */
  readonly weights: WeightArray;
  /** The weight of one int16 step (quantized weights); absent for float32 weights. */
  readonly scale?: number;
  readonly bias: number;
}

/** Bucket j's weight. */
export function weightOf(m: { readonly weights: WeightArray; readonly scale?: number }, j: number): number {
  return m.weights[j] * (m.scale ?? 1);
}

/** Largest int16 step count a weight is stored with. */
const STEPS = 32767;

/**
 * Weights as int16 multiples of one step (the largest weight's magnitude / 32767), as model files store them
 * (format version 6): a file loads without a per-entry decode (every int16 is a valid weight) and takes half
 * the memory of float32. The step is ~0.04 % of the largest weight; weights smaller than half a step become
 * zero. Deterministic; already quantized weights come back unchanged.
 */
export function quantize<M extends { readonly weights: WeightArray; readonly scale?: number }>(m: M): M & { readonly weights: Int16Array; readonly scale: number } {
  if (m.weights instanceof Int16Array && m.scale !== undefined) return m as M & { weights: Int16Array; scale: number };
  const w = m.weights;
  const f = m.scale ?? 1;
  let max = 0;
  for (let j = 0; j < w.length; j++) max = Math.max(max, Math.abs(w[j] * f));
  const scale = max > 0 ? max / STEPS : 1;
  const q = new Int16Array(w.length);
  for (let j = 0; j < w.length; j++) if (w[j] !== 0) q[j] = Math.max(-STEPS, Math.min(STEPS, Math.round((w[j] * f) / scale)));
  return { ...m, weights: q, scale };
}

/** Seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function margin(m: LinearModel, x: SparseVector): number {
  let z = 0;
  const w = m.weights;
  for (let i = 0; i < x.indices.length; i++) z += w[x.indices[i]] * x.values[i];
  return m.bias + z * (m.scale ?? 1);
}

export interface FtrlState {
  readonly z: Float64Array;
  readonly n: Float64Array;
  zb: number;
  nb: number;
}

export function newState(bits: number): FtrlState {
  return { z: new Float64Array(1 << bits), n: new Float64Array(1 << bits), zb: 0, nb: 0 };
}

/**
 * An optimiser state that reproduces given weights (for continuing from a saved model, whose FTRL state is not
 * stored): with n = 0 the FTRL weight formula inverts exactly; learning rates start fresh.
 */
export function stateFromWeights(m: LinearModel, p: TrainParams): FtrlState {
  const bits = Math.log2(m.weights.length);
  const st = newState(bits);
  const k = p.beta / p.alpha + p.l2;
  for (let j = 0; j < m.weights.length; j++) {
    const w = weightOf(m, j);
    if (w !== 0) st.z[j] = -w * k - Math.sign(w) * p.l1;
  }
  st.zb = -m.bias * (p.beta / p.alpha);
  return st;
}

function ftrlWeight(z: number, n: number, p: TrainParams): number {
  const az = Math.abs(z);
  if (az <= p.l1) return 0;
  return -(z - Math.sign(z) * p.l1) / ((p.beta + Math.sqrt(n)) / p.alpha + p.l2);
}

/**
 * Train (or continue training from `state`) on the examples. Returns the final weights and the optimiser
 * state, so a model can be trained further on new data later.
 */
export function trainLinear(examples: readonly Example[], bits: number, p: TrainParams, state: FtrlState = newState(bits)): { model: LinearModel; state: FtrlState } {
  const { z, n } = state;
  const order = Array.from({ length: examples.length }, (_, i) => i);
  const rand = rng(p.seed);
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (const k of order) {
      const ex = examples[k];
      const { indices, values } = ex.x;
      const wb = -state.zb / ((p.beta + Math.sqrt(state.nb)) / p.alpha);
      let s = wb;
      const ws = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const j = indices[i];
        ws[i] = ftrlWeight(z[j], n[j], p);
        s += ws[i] * values[i];
      }
      const g = (sigmoid(s) - ex.y) * ex.weight;
      for (let i = 0; i < indices.length; i++) {
        const j = indices[i];
        const gi = g * values[i];
        const sigma = (Math.sqrt(n[j] + gi * gi) - Math.sqrt(n[j])) / p.alpha;
        z[j] += gi - sigma * ws[i];
        n[j] += gi * gi;
      }
      const sb = (Math.sqrt(state.nb + g * g) - Math.sqrt(state.nb)) / p.alpha;
      state.zb += g - sb * wb;
      state.nb += g * g;
    }
  }
  const weights = new Float32Array(1 << bits);
  for (let j = 0; j < weights.length; j++) if (n[j] > 0) weights[j] = ftrlWeight(z[j], n[j], p);
  const bias = -state.zb / ((p.beta + Math.sqrt(state.nb)) / p.alpha);
  return { model: { weights, bias }, state };
}

/**
 * Per-bucket training scales for naive-Bayes feature scaling (after Wang & Manning 2012, "NBSVM"): r is the
 * log-count ratio log((p_j/Σp)/(q_j/Σq)), where p_j and q_j are the example-weighted counts of scam and ham
 * training rows with bucket j, plus one; the scale is 1 + k·|r|. Buckets that separate the classes in the
 * training data learn faster than rare or neutral ones; the sign is still learned. Pure.
 */
export function nbScales(rows: ReadonlyArray<{ readonly x: SparseVector; readonly y: 0 | 1; readonly weight: number }>, bits: number, k: number): Float64Array {
  const size = 1 << bits;
  const p = new Float64Array(size).fill(1);
  const q = new Float64Array(size).fill(1);
  for (const r of rows) {
    const t = r.y === 1 ? p : q;
    for (let i = 0; i < r.x.indices.length; i++) t[r.x.indices[i]] += r.weight;
  }
  let sp = 0;
  let sq = 0;
  for (let j = 0; j < size; j++) {
    sp += p[j];
    sq += q[j];
  }
  const s = new Float64Array(size);
  const base = Math.log(sq / sp);
  for (let j = 0; j < size; j++) s[j] = 1 + k * Math.abs(Math.log(p[j] / q[j]) + base);
  return s;
}

/** A vector with each value multiplied by its bucket's scale. */
export function scaleVector(x: SparseVector, scales: Float64Array): SparseVector {
  const values = new Float32Array(x.values.length);
  for (let i = 0; i < values.length; i++) values[i] = x.values[i] * scales[x.indices[i]];
  return { indices: x.indices, values };
}

/** Weights trained on scaled vectors → weights for the unscaled ones (same margins); `inverse` undoes it. */
export function foldScales(m: LinearModel, scales: Float64Array, inverse = false): LinearModel {
  const weights = new Float32Array(m.weights.length);
  for (let j = 0; j < weights.length; j++) if (m.weights[j] !== 0) weights[j] = inverse ? weightOf(m, j) / scales[j] : weightOf(m, j) * scales[j];
  return { weights, bias: m.bias };
}
