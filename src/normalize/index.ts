/**
 * Stage 1: normalize. Pure and idempotent: normalize(normalize(x).text).text === normalize(x).text.
 *
 * - Unicode NFKC (folds full-width forms, compatibility characters);
 * - invisible characters removed (zero-width space/joiners, BOM, soft hyphen, bidi controls, other Cf);
 * - Thai, Burmese, Arabic-Indic and other decimal digits mapped to ASCII digits;
 * - Burmese text in legacy Zawgyi encoding converted to Unicode when the detector is confident;
 * - disguised Latin words undone: look-alike letters, spelled-out letters, leetspeak (see disguise.ts);
 * - Traditional Chinese characters mapped to Simplified, so one model serves both.
 *
 * `offsets[i]` is the UTF-16 index in the original text that normalized index i came from, so spans
 * found later can be shown in the message as the user sent it.
 *
 * One file (over 300 lines): every normalization step keeps the offset map back to the original in step, and the
 * map's bookkeeping is shared by all of them.
 */
import { loadDependency } from '../load.js';
import type myanmarTools from 'myanmar-tools';
import { toSimplified } from './chinese.js';
import { foldHomoglyphs, foldLeet, joinSpaced } from './disguise.js';
import { zawgyiToUnicodeFast } from './zawgyi.js';
import { zawgyiOffsets } from './zawgyi-offsets.js';

export interface NormalizedText {
  /** The normalized text. */
  readonly text: string;
  /** For each UTF-16 index of `text`, the UTF-16 index in the original it came from; length text.length + 1. */
  readonly offsets: Int32Array;
  /** True when the message was detected as Zawgyi-encoded Burmese and converted to Unicode. */
  readonly zawgyi: boolean;
  /** True when Traditional Chinese characters were mapped to Simplified. */
  readonly traditional: boolean;
  /** Set by the fast path (no offset map): true when normalization kept every character in place. */
  readonly aligned?: boolean;
  /**
   * Set by the fast path: true when the only change that moved characters was removing invisible ones, so
   * `invisibleOffsets(original)` is the offset map (no second full normalization needed for spans).
   */
  readonly invisibleOnly?: boolean;
}

/** Probability above which Zawgyi text is converted (the detector is near 0 or near 1 on real text). */
export const ZAWGYI_THRESHOLD = 0.95;

// Invisible/format characters: ZWSP..RLM, LRE..RLO, WJ..invisible operators, LRI..PDI, BOM, soft hyphen,
// Mongolian vowel separator, combining grapheme joiner, interlinear annotation, variation selectors (the BMP
// ranges below, listed once: the regex and the code-unit table are both built from them), plus tag characters
// and lone surrogates. Tag characters are astral, so the regex names them as \u{…} code points: in a `u` regex
// the surrogate pair \uDB40\uDC41 never matches a well-formed pair, which is how they went through unremoved
// before 2026-11-29.
// ZWJ/ZWNJ are removed too: Thai/Chinese/English never need them, and in Burmese they only alter glyph shaping.
const INVISIBLE_BMP: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180e, 0x180e],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xfff9, 0xfffb],
];
const u4 = (c: number) => '\\u' + c.toString(16).padStart(4, '0');
const INVISIBLE = new RegExp(
  `[${INVISIBLE_BMP.map(([a, b]) => (a === b ? u4(a) : `${u4(a)}-${u4(b)}`)).join('')}\\u{E0000}-\\u{E007F}]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
  'gu',
);
/** 1 for the BMP invisible characters, by code unit. */
const INVISIBLE_UNIT = new Uint8Array(0x10000);
for (const [a, b] of INVISIBLE_BMP) INVISIBLE_UNIT.fill(1, a, b + 1);
/** The expression `hasInvisible` stands for (kept for its test). */
export const INVISIBLE_TEST = new RegExp(INVISIBLE.source, 'u');

/**
 * Whether `INVISIBLE` matches anywhere in `text`, by a scan of the code-unit table: the regular expression is a
 * `u` expression with lookarounds, ~10 ns per character, which on a 640-character Burmese post was a tenth of
 * normalizing it. A test holds the two equal.
 */
export function hasInvisible(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xad) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return true; // lone high surrogate
      if (c === 0xdb40 && d <= 0xdc7f) return true; // tag character U+E0000..U+E007F
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true; // lone low surrogate
    else if (INVISIBLE_UNIT[c] === 1) return true;
  }
  return false;
}

/** Decimal digit blocks (zero code point) folded to ASCII. NFKC already folds full-width digits. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0e50, 0x0ed0, 0x1040, 0x1090, 0x17e0, 0x1810];
const DIGIT_TEST = /[\u0660-\u0669\u06F0-\u06F9\u07C0-\u07C9\u0966-\u096F\u09E6-\u09EF\u0E50-\u0E59\u0ED0-\u0ED9\u1040-\u1049\u1090-\u1099\u17E0-\u17E9\u1810-\u1819]/;
const DIGIT_ALL = new RegExp(DIGIT_TEST.source, 'g');
const MYANMAR = /[\u1000-\u109F]/;

function foldDigit(ch: string): string {
  const cp = ch.charCodeAt(0);
  for (const z of DIGIT_ZEROS) if (cp >= z && cp <= z + 9) return String.fromCharCode(48 + cp - z);
  return ch;
}

let detector: InstanceType<typeof myanmarTools.ZawgyiDetector> | undefined;
// myanmar-tools is loaded the first time a message has Myanmar letters.
function zawgyiDetector() {
  return (detector ??= new (loadDependency('myanmar-tools') as typeof myanmarTools).ZawgyiDetector());
}

/** Characters the Zawgyi detector reads: enough to decide, and long posts do not pay for their whole length. */
const ZAWGYI_SAMPLE = 600;

/** Probability (0–1) that the text is Zawgyi-encoded Burmese; 0 for text without Myanmar letters. */
export function zawgyiProbability(text: string): number {
  if (!MYANMAR.test(text)) return 0;
  const p = zawgyiDetector().getZawgyiProbability(text.length > ZAWGYI_SAMPLE ? text.slice(0, ZAWGYI_SAMPLE) : text);
  return Number.isFinite(p) ? p : 0;
}

/**
 * myanmar-tools' conversion (its rules, run by `zawgyiToUnicodeFast`: same output, ~12× faster) makes passes
 * over its whole input and slows down more than linearly on long strings, while its rules only touch Myanmar
 * code points within a syllable. So only runs of Myanmar text are converted, in pieces of at most ~300
 * characters cut at whitespace.
 */
function zawgyiToUnicode(text: string): string {
  return text.replace(/[\u1000-\u109F][\u1000-\u109F\s]*/g, (run) => {
    if (run.length <= 300) return zawgyiToUnicodeFast(run);
    const parts: string[] = [];
    let start = 0;
    while (start < run.length) {
      let end = Math.min(run.length, start + 300);
      if (end < run.length) {
        const space = run.lastIndexOf(' ', end);
        if (space > start) end = space + 1;
      }
      parts.push(zawgyiToUnicodeFast(run.slice(start, end)));
      start = end;
    }
    return parts.join('');
  });
}

/**
 * The Unicode form of a Zawgyi message, or null when it is not Zawgyi. A conversion is kept only if its result no
 * longer reads as Zawgyi — also after NFKC, which the next step applies and which can reorder the marks the
 * converter wrote (U+1039 before a Hebrew point) — which keeps normalization idempotent on odd inputs (a lone
 * U+1061 converts to text the detector still calls Zawgyi). Not every odd input: a Shan digit next to
 * Zawgyi-range marks can tip the detector once it is folded to ASCII (test/known-limits.test.ts).
 */
function fromZawgyi(text: string): string | null {
  if (!MYANMAR.test(text) || zawgyiProbability(text) < ZAWGYI_THRESHOLD) return null;
  const converted = zawgyiToUnicode(text);
  if (zawgyiProbability(converted) >= ZAWGYI_THRESHOLD) return null;
  const nfkc = converted.normalize('NFKC');
  return nfkc === converted || zawgyiProbability(nfkc) < ZAWGYI_THRESHOLD ? converted : null;
}

function identityOffsets(n: number): Int32Array {
  const o = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) o[i] = i;
  return o;
}

/** Offsets for a whole-string rewrite whose character correspondence is unknown: spread proportionally. */
function proportional(prev: Int32Array, fromLen: number, toLen: number): Int32Array {
  const o = new Int32Array(toLen + 1);
  for (let i = 0; i <= toLen; i++) {
    const j = toLen === 0 ? 0 : Math.min(fromLen, Math.round((i * fromLen) / toLen));
    o[i] = prev[j];
  }
  return o;
}

/** Kinds of BMP code units for `nfkcWithOffsets`, learned on first sight (0 = not yet seen). */
const STABLE = 1; // NFKC keeps it as it is, and it is neither a decimal digit to fold nor invisible
const OTHER = 2; // any other non-mark character
const MARK = 3; // a combining mark (joins the chunk before it)
const SURROGATE = 4;
const unitKinds = new Uint8Array(0x10000);
const IS_MARK = /^\p{M}$/u;

function unitKind(c: number): number {
  let k = unitKinds[c];
  if (k === 0) {
    const ch = String.fromCharCode(c);
    if (c >= 0xd800 && c <= 0xdfff) k = SURROGATE;
    else if (IS_MARK.test(ch)) k = MARK;
    else k = ch.normalize('NFKC') === ch && !DIGIT_TEST.test(ch) && INVISIBLE_UNIT[c] === 0 ? STABLE : OTHER;
    unitKinds[c] = k;
  }
  return k;
}

/**
 * NFKC with an offset map. Works chunk by chunk (a base character and its combining marks), which is
 * where NFKC composition happens, so each output character maps to the start of its source chunk. A chunk
 * that is one character NFKC keeps as it is (most of any message) is copied without normalizing it; a test
 * holds the result equal to normalizing every chunk.
 */
export function nfkcWithOffsets(text: string, prev: Int32Array): { text: string; offsets: Int32Array } {
  const out: string[] = [];
  const offs: number[] = [];
  const chunkRe = /\P{M}\p{M}*|\p{M}+/suy;
  const len = text.length;
  let copyFrom = 0; // start of the run of copied characters not yet in `out`
  let i = 0;
  while (i < len) {
    if (unitKind(text.charCodeAt(i)) === STABLE) {
      const next = i + 1 < len ? unitKind(text.charCodeAt(i + 1)) : STABLE;
      // The next character must not join this chunk: not a mark, nor a surrogate (astral marks exist).
      if (next === STABLE || next === OTHER) {
        offs.push(prev[i]);
        i++;
        continue;
      }
    }
    if (copyFrom < i) out.push(text.slice(copyFrom, i));
    chunkRe.lastIndex = i;
    const chunk = chunkRe.exec(text)![0];
    let n = chunk.normalize('NFKC').replace(/\u0E4D\u0E32/g, '\u0E33');
    n = n.replace(INVISIBLE, '');
    if (DIGIT_TEST.test(n)) n = n.replace(DIGIT_ALL, foldDigit);
    for (let k = 0; k < n.length; k++) offs.push(prev[i + Math.min(k, chunk.length - 1)]);
    out.push(n);
    i += chunk.length;
    copyFrom = i;
  }
  if (copyFrom < len) out.push(text.slice(copyFrom));
  offs.push(prev[len]);
  return { text: out.join(''), offsets: Int32Array.from(offs) };
}

/** Normalize one message. Never throws, whatever the input (lone surrogates are dropped). */
export function normalize(original: string): NormalizedText {
  let text = original;
  let offsets: Int32Array | null = null; // null = identity
  let isZawgyi = false;

  // Zawgyi first: the converter expects the raw legacy code points.
  const converted = fromZawgyi(text);
  if (converted !== null) {
    offsets = zawgyiOffsets(text, converted) ?? proportional(identityOffsets(text.length), text.length, converted.length);
    text = converted;
    isZawgyi = true;
  }

  // Invisible characters go first, by a scan that keeps offsets.
  if (hasInvisible(text)) {
    const r = dropInvisible(text, offsets);
    text = r.text;
    offsets = r.offsets;
  }
  const beforeNfkc = text;
  const beforeOffsets = offsets;
  // NFKC splits Thai SARA AM (U+0E33) into NIKHAHIT + SARA AA; Thai words are written with SARA AM, so keep it.
  let nfkc = text.normalize('NFKC');
  if (nfkc.length !== text.length && nfkc.includes('\u0E4D\u0E32')) nfkc = nfkc.replace(/\u0E4D\u0E32/g, '\u0E33');
  if (nfkc.length === text.length) {
    // Same length: NFKC mapped character for character (full-width forms, compatibility letters), so offsets
    // hold. Digits fold one to one as well.
    text = DIGIT_TEST.test(nfkc) ? nfkc.replace(DIGIT_ALL, foldDigit) : nfkc;
  } else {
    const r = nfkcWithOffsets(text, offsets ?? identityOffsets(text.length));
    // One more pass settles the rare case where removing a character lets two chunks compose.
    if (r.text.normalize('NFKC') !== r.text) {
      const again = nfkcWithOffsets(r.text, r.offsets);
      text = again.text;
      offsets = again.offsets;
    } else {
      text = r.text;
      offsets = r.offsets;
    }
  }

  // The canonical text is whole-string NFKC (what normalizeText computes); chunk-wise NFKC can differ in rare
  // cases (Hangul jamo compose across chunks). Then keep the canonical text with proportional offsets.
  const canonical = canonicalNfkc(beforeNfkc);
  if (canonical !== text) {
    offsets = proportional(beforeOffsets ?? identityOffsets(beforeNfkc.length), beforeNfkc.length, canonical.length);
    text = canonical;
  }

  // Disguises in Latin words: look-alike letters, spelled-out letters, leetspeak.
  text = foldHomoglyphs(text);
  const joined = joinSpaced(text);
  if (joined.keep) {
    const prev = offsets ?? identityOffsets(text.length);
    const offs: number[] = [];
    for (let i = 0; i < joined.keep.length; i++) if (joined.keep[i]) offs.push(prev[i]);
    offs.push(prev[text.length]);
    offsets = Int32Array.from(offs);
    text = joined.text;
  }
  text = foldLeet(text);

  const simplified = toSimplified(text);
  const traditional = simplified !== text;
  if (traditional) {
    if (simplified.length !== text.length) {
      offsets = proportional(offsets ?? identityOffsets(text.length), text.length, simplified.length);
    }
    text = simplified;
  }
  return { text, offsets: offsets ?? identityOffsets(text.length), zawgyi: isZawgyi, traditional };
}

/**
 * Remove invisible characters, keeping the offset map (`prev` null = identity). One pass over the code units,
 * removing exactly what `text.replace(INVISIBLE, '')` removes (a property test holds the two equal): the
 * INVISIBLE_BMP characters, tag characters (U+E0000–E007F) and lone surrogates.
 */
function dropInvisible(text: string, prev: Int32Array | null): { text: string; offsets: Int32Array } {
  const n = text.length;
  const offs = new Int32Array(n + 1);
  let m = 0;
  const parts: string[] = [];
  let keepFrom = 0; // start of the run of kept code units not yet copied
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let len = 1;
    let drop: boolean;
    if (c < 0xad) drop = false;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        len = 2;
        drop = c === 0xdb40 && d <= 0xdc7f;
      } else drop = true;
    } else drop = (c >= 0xdc00 && c <= 0xdfff) || INVISIBLE_UNIT[c] === 1;
    if (drop) {
      if (keepFrom < i) parts.push(text.slice(keepFrom, i));
      keepFrom = i + len;
    } else for (let k = 0; k < len; k++) offs[m++] = prev ? prev[i + k] : i + k;
    i += len;
  }
  if (keepFrom < n) parts.push(text.slice(keepFrom));
  offs[m++] = prev ? prev[n] : n;
  return { text: parts.join(''), offsets: offs.slice(0, m) };
}

/**
 * The offset map of a message whose normalization only removed invisible characters (`normalizeText` says so
 * with `invisibleOnly`): equal to `normalize(original).offsets` then, at a fraction of the cost.
 */
export function invisibleOffsets(original: string): Int32Array {
  return dropInvisible(original, null).offsets;
}

/** NFKC of the whole string, Thai SARA AM kept whole, decimal digits folded to ASCII. */
function canonicalNfkc(text: string): string {
  let nfkc = text.normalize('NFKC');
  if (nfkc.includes('\u0E4D\u0E32')) nfkc = nfkc.replace(/\u0E4D\u0E32/g, '\u0E33');
  return DIGIT_TEST.test(nfkc) ? nfkc.replace(DIGIT_ALL, foldDigit) : nfkc;
}

/**
 * The normalized text alone, without the offset map: the same string as `normalize(text).text` (a property
 * test holds them equal), for the batch path, which reports feature names but no spans.
 */
export function normalizeText(original: string): { text: string; zawgyi: boolean; aligned: boolean; invisibleOnly: boolean } {
  let text = original;
  let isZawgyi = false;
  const converted = fromZawgyi(text);
  if (converted !== null) {
    text = converted;
    isZawgyi = true;
  }
  if (hasInvisible(text)) text = text.replace(INVISIBLE, '');
  const nfkc = canonicalNfkc(text);
  const joined = joinSpaced(foldHomoglyphs(nfkc));
  const out = toSimplified(foldLeet(joined.text));
  // Every step after Zawgyi and invisible removal maps character for character when lengths hold, so offsets
  // are then the identity (the batch path maps spans without building the offset map), or, when invisible
  // characters were removed, the map of that removal alone.
  const inPlace = !isZawgyi && nfkc.length === text.length && joined.keep === null && out.length === text.length;
  const aligned = inPlace && text.length === original.length;
  return { text: out, zawgyi: isZawgyi, aligned, invisibleOnly: inPlace && !aligned };
}

/** The span [start, end) of the normalized text, mapped back to the original message. */
export function originalSpan(n: NormalizedText, start: number, end: number): [number, number] {
  const s = n.offsets[Math.max(0, Math.min(start, n.text.length))];
  const lastIdx = Math.max(start, Math.min(end, n.text.length) - 1);
  const e = end > start ? n.offsets[Math.min(lastIdx, n.text.length)] + 1 : s;
  return [s, Math.max(s, e)];
}
