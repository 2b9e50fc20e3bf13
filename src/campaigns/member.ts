/** One message through the `score` pipeline (same analysis, same model, same label), kept when risky enough. */
import { analyze } from '../analyze.js';
import { scoreAnalysis, type Score } from '../score.js';
import type { Model } from '../model/format.js';
import { patternSetOf } from '../model/types.js';
import type { RiskLabel } from '../model/evaluate.js';
import { shinglesOf } from './shingles.js';
import { indicatorsOf } from './indicators.js';
import type { Member } from './grouper.js';

const RANK: Record<RiskLabel, number> = { low: 0, medium: 1, high: 2 };

export interface Threshold {
  /** Lowest risk label kept (default medium). */
  readonly minLabel: RiskLabel;
  /** Lowest score kept (default 0). */
  readonly minScore: number;
}

/**
 * Score `text` exactly as `score` does (the batch path: no spans, no reasons) and, when it reaches the threshold,
 * return the member the grouper takes; `score` is returned either way.
 */
export function memberOf(model: Model, text: string, row: number, th: Threshold, time?: string): { score: Score; member?: Member } {
  const a = analyze(text, model.features, false, model.features.patternFeatures && model.types ? patternSetOf(model.types) : undefined);
  const score = scoreAnalysis(model, a, 0, text);
  if (RANK[score.label] < RANK[th.minLabel] || score.score < th.minScore) return { score };
  const member: Member = {
    row,
    ...(time !== undefined ? { time } : {}),
    lang: score.lang,
    ...(score.type ? { type: score.type.name } : {}),
    score: score.score,
    text,
    shingles: shinglesOf(a).hashes,
    indicators: indicatorsOf(score.entities, score.lang),
  };
  return { score, member };
}
