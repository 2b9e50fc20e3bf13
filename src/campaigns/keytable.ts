/**
 * Band key → union-find node, in two typed arrays (open addressing, linear probing): 12 bytes a slot at most half
 * full, where a `Map` with 53-bit keys (each a heap number) takes ~4× that. Keys are non-negative integers below 2^53.
 */
import { fmix32 } from './minhash.js';

export class KeyTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.keys = new Float64Array(capacity).fill(-1);
    this.vals = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(k: number): number {
    // Low and high 32 bits of the key, mixed.
    return fmix32((k >>> 0) ^ Math.imul(Math.floor(k / 0x100000000), 0x9e3779b1)) & this.mask;
  }

  /** The value of `k`, or −1. */
  get(k: number): number {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const x = this.keys[i];
      if (x === k) return this.vals[i];
      if (x === -1) return -1;
    }
  }

  set(k: number, v: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const x = this.keys[i];
      if (x === k) {
        this.vals[i] = v;
        return;
      }
      if (x === -1) {
        this.keys[i] = k;
        this.vals[i] = v;
        this.size++;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys, vals = this.vals;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.vals = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i], vals[i]);
  }

  /** Calls `f(key, value)` for every entry. */
  forEach(f: (k: number, v: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) f(this.keys[i], this.vals[i]);
  }
}
