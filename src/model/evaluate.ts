/**
 * Evaluation of scored, labeled messages: precision/recall/F1 at a calibrated score of 0.5, average precision,
 * calibration error, and the confusion of truth against risk label — overall, per language and per corpus.
 */
import { averagePrecision, binaryMetrics, expectedCalibrationError, reliability, type ReliabilityBin } from './metrics.js';
import type { GroupMetrics } from './format.js';

export type RiskLabel = 'high' | 'medium' | 'low';

export interface Scored {
  readonly score: number;
  readonly y: 0 | 1;
  readonly lang: string;
  readonly corpus: string;
  readonly label: RiskLabel;
}

export interface Evaluation {
  overall: GroupMetrics;
  byLang: Record<string, GroupMetrics>;
  byCorpus: Record<string, GroupMetrics>;
  /** truth (`positive` = scam/spam, `negative` = ham) × risk label. */
  confusion: Record<'positive' | 'negative', Record<RiskLabel, number>>;
  /** Reliability of the calibrated score over all rows (10 bins). */
  reliability: ReliabilityBin[];
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function groupMetrics(rows: readonly Scored[]): GroupMetrics {
  const s = rows.map((r) => r.score);
  const y = rows.map((r) => r.y);
  const m = binaryMetrics(s, y, 0.5);
  const ap = averagePrecision(s, y);
  return {
    n: m.n,
    positives: m.positives,
    precision: round(m.precision),
    recall: round(m.recall),
    f1: round(m.f1),
    ap: Number.isNaN(ap) ? null : round(ap),
    ece: rows.length > 0 ? round(expectedCalibrationError(s, y)) : 0,
  };
}

function groupBy(rows: readonly Scored[], key: (r: Scored) => string): Record<string, GroupMetrics> {
  const groups = new Map<string, Scored[]>();
  for (const r of rows) {
    const k = key(r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const out: Record<string, GroupMetrics> = {};
  for (const k of [...groups.keys()].sort()) out[k] = groupMetrics(groups.get(k)!);
  return out;
}

export function evaluate(rows: readonly Scored[]): Evaluation {
  const confusion = {
    positive: { high: 0, medium: 0, low: 0 },
    negative: { high: 0, medium: 0, low: 0 },
  };
  for (const r of rows) confusion[r.y ? 'positive' : 'negative'][r.label]++;
  return {
    overall: groupMetrics(rows),
    byLang: groupBy(rows, (r) => r.lang),
    byCorpus: groupBy(rows, (r) => r.corpus),
    confusion,
    reliability: reliability(rows.map((r) => r.score), rows.map((r) => r.y)),
  };
}
