/**
 * The cue layer: risk margin = text[lang] · c·tanh(m / c) + Σ weight[cue] over the cues that fired + bias[lang],
 * where m is the text model's margin. A few dozen weights, fitted by weighted L2-regularised logistic regression
 * (Newton's method) on rows the text model did not train on, so what a message asks for — a code, a fee, a chat
 * app — can outweigh words learned from one source. Cue weights are shared by every language; the format keeps
 * a text weight and bias per language, which `fitCueLayer` ties (fitted apart they scored worse on both the
 * held-out corpora and the suite's held-out half).
 */
import { CUE_FEATURES } from '../features/cues.js';

/** Languages with their own text weight and bias; any other reads `*`. */
export const LAYER_LANGS = ['tha', 'cmn', 'mya', 'eng', '*'] as const;
export type LayerLang = (typeof LAYER_LANGS)[number];

export interface CueLayer {
  /** Cue names, in the order of `weights` (a subset of CUE_FEATURES). */
  readonly names: readonly string[];
  readonly weights: readonly number[];
  /** Weight of the (squashed) text margin, per language. */
  readonly text: Readonly<Record<LayerLang, number>>;
  readonly bias: Readonly<Record<LayerLang, number>>;
  /**
   * The text margin m enters as clip·tanh(m / clip): far from its training sources the text model is
   * overconfident, and a soft limit lets the cues outweigh it while keeping its ranking where no cue fires.
   */
  readonly clip: number;
  /** Cues that make a message at least medium risk whatever else it says (nobody genuine asks for your code). */
  readonly floor?: readonly string[];
  /**
   * A message where every `all` cue fired and no `none` cue did is at most low risk: it gives a code and warns
   * not to share it, and asks for nothing.
   */
  readonly cap?: { readonly all: readonly string[]; readonly none: readonly string[] };
}

/** The rules every layer fitted here carries. */
export const CUE_RULES = {
  floor: ['ask_code'],
  cap: { all: ['code_given', 'never_share'], none: ['ask_code', 'url_risky', 'move_to_chat', 'pay_fee', 'gift_card'] },
} as const;

const maskOf = (names: readonly string[]) => names.reduce((m, n) => m | (1 << CUE_FEATURES.indexOf(n as (typeof CUE_FEATURES)[number])), 0);

/** `floor` or `cap` when one of the layer's rules applies to this cue mask. */
export function cueRule(layer: CueLayer, cues: number): 'floor' | 'cap' | undefined {
  if (cues === 0) return undefined;
  if (layer.floor && (cues & maskOf(layer.floor)) !== 0) return 'floor';
  if (layer.cap) {
    const all = maskOf(layer.cap.all);
    if ((cues & all) === all && (cues & maskOf(layer.cap.none)) === 0) return 'cap';
  }
  return undefined;
}

const squash = (m: number, clip: number) => clip * Math.tanh(m / clip);
const langIndex = (lang: string): number => {
  const i = LAYER_LANGS.indexOf(lang as LayerLang);
  return i < 0 ? LAYER_LANGS.length - 1 : i;
};

const BITS = new WeakMap<CueLayer, Int32Array>();

function bitsOf(layer: CueLayer): Int32Array {
  let b = BITS.get(layer);
  if (!b) BITS.set(layer, (b = Int32Array.from(layer.names, (n) => 1 << CUE_FEATURES.indexOf(n as (typeof CUE_FEATURES)[number]))));
  return b;
}

/** The layer's margin for a text margin `m`, a cue mask and the message's language. */
export function layerMargin(layer: CueLayer, m: number, cues: number, lang: string): number {
  const l = LAYER_LANGS[langIndex(lang)];
  let z = layer.text[l] * squash(m, layer.clip) + layer.bias[l];
  if (cues !== 0) {
    const bits = bitsOf(layer);
    for (let k = 0; k < bits.length; k++) if (cues & bits[k]) z += layer.weights[k];
  }
  return z;
}

/** Contribution of each fired cue (name, weight). */
export function firedCues(layer: CueLayer, cues: number): Array<{ cue: string; weight: number }> {
  const bits = bitsOf(layer);
  const out: Array<{ cue: string; weight: number }> = [];
  for (let k = 0; k < bits.length; k++) if (cues & bits[k]) out.push({ cue: layer.names[k], weight: layer.weights[k] });
  return out;
}

export interface LayerRow {
  readonly margin: number;
  readonly cues: number;
  readonly lang: string;
  readonly y: number;
  readonly weight: number;
}

/** Limits tried for the text margin (1000: in effect none); the one with the lowest weighted log-loss is kept. */
export const CLIPS = [2, 3, 4, 6, 1000];

/**
 * Fit the layer. `l2` shrinks the cue weights (not the text weights or biases) towards 0, so a cue seen on
 * few rows stays small.
 */
export function fitCueLayer(rows: readonly LayerRow[], l2 = 1, clips: readonly number[] = CLIPS, perLanguage = false): CueLayer {
  let best: { layer: CueLayer; loss: number } | undefined;
  for (const clip of clips) {
    const layer = fitAt(rows, clip, l2, perLanguage);
    let loss = 0, wsum = 0;
    for (const r of rows) {
      const z = layerMargin(layer, r.margin, r.cues, r.lang);
      loss += r.weight * (r.y === 1 ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
      wsum += r.weight;
    }
    loss /= wsum;
    if (!best || loss < best.loss - 1e-12) best = { layer, loss };
  }
  return best!.layer;
}

function fitAt(rows: readonly LayerRow[], clip: number, l2: number, perLanguage: boolean): CueLayer {
  const L = LAYER_LANGS.length;
  const names = CUE_FEATURES.filter((_, k) => rows.some((r) => (r.cues & (1 << k)) !== 0));
  const bits = names.map((n) => 1 << CUE_FEATURES.indexOf(n));
  const d = 2 * L + names.length; // [text per language, bias per language, cues…]
  const beta = new Float64Array(d);
  for (let l = 0; l < L; l++) beta[l] = 1;
  const wsum = rows.reduce((a, r) => a + r.weight, 0);
  const xs = rows.map((r) => squash(r.margin, clip));
  const idx: number[] = [];
  const val: number[] = [];
  for (let iter = 0; iter < 50; iter++) {
    const g = new Float64Array(d);
    const h = new Float64Array(d * d);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const l = perLanguage ? langIndex(r.lang) : 0;
      idx.length = val.length = 0;
      idx.push(l, L + l);
      val.push(xs[i], 1);
      for (let k = 0; k < bits.length; k++) if (r.cues & bits[k]) {
        idx.push(2 * L + k);
        val.push(1);
      }
      let z = 0;
      for (let j = 0; j < idx.length; j++) z += beta[idx[j]] * val[j];
      const p = 1 / (1 + Math.exp(-z));
      const w = r.weight / wsum;
      const res = w * (p - r.y);
      const s = w * Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < idx.length; a++) {
        g[idx[a]] += res * val[a];
        for (let b = 0; b < idx.length; b++) h[idx[a] * d + idx[b]] += s * val[a] * val[b];
      }
    }
    const lam = l2 * 1e-3;
    for (let j = 2 * L; j < d; j++) {
      g[j] += lam * beta[j];
      h[j * d + j] += lam;
    }
    // A language with no rows keeps its start values (a tiny ridge keeps the system solvable).
    for (let j = 0; j < 2 * L; j++) {
      g[j] += 1e-6 * (beta[j] - (j < L ? 1 : 0));
      h[j * d + j] += 1e-6;
    }
    const step = solve(h, g, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < 1e-7) break;
  }
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const perLang = (off: number) => Object.fromEntries(LAYER_LANGS.map((l, i) => [l, r6(beta[off + (perLanguage ? i : 0)])])) as Record<LayerLang, number>;
  return { names, weights: names.map((_, k) => r6(beta[2 * L + k])), text: perLang(0), bias: perLang(L), clip, floor: [...CUE_RULES.floor], cap: { all: [...CUE_RULES.cap.all], none: [...CUE_RULES.cap.none] } };
}

/** Solve A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    const piv = m[c * n + c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / piv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= m[c * n + k] * x[k];
    x[c] = s / (m[c * n + c] || 1e-12);
  }
  return x;
}
