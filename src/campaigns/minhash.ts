/**
 * MinHash signatures and LSH band keys over 32-bit shingle hashes. Pure and frozen: campaign ids and the band
 * keys shard results are merged by come from these functions, so changing a constant here changes every id.
 *
 * Written here rather than taken from npm: `minhash` 0.0.9 hashes strings itself (a 31-multiplier hash over
 * UTF-16 units, not the feature stage's hashes), computes `(a·x + b) mod p` in doubles past 2^53 (low bits
 * lost) and keeps every member of every bucket in its LSH index (unbounded); `simhash-js` 1.0.0 is a SimHash
 * over strings, whose 32-bit fingerprints of short messages where one word in five differs are not reliably near.
 */

/** Hash functions per signature = BANDS × ROWS. */
export const BANDS = 24;
export const ROWS = 8;
export const SIGNATURE_LENGTH = BANDS * ROWS;

/** murmur3's 32-bit finalizer: a bijection on 32-bit integers that mixes every input bit into every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FILLED = new Uint8Array(4096);

/**
 * The MinHash signature of a set of 32-bit hashes (duplicates allowed), by one-permutation hashing with optimal
 * densification (Shrivastava, ICML 2017): each element is hashed once, into one of SIGNATURE_LENGTH bins, and
 * each bin keeps its smallest value; an empty bin takes the value of the first non-empty bin along its own fixed
 * probe sequence. Two sets agree at a position with probability equal to their Jaccard similarity, as with
 * SIGNATURE_LENGTH independent hash functions, at the cost of one hash per element instead of
 * SIGNATURE_LENGTH (a long post has thousands of features).
 */
export function signature(shingles: ArrayLike<number>, out: Uint32Array = new Uint32Array(SIGNATURE_LENGTH)): Uint32Array {
  const k = SIGNATURE_LENGTH;
  out.fill(0xffffffff);
  FILLED.fill(0, 0, k);
  const n = shingles.length;
  let filled = 0;
  for (let j = 0; j < n; j++) {
    const x = shingles[j] >>> 0;
    const h = fmix32(x);
    const bin = Math.floor((h / 0x100000000) * k);
    const v = fmix32(x ^ 0x9e3779b9);
    if (FILLED[bin] === 0) {
      FILLED[bin] = 1;
      filled++;
      out[bin] = v;
    } else if (v < out[bin]) out[bin] = v;
  }
  if (filled === 0 || filled === k) return out;
  for (let i = 0; i < k; i++) {
    if (FILLED[i] === 1) continue;
    for (let attempt = 1; ; attempt++) {
      const c = Math.floor((fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) / 0x100000000) * k);
      if (FILLED[c] === 1) {
        out[i] = out[c];
        break;
      }
    }
  }
  return out;
}

/** Fraction of positions where two signatures agree: an estimate of the Jaccard similarity of their sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The LSH band keys of a signature: band b hashes its ROWS values (with b) into a 53-bit integer (exact in a
 * double; two 32-bit hashes so that a million messages' keys do not collide by chance). Two sets share a band
 * key with probability 1 − (1 − J^ROWS)^BANDS: 0.99 at Jaccard 0.8, 0.92 at 0.75, 0.73 at 0.7, 0.09 at 0.5,
 * 0.016 at 0.4. 16 bands of 8 left three-message families of hand-written templates split; 20 bands of 6
 * chained different templates of data/zh-telecom-fraud into one 1,700-message campaign.
 */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h1 = Math.imul(b + 1, 0x9e3779b1) >>> 0;
    let h2 = fmix32(b ^ 0x5bd1e995);
    for (let r = 0; r < ROWS; r++) {
      const v = sig[b * ROWS + r];
      h1 = fmix32((h1 ^ v) + 0x7f4a7c15);
      h2 = fmix32(Math.imul(h2 ^ v, 0x01000193) + r);
    }
    keys.push((h1 & 0x1fffff) * 0x100000000 + h2);
  }
  return keys;
}

/** A 53-bit hash of a sequence of 32-bit values (content hashes: campaign ids, representatives). */
export function hash53(values: ArrayLike<number>): number {
  let h1 = 0x12345678, h2 = 0x9abcdef0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] >>> 0;
    h1 = fmix32(h1 ^ v) + i;
    h2 = fmix32(Math.imul(h2 ^ v, 0x01000193) ^ 0x85ebca6b);
  }
  return ((fmix32(h1) & 0x1fffff) * 0x100000000) + fmix32(h2 ^ values.length);
}

/** A 53-bit integer as 14 hex digits (fixed width, so ids sort as their numbers). */
export function hex53(n: number): string {
  return n.toString(16).padStart(14, '0');
}
