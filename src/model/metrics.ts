/** Ranking and classification metrics. Pure functions over (score, label) arrays. */

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryMetrics {
  n: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Average precision (area under the precision–recall curve, step-wise as scikit-learn computes it). */
  ap: number;
  confusion: Confusion;
}

/**
 * Walk the distinct score thresholds from the highest down (tied scores are one threshold), calling `visit`
 * with the cumulative true and false positives flagged at each. Returns the number of positives.
 */
function sweep(scores: ArrayLike<number>, labels: ArrayLike<number>, visit: (threshold: number, tp: number, fp: number) => void): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((i, j) => scores[j] - scores[i] || i - j);
  let tp = 0, fp = 0;
  for (let k = 0; k < idx.length; ) {
    const s = scores[idx[k]];
    while (k < idx.length && scores[idx[k]] === s) {
      if (labels[idx[k]]) tp++;
      else fp++;
      k++;
    }
    visit(s, tp, fp);
  }
  return tp;
}

function positives(labels: ArrayLike<number>): number {
  let P = 0;
  for (let i = 0; i < labels.length; i++) P += labels[i] ? 1 : 0;
  return P;
}

/** Average precision, with tied scores treated as one threshold (as sklearn.metrics.average_precision_score). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const P = positives(labels);
  if (P === 0) return NaN;
  let ap = 0, prevRecall = 0;
  sweep(scores, labels, (_s, tp, fp) => {
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  });
  return ap;
}

export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i] >= threshold;
    if (labels[i]) p ? c.tp++ : c.fn++;
    else p ? c.fp++ : c.tn++;
  }
  return c;
}

export function binaryMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): BinaryMetrics {
  const c = confusionAt(scores, labels, threshold);
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { n: scores.length, positives: c.tp + c.fn, precision, recall, f1, ap: averagePrecision(scores, labels), confusion: c };
}

/** Per equal-width score bin: sum of scores, sum of labels, count. */
function binned(scores: ArrayLike<number>, labels: ArrayLike<number>, bins: number) {
  const sum = new Float64Array(bins), hit = new Float64Array(bins), cnt = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.floor(scores[i] * bins));
    sum[b] += scores[i];
    hit[b] += labels[i];
    cnt[b]++;
  }
  return { sum, hit, cnt };
}

/** Expected calibration error over equal-width bins. */
export function expectedCalibrationError(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  const { sum, hit, cnt } = binned(scores, labels, bins);
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b] > 0) e += Math.abs(sum[b] - hit[b]);
  return scores.length > 0 ? e / scores.length : NaN;
}

/** Lowest threshold whose flagged set has precision ≥ target (with at least minFlagged flagged); null if none. */
export function thresholdForPrecision(scores: ArrayLike<number>, labels: ArrayLike<number>, target: number, minFlagged = 5): number | null {
  let best: number | null = null;
  sweep(scores, labels, (s, tp, fp) => {
    if (tp + fp >= minFlagged && tp / (tp + fp) >= target) best = s;
  });
  return best;
}

/** Highest threshold whose flagged set reaches recall ≥ target; null when there are no positives. */
export function thresholdForRecall(scores: ArrayLike<number>, labels: ArrayLike<number>, target: number): number | null {
  const P = positives(labels);
  if (P === 0) return null;
  let found: number | null = null;
  sweep(scores, labels, (s, tp) => {
    if (found === null && tp / P >= target) found = s;
  });
  return found;
}

/**
 * The threshold with the highest F1 (flagging scores ≥ it) and that F1; on a tie the highest such threshold.
 * Null when there are no positives. Chosen on one split and applied to another, it compares models at each
 * one's own operating point instead of at a fixed 0.5 that their scores need not share.
 */
export function thresholdForBestF1(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; f1: number } | null {
  const P = positives(labels);
  if (P === 0) return null;
  let best: { threshold: number; f1: number } | null = null;
  sweep(scores, labels, (s, tp, fp) => {
    const f1 = (2 * tp) / (tp + fp + P);
    if (best === null || f1 > best.f1) best = { threshold: s, f1 };
  });
  return best;
}

export interface ReliabilityBin {
  /** Bin [lo, hi) of predicted score (the last bin includes 1). */
  lo: number;
  hi: number;
  n: number;
  /** Mean predicted score in the bin. */
  predicted: number;
  /** Observed share of positives in the bin. */
  observed: number;
}

/** Reliability table over equal-width bins (empty bins omitted). */
export function reliability(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const { sum, hit, cnt } = binned(scores, labels, bins);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (cnt[b] === 0) continue;
    out.push({ lo: b / bins, hi: (b + 1) / bins, n: cnt[b], predicted: Math.round((sum[b] / cnt[b]) * 10000) / 10000, observed: Math.round((hit[b] / cnt[b]) * 10000) / 10000 });
  }
  return out;
}
