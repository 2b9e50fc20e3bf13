/**
 * Band key → union-find node, with the time each key was last hit, in three typed arrays (open addressing,
 * linear probing): 16 bytes a slot at most half full, where a `Map` with 53-bit keys (each a heap number) takes
 * ~3× that. Keys are non-negative integers below 2^53; times are a wrapping 32-bit clock the grouper advances.
 */
import { fmix32 } from './minhash.js';

export class KeyTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private hits: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.keys = new Float64Array(capacity).fill(-1);
    this.vals = new Int32Array(capacity);
    this.hits = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(k: number): number {
    // Low and high 32 bits of the key, mixed.
    return fmix32((k >>> 0) ^ Math.imul(Math.floor(k / 0x100000000), 0x9e3779b1)) & this.mask;
  }

  /** The value of `k`, or −1; a key found is marked as hit at time `now`. */
  hit(k: number, now: number): number {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const x = this.keys[i];
      if (x === k) {
        this.hits[i] = now;
        return this.vals[i];
      }
      if (x === -1) return -1;
    }
  }

  /** The value of `k`, or −1. */
  get(k: number): number {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const x = this.keys[i];
      if (x === k) return this.vals[i];
      if (x === -1) return -1;
    }
  }

  set(k: number, v: number, now = 0): void {
    if (2 * (this.size + 1) > this.keys.length) this.resize(this.keys.length * 2);
    this.put(k, v, now);
  }

  private put(k: number, v: number, now: number): void {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const x = this.keys[i];
      if (x === k) {
        this.vals[i] = v;
        this.hits[i] = now;
        return;
      }
      if (x === -1) {
        this.keys[i] = k;
        this.vals[i] = v;
        this.hits[i] = now;
        this.size++;
        return;
      }
    }
  }

  private resize(capacity: number): void {
    const keys = this.keys, vals = this.vals, hits = this.hits;
    this.keys = new Float64Array(capacity).fill(-1);
    this.vals = new Int32Array(capacity);
    this.hits = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.put(keys[i], vals[i], hits[i]);
  }

  /** Survivors of the last `retain`, copied out; kept for the next one (sweeps repeat, and the sizes are alike). */
  private scratch = { keys: new Float64Array(0), vals: new Int32Array(0), hits: new Uint32Array(0) };

  /**
   * Keep the entries for which `f(key, value, hit)` returns a value ≥ 0 (stored as the new value), drop the rest.
   * Rebuilt in place (the survivors copied out first), so a sweep never holds two full-size tables at once.
   */
  retain(f: (k: number, v: number, hit: number) => number): void {
    let m = 0;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === -1) continue;
      const v = f(this.keys[i], this.vals[i], this.hits[i]);
      if (v < 0) this.keys[i] = -2;
      else {
        this.vals[i] = v;
        m++;
      }
    }
    if (this.scratch.keys.length < m) {
      const n = Math.max(m, 2 * this.scratch.keys.length);
      this.scratch = { keys: new Float64Array(n), vals: new Int32Array(n), hits: new Uint32Array(n) };
    }
    const { keys, vals, hits } = this.scratch;
    for (let i = 0, j = 0; i < this.keys.length; i++) {
      if (this.keys[i] < 0) continue;
      keys[j] = this.keys[i];
      vals[j] = this.vals[i];
      hits[j++] = this.hits[i];
    }
    this.keys.fill(-1);
    this.size = 0;
    for (let i = 0; i < m; i++) this.put(keys[i], vals[i], hits[i]);
  }

  /** Calls `f(key, value)` for every entry. */
  forEach(f: (k: number, v: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) f(this.keys[i], this.vals[i]);
  }

  /** Bytes held by the arrays. */
  get bytes(): number {
    return this.keys.length * 16;
  }
}
