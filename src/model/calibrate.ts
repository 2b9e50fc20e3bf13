/**
 * Platt scaling: p = sigmoid(a·margin + b), fitted by Newton's method on held-out (validation) margins with
 * Platt's smoothed targets, so the score reads as a probability.
 */
import { sigmoid } from './linear.js';

export interface Platt {
  readonly a: number;
  readonly b: number;
}

export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): Platt {
  const n = margins.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i];
  const neg = n - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const t = labels[i] ? hi : lo;
      const p = sigmoid(a * margins[i] + b);
      const d = p - t;
      const w = p * (1 - p);
      ga += d * margins[i];
      gb += d;
      haa += w * margins[i] * margins[i];
      hab += w * margins[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

export function applyPlatt(c: Platt, margin: number): number {
  return sigmoid(c.a * margin + c.b);
}
