/** From a margin to a calibrated score and a risk label, with the model's per-language settings. */
import { applyPlatt } from './calibrate.js';
import { sigmoid } from './linear.js';
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
