/** From a margin to a calibrated score and a risk label, with the model's per-language settings. */
import { applyPlatt } from './calibrate.js';
import { margin, sigmoid } from './linear.js';
import { cueRule, layerMargin } from './cuelayer.js';
import type { SparseVector } from '../features/index.js';
import type { LangKey, Model, Thresholds } from './format.js';
import type { RiskLabel } from './evaluate.js';
import type { Lang } from '../lang/index.js';

export function thresholdsFor(model: Pick<Model, 'thresholds'>, lang: Lang): Thresholds {
  return model.thresholds[lang] ?? model.thresholds['*'] ?? { high: 0.9, medium: 0.5 };
}

export function riskLabel(t: Thresholds, score: number): RiskLabel {
  return score >= t.high ? 'high' : score >= t.medium ? 'medium' : 'low';
}

export function calibrated(model: Pick<Model, 'calibration'>, lang: Lang, m: number): number {
  const c = model.calibration[lang as LangKey] ?? model.calibration['*'];
  return c ? applyPlatt(c, m) : sigmoid(m);
}

/** The risk margin of a message: the text model's margin, through the cue layer when the model has one. */
export function riskMargin(model: Pick<Model, 'linear' | 'cues'>, x: SparseVector, cues: number, lang: Lang): number {
  const m = margin(model.linear, x);
  return model.cues ? layerMargin(model.cues, m, cues, lang) : m;
}

/**
 * The calibrated score of a message (from its `riskMargin`) after the cue layer's rules: at least the medium
 * threshold when a floor cue fired (it asks for a code), just under it when the cap applies (it gives a code and
 * warns not to share it, asking for nothing).
 */
export function riskScore(model: Pick<Model, 'cues' | 'calibration' | 'thresholds'>, riskMargin: number, cues: number, lang: Lang): number {
  const score = calibrated(model, lang, riskMargin);
  const rule = model.cues ? cueRule(model.cues, cues) : undefined;
  if (rule === undefined) return score;
  const t = thresholdsFor(model, lang);
  return rule === 'floor' ? Math.max(score, t.medium) : Math.min(score, Math.max(0, t.medium - 1e-4));
}
