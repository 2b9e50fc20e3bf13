/** The linear model's training pieces: naive-Bayes scaling and its folding into saved weights; int16 weights. */
import fc from 'fast-check';
import { foldScales, margin, nbScales, quantize, scaleVector, stateFromWeights, trainLinear, weightOf, DEFAULT_TRAIN, type Example } from '../../src/model/linear.js';
import type { SparseVector } from '../../src/features/index.js';

const vec = (indices: number[]): SparseVector => ({ indices: Uint32Array.from(indices), values: new Float32Array(indices.length).fill(1 / Math.sqrt(indices.length)) });

// Hand-written toy data over 16 buckets: bucket 3 only in scam rows, bucket 5 in every row, bucket 7 mostly ham.
const ROWS: Example[] = [
  { x: vec([3, 5]), y: 1, weight: 1 },
  { x: vec([3, 5, 9]), y: 1, weight: 1 },
  { x: vec([3, 5, 7]), y: 1, weight: 1 },
  { x: vec([5, 7]), y: 0, weight: 1 },
  { x: vec([5, 7, 9]), y: 0, weight: 1 },
  { x: vec([5, 7, 11]), y: 0, weight: 1 },
];

describe('naive-Bayes scaling', () => {
  test('a bucket that separates the classes gets a larger scale than one in every row; k = 0 scales nothing', () => {
    const s = nbScales(ROWS, 4, 1);
    // Bucket 5 is in all six rows: ratio 0, scale 1. Bucket 3 is in the three scam rows only: (3+1)/1 → 1 + ln 4.
    expect(s[5]).toBeCloseTo(1, 12);
    expect(s[3]).toBeCloseTo(1 + Math.log(4), 12);
    // Bucket 7: one scam row, three ham rows → |ln(2/4)|; the sign is not kept (the model learns it).
    expect(s[7]).toBeCloseTo(1 + Math.log(2), 12);
    expect(s[3]).toBeGreaterThan(s[7]);
    // Unseen buckets are neutral.
    expect(s[0]).toBeCloseTo(1, 12);
    expect(Array.from(nbScales(ROWS, 4, 0)).every((x) => x === 1)).toBe(true);
  });

  test('example weights count: a row weighted 3 counts as three rows', () => {
    const weighted: Example[] = [{ x: vec([2]), y: 1, weight: 3 }, { x: vec([4]), y: 0, weight: 1 }];
    const repeated: Example[] = [...Array(3).fill({ x: vec([2]), y: 1, weight: 1 }), { x: vec([4]), y: 0, weight: 1 }];
    expect(Array.from(nbScales(weighted, 3, 0.5))).toEqual(Array.from(nbScales(repeated, 3, 0.5)));
  });

  test('folded weights score an unscaled vector exactly as the trained weights score the scaled one', () => {
    const s = nbScales(ROWS, 4, 0.5);
    const trained = trainLinear(ROWS.map((e) => ({ ...e, x: scaleVector(e.x, s) })), 4, { ...DEFAULT_TRAIN, l1: 0, epochs: 5 }).model;
    const folded = foldScales(trained, s);
    for (const e of ROWS) expect(margin(folded, e.x)).toBeCloseTo(margin(trained, scaleVector(e.x, s)), 5);
    // The bucket only scams have ends up positive, the mostly-ham bucket negative.
    expect(folded.weights[3]).toBeGreaterThan(0);
    expect(folded.weights[7]).toBeLessThan(0);
  });

  test('property: unfolding then folding gives the weights back (float32)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 }), fc.array(fc.double({ min: 1, max: 20, noNaN: true }), { minLength: 8, maxLength: 8 }), (w, sc) => {
        const m = { weights: Float32Array.from(w), bias: 0.25 };
        const s = Float64Array.from(sc);
        const back = foldScales(foldScales(m, s, true), s);
        for (let j = 0; j < 8; j++) expect(back.weights[j]).toBeCloseTo(m.weights[j], 4);
        expect(back.bias).toBe(0.25);
      }),
    );
  });
});

describe('int16 weights (as model files store them)', () => {
  const weights = fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 64 });

  test('property: each weight is kept within half a step; the largest is ±32767 steps; zeros stay zero; a second quantize changes nothing', () => {
    fc.assert(
      fc.property(weights, (w) => {
        const m = { weights: Float32Array.from(w), bias: -1.5 };
        const q = quantize(m);
        expect(q.weights).toBeInstanceOf(Int16Array);
        expect(q.bias).toBe(-1.5);
        const max = Math.max(...m.weights.map(Math.abs));
        for (let j = 0; j < w.length; j++) {
          expect(Math.abs(weightOf(q, j) - m.weights[j])).toBeLessThanOrEqual(q.scale / 2 + 1e-12);
          if (m.weights[j] === 0) expect(q.weights[j]).toBe(0);
          if (max > 0 && Math.abs(m.weights[j]) === max) expect(Math.abs(q.weights[j])).toBe(32767);
        }
        expect(quantize(q)).toBe(q);
      }),
    );
  });

  test('property: a margin moves by at most half a step per unit of the vector\'s L1 norm', () => {
    fc.assert(
      fc.property(weights, fc.array(fc.nat(63), { minLength: 1, maxLength: 20 }), (w, picks) => {
        const m = { weights: Float32Array.from(w), bias: 0.5 };
        const idx = [...new Set(picks.map((p) => p % w.length))].sort((a, b) => a - b);
        const x = vec(idx);
        const q = quantize(m);
        const l1 = x.values.reduce((a, b) => a + b, 0);
        expect(Math.abs(margin(q, x) - margin(m, x))).toBeLessThanOrEqual((q.scale / 2) * l1 + 1e-9);
      }),
    );
  });

  test('training can continue from int16 weights: the optimiser state reproduces them', () => {
    const trained = quantize(trainLinear(ROWS, 4, { ...DEFAULT_TRAIN, l1: 0, epochs: 5 }).model);
    const st = stateFromWeights(trained, { ...DEFAULT_TRAIN, l1: 0 });
    const k = DEFAULT_TRAIN.beta / DEFAULT_TRAIN.alpha + DEFAULT_TRAIN.l2;
    for (let j = 0; j < 16; j++) expect(-st.z[j] / k).toBeCloseTo(weightOf(trained, j), 6);
  });
});
