/**
 * Stage 3: tokenize. Entities first (so URLs, phones and numbers stay whole), then each script run on its own:
 * Thai runs through Intl.Segmenter (dictionary words), Burmese runs into syllables (rule-based), Han text into
 * characters (the features stage adds character bigrams), Latin words lower-cased and Porter-stemmed with
 * natural. Spans are offsets into the normalized text.
 */
import { ownString } from './own-string.js';
import { loadDependency } from '../load.js';
import { findEntities, type Entity, type EntityKind, type UrlInfo } from './entities.js';

export type Script = 'thai' | 'myanmar' | 'han' | 'latin' | 'other';
export type TokenKind = 'word' | EntityKind;

export interface Token {
  readonly kind: TokenKind;
  /** Feature form: lower-cased/stemmed word, or the entity's class. */
  readonly text: string;
  readonly script: Script;
  /** Span [start, end) in the normalized text. */
  readonly start: number;
  readonly end: number;
  /** Entity detail (url host, phone class, digit count, currency, app…). */
  readonly detail?: string;
  /** URL facts (registrable domain, suffix, shortener, IP, look-alike brand). */
  readonly url?: UrlInfo;
}

// Loaded on first use, so that a run that never meets a Thai or an English word does not pay for them:
// one shared Thai segmenter (creating one per message is slower; ~20 ms to load ICU's dictionary) and natural's
// Porter stemmer.
let segmenter: Intl.Segmenter | undefined;
let porter: { stem(word: string): string } | undefined;
const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

function stem(word: string): string {
  if (word.length <= 3) return word; // never stemmed (below), and a third of the Latin words: skip the cache
  let s = STEM_CACHE.get(word);
  if (s === undefined) {
    s = word.length > 3 && /^[a-z]+$/.test(word) ? (porter ??= loadDependency('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string }).stem(word) : word;
    if (STEM_CACHE.size >= STEM_CACHE_MAX) STEM_CACHE.clear();
    const key = ownString(word);
    STEM_CACHE.set(key, s === word ? key : ownString(s));
  }
  return s;
}

export function scriptOf(ch: number): Script {
  if (ch >= 0x0e00 && ch <= 0x0e7f) return 'thai';
  if ((ch >= 0x1000 && ch <= 0x109f) || (ch >= 0xaa60 && ch <= 0xaa7f) || (ch >= 0xa9e0 && ch <= 0xa9ff)) return 'myanmar';
  if ((ch >= 0x4e00 && ch <= 0x9fff) || (ch >= 0x3400 && ch <= 0x4dbf) || (ch >= 0xf900 && ch <= 0xfaff) || (ch >= 0xd840 && ch <= 0xd87f)) return 'han';
  if (ch < 0x250) return 'latin';
  return 'other';
}

/**
 * The word-like segments of a Thai run, as [start, end) pairs of offsets into it: ICU's segmentation, which
 * depends on the run's text alone (runs are cut at every non-Thai character), remembered per run. Thai runs
 * repeat across messages — words and phrases set off by spaces: 57 % of the runs of the 3,393 distinct Thai
 * messages in data/ occurred in an earlier one (35 % of their characters) — and ICU's dictionary segmentation
 * is most of a Thai message's cost. Bounded like the stem cache.
 */
const THAI_CACHE = new Map<string, Int32Array>();
const THAI_CACHE_MAX = 8192;
const NO_WORDS = new Int32Array(0);

export function thaiWords(run: string): Int32Array {
  let words = THAI_CACHE.get(run);
  if (words === undefined) {
    const found: number[] = [];
    for (const seg of (segmenter ??= new Intl.Segmenter('th', { granularity: 'word' })).segment(run)) {
      if (seg.isWordLike) found.push(seg.index, seg.index + seg.segment.length);
    }
    words = found.length === 0 ? NO_WORDS : Int32Array.from(found);
    if (THAI_CACHE.size >= THAI_CACHE_MAX) THAI_CACHE.clear();
    THAI_CACHE.set(ownString(run), words);
  }
  return words;
}

const HAN_CHAR = /[\u3400-\u9fff]/;
// Anonymisation placeholders of public corpora (zh-telecom-fraud, zh-fbs, zh-nus), alone or glued to the link
// fragment that followed them in the source (`URLdk0`).
const PLACEHOLDER = /^(?:(?:DIGIT|PLACE|NAME|PHONE|CELLPHONE|HOTLINE|WECHAT|QQ|BANK|ADDRESS|EMAIL|URL)+(?:MB|GB)?(?:[a-z0-9]{0,8})?|XXX)$/;

/**
 * Burmese syllables, by the sylbreak rule (Ye Kyaw Thu): a syllable starts at a consonant that is neither
 * stacked (after U+1039) nor killed (before U+103A asat or U+1039), or at an independent vowel, digit or sign.
 * Rule-based, so loanwords that a dictionary segmenter breaks (`လင့်ခ်`) stay whole syllables.
 */
export function burmeseSyllables(run: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachSyllable(run, 0, run.length, (s, e) => out.push([s, e]));
  return out;
}

/** The syllables of the Myanmar run text[from, to), as offsets into `text`, without building arrays. */
function forEachSyllable(text: string, from: number, to: number, emit: (start: number, end: number) => void): void {
  let start = from;
  for (let i = from + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    let next = i + 1 < to ? text.charCodeAt(i + 1) : 0;
    // A dot below (U+1037) may sit between a consonant and its asat (င့်).
    if (next === 0x1037 && i + 2 < to) next = text.charCodeAt(i + 2);
    const consonant = c >= 0x1000 && c <= 0x1021;
    const other = (c >= 0x1023 && c <= 0x102a) || c === 0x103f || (c >= 0x1040 && c <= 0x104f);
    if ((consonant && prev !== 0x1039 && next !== 0x103a && next !== 0x1039) || other) {
      emit(start, i);
      start = i;
    }
  }
  if (to > from) emit(start, to);
}

const isThai = (c: number) => (c >= 0x0e01 && c <= 0x0e3a) || (c >= 0x0e40 && c <= 0x0e4e);
const isMyanmar = (c: number) => (c >= 0x1000 && c <= 0x109f) || (c >= 0xaa60 && c <= 0xaa7f) || (c >= 0xa9e0 && c <= 0xa9ff);
const isHan = (c: number) => (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isLatin = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f);
const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const THAI = 1, MYANMAR = 2, HAN = 3, LATIN = 4;

/**
 * Script runs: Thai, Myanmar, one Han character, and Latin words (letters/digits with an inner apostrophe);
 * anything else (spaces, punctuation, emoji, other scripts) separates runs and yields no token. Entity spans
 * are skipped (a run stops where an entity starts). A scanner rather than a regular expression, to avoid a
 * match object per Han character; a test holds it equal to the expression it replaced. Calls
 * `emit(kind, start, end)` per run.
 */
export function scanRuns(text: string, entities: readonly Entity[], emit: (kind: number, start: number, end: number) => void): void {
  const n = text.length;
  let ei = 0; // next non-overlay entity
  const nextBlock = () => {
    while (ei < entities.length && entities[ei].overlay) ei++;
    return ei < entities.length ? entities[ei].start : n;
  };
  let block = nextBlock();
  let i = 0;
  while (i < n) {
    if (i >= block) {
      // Inside an entity (blanked): skip it. Entities do not overlap, but be safe with max.
      i = Math.max(i, entities[ei].end);
      ei++;
      block = nextBlock();
      continue;
    }
    const c = text.charCodeAt(i);
    const start = i;
    if (isThai(c)) {
      do i++; while (i < block && isThai(text.charCodeAt(i)));
      emit(THAI, start, i);
    } else if (isMyanmar(c)) {
      do i++; while (i < block && isMyanmar(text.charCodeAt(i)));
      emit(MYANMAR, start, i);
    } else if (isHan(c)) {
      emit(HAN, start, ++i);
    } else if (c >= 0xd840 && c <= 0xd87f && i + 1 < block) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i += 2;
        emit(HAN, start, i);
      } else i++;
    } else if (isLatin(c)) {
      do i++; while (i < block && isLatin(text.charCodeAt(i)));
      // An inner apostrophe followed by ASCII letters stays in the word (don't, it’s).
      if (i + 1 < block && (text.charCodeAt(i) === 0x27 || text.charCodeAt(i) === 0x2019) && isAsciiLetter(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < block && isAsciiLetter(text.charCodeAt(i))) i++;
      }
      emit(LATIN, start, i);
    } else i++;
  }
}

/** Tokenize a normalized message into entity and word tokens, in text order. */
export function tokenize(text: string): Token[] {
  const entities = findEntities(text);
  const tokens: Token[] = [];
  let ei = 0;
  // The corpora with placeholders are Chinese; in other text `BANK` or `NAME` is a word.
  let hasHan: boolean | undefined;
  scanRuns(text, entities, (kind, at, end) => {
    while (ei < entities.length && entities[ei].start <= at) tokens.push(entityToken(entities[ei++]));
    if (kind === MYANMAR) {
      forEachSyllable(text, at, end, (a, b) => tokens.push({ kind: 'word', text: text.slice(a, b), script: 'myanmar', start: a, end: b }));
      return;
    }
    const w = text.slice(at, end);
    if (kind === THAI) {
      const words = thaiWords(w);
      for (let k = 0; k < words.length; k += 2) {
        const s = words[k], e = words[k + 1];
        tokens.push({ kind: 'word', text: w.slice(s, e), script: 'thai', start: at + s, end: at + e });
      }
    } else if (kind === HAN) {
      tokens.push({ kind: 'word', text: w, script: 'han', start: at, end: at + w.length });
    } else if (w.charCodeAt(0) >= 0x41 && w.charCodeAt(0) <= 0x5a && PLACEHOLDER.test(w) && (hasHan ??= HAN_CHAR.test(text))) {
      // Anonymisation placeholders some public corpora put in their ham (zh-telecom-fraud: DIGIT, NAME, PHONE…):
      // read them as the entity they hide, or drop them, so the model cannot learn "placeholder ⇒ ham".
      if (/DIGIT/.test(w)) tokens.push({ kind: 'number', text: 'number', script: 'latin', start: at, end: at + w.length, detail: 'masked' });
      else if (/PHONE|HOTLINE/.test(w)) tokens.push({ kind: 'phone', text: 'phone', script: 'latin', start: at, end: at + w.length, detail: 'masked' });
      else if (w.startsWith('URL')) tokens.push({ kind: 'url', text: 'url', script: 'latin', start: at, end: at + w.length, detail: 'masked' });
      else if (/WECHAT|QQ/.test(w)) tokens.push({ kind: 'messenger', text: 'messenger', script: 'latin', start: at, end: at + w.length, detail: w.startsWith('QQ') ? 'qq' : 'wechat' });
    } else {
      const lower = w.toLowerCase().replace('’', "'");
      if (/^[0-9]+$/.test(lower)) {
        tokens.push({ kind: 'number', text: 'number', script: 'latin', start: at, end: at + w.length, detail: String(Math.min(lower.length, 12)) });
      } else {
        tokens.push({ kind: 'word', text: stem(lower), script: 'latin', start: at, end: at + w.length });
      }
    }
  });
  while (ei < entities.length) tokens.push(entityToken(entities[ei++]));
  return tokens;
}

function entityToken(e: Entity): Token {
  return { kind: e.kind, text: e.kind, script: 'other', start: e.start, end: e.end, detail: e.detail, ...(e.url ? { url: e.url } : {}) };
}

export { findEntities, SHORTENERS } from './entities.js';
export type { Entity, EntityKind, UrlInfo } from './entities.js';
