/**
 * Stage 3: tokenize. Entities first (so URLs, phones and numbers stay whole), then each script run on its own:
 * Thai runs through Intl.Segmenter (dictionary words), Burmese runs into syllables (rule-based), Han text into
 * characters (the features stage adds character bigrams), Latin words lower-cased and Porter-stemmed with
 * natural. Spans are offsets into the normalized text.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
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

/** One shared segmenter (the locale changes nothing; creating one per message is slower). Thai runs only. */
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

function stem(word: string): string {
  let s = STEM_CACHE.get(word);
  if (s === undefined) {
    s = word.length > 3 && /^[a-z]+$/.test(word) ? PorterStemmer.stem(word) : word;
    if (STEM_CACHE.size >= STEM_CACHE_MAX) STEM_CACHE.clear();
    STEM_CACHE.set(word, s);
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
 * Script runs: Thai, Myanmar, one Han character, and Latin words (letters/digits with an inner apostrophe).
 * Anything else (spaces, punctuation, emoji, other scripts) separates runs and yields no token.
 */
const RUNS =
  /([\u0E01-\u0E3A\u0E40-\u0E4E]+)|([\u1000-\u109F\uAA60-\uAA7F\uA9E0-\uA9FF]+)|([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F][\uDC00-\uDFFF])|([A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?)/g;

const PLACEHOLDER = /^(?:DIGIT|PLACE|NAME|PHONE|CELLPHONE|HOTLINE|WECHAT|ADDRESS|EMAIL|URL)+(?:MB|GB)?$/;

/**
 * Burmese syllables, by the sylbreak rule (Ye Kyaw Thu): a syllable starts at a consonant that is neither
 * stacked (after U+1039) nor killed (before U+103A asat or U+1039), or at an independent vowel, digit or sign.
 * Rule-based, so loanwords that a dictionary segmenter breaks (`လင့်ခ်`) stay whole syllables.
 */
export function burmeseSyllables(run: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i < run.length; i++) {
    const c = run.charCodeAt(i);
    const prev = run.charCodeAt(i - 1);
    let next = i + 1 < run.length ? run.charCodeAt(i + 1) : 0;
    // A dot below (U+1037) may sit between a consonant and its asat (င့်).
    if (next === 0x1037 && i + 2 < run.length) next = run.charCodeAt(i + 2);
    const consonant = c >= 0x1000 && c <= 0x1021;
    const other = (c >= 0x1023 && c <= 0x102a) || c === 0x103f || (c >= 0x1040 && c <= 0x104f);
    if ((consonant && prev !== 0x1039 && next !== 0x103a && next !== 0x1039) || other) {
      out.push([start, i]);
      start = i;
    }
  }
  if (run.length > 0) out.push([start, run.length]);
  return out;
}

/** Tokenize a normalized message into entity and word tokens, in text order. */
export function tokenize(text: string): Token[] {
  const entities = findEntities(text);
  const tokens: Token[] = [];
  let rest = text;
  if (entities.length > 0) {
    // Blank entity spans out (same length, so offsets hold) before finding words.
    const parts: string[] = [];
    let pos = 0;
    for (const e of entities) {
      if (e.overlay) continue;
      parts.push(text.slice(pos, e.start), ' '.repeat(e.end - e.start));
      pos = e.end;
    }
    parts.push(text.slice(pos));
    rest = parts.join('');
  }
  let ei = 0;
  for (const m of rest.matchAll(RUNS)) {
    const at = m.index!;
    while (ei < entities.length && entities[ei].start <= at) tokens.push(entityToken(entities[ei++]));
    const w = m[0];
    if (m[1] !== undefined) {
      for (const seg of segmenter.segment(w)) {
        if (seg.isWordLike) tokens.push({ kind: 'word', text: seg.segment, script: 'thai', start: at + seg.index, end: at + seg.index + seg.segment.length });
      }
    } else if (m[2] !== undefined) {
      for (const [a, b] of burmeseSyllables(w)) tokens.push({ kind: 'word', text: w.slice(a, b), script: 'myanmar', start: at + a, end: at + b });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'word', text: w, script: 'han', start: at, end: at + w.length });
    } else if (PLACEHOLDER.test(w)) {
      // Anonymisation placeholders some public corpora put in their ham (zh-telecom-fraud: DIGIT, NAME, PHONE…):
      // read them as the entity they hide, or drop them, so the model cannot learn "placeholder ⇒ ham".
      if (/DIGIT/.test(w)) tokens.push({ kind: 'number', text: 'number', script: 'latin', start: at, end: at + w.length, detail: 'masked' });
      else if (/PHONE|HOTLINE/.test(w)) tokens.push({ kind: 'phone', text: 'phone', script: 'latin', start: at, end: at + w.length, detail: 'masked' });
    } else {
      const lower = w.toLowerCase().replace('’', "'");
      if (/^[0-9]+$/.test(lower)) {
        tokens.push({ kind: 'number', text: 'number', script: 'latin', start: at, end: at + w.length, detail: String(Math.min(lower.length, 12)) });
      } else {
        tokens.push({ kind: 'word', text: stem(lower), script: 'latin', start: at, end: at + w.length });
      }
    }
  }
  while (ei < entities.length) tokens.push(entityToken(entities[ei++]));
  return tokens;
}

function entityToken(e: Entity): Token {
  return { kind: e.kind, text: e.kind, script: 'other', start: e.start, end: e.end, detail: e.detail, ...(e.url ? { url: e.url } : {}) };
}

export { findEntities, SHORTENERS } from './entities.js';
export type { Entity, EntityKind, UrlInfo } from './entities.js';
