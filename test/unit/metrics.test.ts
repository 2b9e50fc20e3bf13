import { averagePrecision, binaryMetrics, expectedCalibrationError, thresholdForBestF1, thresholdForPrecision, thresholdForRecall } from '../../src/model/metrics.js';
import { fitPlatt, applyPlatt } from '../../src/model/calibrate.js';
import { dedupKey, splitOf } from '../../src/model/split.js';

describe('metrics', () => {
  test('average precision matches scikit-learn on its documented example', () => {
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.8333333, 6);
    expect(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(averagePrecision([0.5, 0.5], [1, 0])).toBe(0.5); // a tie is one threshold
    expect(averagePrecision([0.5, 0.4], [0, 0])).toBeNaN();
  });

  test('precision, recall, F1 and confusion at a threshold', () => {
    const m = binaryMetrics([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], 0.5);
    expect(m.confusion).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBe(0.5);
  });

  test('ECE is 0 for perfect calibration and large for confident mistakes', () => {
    expect(expectedCalibrationError([1, 1, 0, 0].map((x) => x * 0.999), [1, 1, 0, 0])).toBeLessThan(0.01);
    expect(expectedCalibrationError([0.99, 0.99], [0, 0])).toBeCloseTo(0.99);
  });

  test('thresholds for a precision and a recall target', () => {
    const s = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const y = [1, 1, 1, 1, 1, 0, 1, 0, 1, 0];
    expect(thresholdForPrecision(s, y, 0.95, 1)).toBe(0.7);
    expect(thresholdForRecall(s, y, 0.9)).toBe(0.3); // 6/7 positives at 0.5, all 7 at 0.3
    expect(thresholdForRecall(s, y, 0.85)).toBe(0.5);
  });

  test('the threshold with the best F1 (hand-computed: all 7 positives and 2 negatives flagged at 0.3)', () => {
    const s = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const y = [1, 1, 1, 1, 1, 0, 1, 0, 1, 0];
    const best = thresholdForBestF1(s, y)!;
    expect(best.threshold).toBe(0.3);
    expect(best.f1).toBeCloseTo(14 / 16, 12);
    expect(binaryMetrics(s, y, best.threshold).f1).toBeCloseTo(best.f1, 12);
    // Tied scores are one threshold: flagging 0.5 takes both rows at 0.5.
    expect(thresholdForBestF1([0.9, 0.5, 0.5], [1, 1, 0])).toEqual({ threshold: 0.5, f1: 0.8 }); // not 1.0: the negative at 0.5 comes too
    // Equal F1 at two thresholds (2/3 flagging 0.9 alone or everything down to 0.6): the higher one.
    expect(thresholdForBestF1([0.9, 0.8, 0.7, 0.6], [1, 0, 0, 1])).toEqual({ threshold: 0.9, f1: 2 / 3 });
    expect(thresholdForBestF1([0.9, 0.1], [0, 0])).toBeNull();
  });

  test('Platt scaling recovers a monotone calibration', () => {
    const margins = [-3, -2, -1, 0, 1, 2, 3, -2.5, 2.5, 0.5];
    const labels = [0, 0, 0, 1, 1, 1, 1, 0, 1, 0];
    const c = fitPlatt(margins, labels);
    expect(c.a).toBeGreaterThan(0);
    expect(applyPlatt(c, 3)).toBeGreaterThan(applyPlatt(c, -3));
  });
});

describe('split', () => {
  test('near-copies (other digits, spacing, punctuation) share a key and a side', () => {
    const a = dedupKey('Your OTP is 123456. Do not share it.');
    const b = dedupKey('Your OTP is 987654 do not share it');
    expect(a).toBe(b);
    expect(splitOf(a)).toBe(splitOf(b));
    expect(dedupKey('รหัส OTP 1234')).toBe(dedupKey('รหัส OTP 5678'));
  });

  test('split proportions are about 80/10/10', () => {
    const n = { train: 0, validation: 0, test: 0 };
    for (let i = 0; i < 20000; i++) n[splitOf(`message number ${i}`)]++;
    expect(n.train / 20000).toBeCloseTo(0.8, 1);
    expect(n.test / 20000).toBeCloseTo(0.1, 1);
  });
});
