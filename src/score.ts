/**
 * analyze + model → the Score record: calibrated probability, risk label and the features behind it.
 * Composition only.
 */
import { analyze, type DetailedAnalysis } from './analyze.js';
import { margin } from './model/linear.js';
import type { Model } from './model/format.js';
import { calibrated, riskLabel, thresholdsFor } from './model/predict.js';
import type { RiskLabel } from './model/evaluate.js';
import type { Lang } from './lang/index.js';
import { originalSpan } from './normalize/index.js';

export interface Reason {
  /** Namespaced feature, e.g. `w:รางวัล`, `u:shortener`, `h:点击`. */
  readonly feature: string;
  /** The feature's weight in the model (its push towards scam). */
  readonly weight: number;
  /** Span [start, end) in the original message, when the feature came from one place. */
  readonly span?: [number, number];
}

export interface Score {
  readonly label: RiskLabel;
  /** Calibrated probability that the message is a scam or spam. */
  readonly score: number;
  readonly lang: Lang;
  /** The features that pushed the score up most. */
  readonly reasons: Reason[];
  /** Set when the message was converted from Zawgyi to Unicode before scoring. */
  readonly zawgyi?: true;
}

/**
 * Score one message with a loaded model. `maxReasons` features are explained (0 for none); with `spans` false
 * the reasons carry no span (the batch path, which prints feature names only, skips building the offset map).
 */
export function scoreText(model: Model, text: string, maxReasons = 3, spans = true): Score {
  const a = analyze(text, model.features, spans);
  return scoreAnalysis(model, a, maxReasons);
}

export function scoreAnalysis(model: Model, a: DetailedAnalysis, maxReasons = 3): Score {
  const m = margin(model.linear, a.features);
  const lang = a.lang.lang;
  const score = calibrated(model, lang, m);
  const label = riskLabel(thresholdsFor(model, lang), score);
  const reasons = maxReasons > 0 ? topReasons(model, a, maxReasons) : [];
  const out: Score = { label, score: Math.round(score * 10000) / 10000, lang, reasons };
  return a.normalized.zawgyi ? { ...out, zawgyi: true } : out;
}

function topReasons(model: Model, a: DetailedAnalysis, k: number): Reason[] {
  const w = model.linear.weights;
  // Keep the k largest positive weights in a small sorted array (no full sort of long posts' features).
  const top: number[] = []; // indices into a.names
  const idxOf = a.features.nameIndex;
  for (let i = 0; i < a.names.length; i++) {
    const weight = w[idxOf[i]];
    if (!(weight > 0) || (top.length === k && weight <= w[idxOf[top[k - 1]]])) continue;
    if (top.some((j) => idxOf[j] === idxOf[i]) || a.names[i][0].startsWith('l:')) continue;
    let pos = top.length;
    while (pos > 0 && w[idxOf[top[pos - 1]]] < weight) pos--;
    top.splice(pos, 0, i);
    if (top.length > k) top.pop();
  }
  return top.map((i) => {
    const [feature, start, end] = a.names[i];
    const weight = Math.round(w[idxOf[i]] * 1000) / 1000;
    return a.normalized.offsets.length > 0 ? { feature, weight, span: originalSpan(a.normalized, start, end) } : { feature, weight };
  });
}
