/**
 * The feature hash: 32-bit FNV-1a over the UTF-8 bytes of the string. Frozen: models store hashed weights,
 * so changing this function silently breaks every saved model (tests pin known outputs).
 */
export function fnv1a(s: string): number {
  return fnv1aMore(0x811c9dc5, s) >>> 0;
}

/** FNV-1a offset basis: the state before any byte. */
export const FNV_BASIS = 0x811c9dc5 | 0;

/**
 * Continue an FNV-1a state over the UTF-8 bytes of `s`, so `fnv1aMore(fnv1aMore(FNV_BASIS, a), b) >>> 0`
 * equals `fnv1a(a + b)` whenever no surrogate pair is split between `a` and `b`. Lets the features stage hash
 * `w:` + token without building the string.
 */
export function fnv1aMore(state: number, s: string): number {
  // The length is read once: token strings come in many representations (sliced, flat, one- or two-byte), which
  // makes `s.length` a megamorphic property load — once per character when it sat in the loop condition.
  return fnv1aRange(state, s, 0, s.length);
}

/**
 * `s.charCodeAt` reached through a property load is, in a function that sees strings of every representation
 * (this one: tokens and whole texts; sliced, flat, concatenated, one- or two-byte — each a different hidden
 * class), a megamorphic load per call; called as a known function it compiles to the character read itself
 * (bench/RESULTS.md, 2026-12-02, megamorphic string loads).
 */
const charCodeAt = String.prototype.charCodeAt;

/** `fnv1aMore(state, s.slice(from, to))` without the slice (nor a property load): the scoring path hashes tokens
 * as spans of the normalized text. A surrogate pair split by `to` hashes as U+FFFD, like the slice would. */
export function fnv1aRange(state: number, s: string, from: number, to: number): number {
  let h = state;
  const n = to;
  for (let i = from; i < n; i++) {
    let c = charCodeAt.call(s, i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = charCodeAt.call(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: hashed as U+FFFD, like TextEncoder
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    }
  }
  return h;
}
