/**
 * Stage 3: tokenize. Entities first (so URLs, phones and numbers stay whole), then word segmentation of the
 * rest with one shared Intl.Segmenter (dictionary-based for Thai, Burmese and Chinese); Latin words are
 * lower-cased and Porter-stemmed with natural. Spans are offsets into the normalized text.
 */
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { findEntities, type Entity, type EntityKind } from './entities.js';

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
  /** Entity detail (url host, phone class, digit count). */
  readonly detail?: string;
}

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

/** Tokenize a normalized message into entity and word tokens, in text order. */
export function tokenize(text: string): Token[] {
  const entities = findEntities(text);
  const tokens: Token[] = [];
  let rest = text;
  if (entities.length > 0) {
    // Blank entity spans out (same length, so offsets hold) before segmenting.
    const parts: string[] = [];
    let pos = 0;
    for (const e of entities) {
      parts.push(text.slice(pos, e.start), ' '.repeat(e.end - e.start));
      pos = e.end;
    }
    parts.push(text.slice(pos));
    rest = parts.join('');
  }
  let ei = 0;
  for (const seg of segmenter.segment(rest)) {
    while (ei < entities.length && entities[ei].start <= seg.index) tokens.push(entityToken(entities[ei++]));
    if (!seg.isWordLike) continue;
    const w = seg.segment;
    const script = scriptOf(w.charCodeAt(0));
    if (script === 'latin') {
      const lower = w.toLowerCase();
      if (/^\d+$/.test(lower)) {
        tokens.push({ kind: 'number', text: 'number', script, start: seg.index, end: seg.index + w.length, detail: String(Math.min(lower.length, 12)) });
        continue;
      }
      tokens.push({ kind: 'word', text: stem(lower), script, start: seg.index, end: seg.index + w.length });
    } else {
      tokens.push({ kind: 'word', text: w, script, start: seg.index, end: seg.index + w.length });
    }
  }
  while (ei < entities.length) tokens.push(entityToken(entities[ei++]));
  return tokens;
}

function entityToken(e: Entity): Token {
  return { kind: e.kind, text: e.kind, script: 'other', start: e.start, end: e.end, detail: e.detail };
}

export { findEntities, SHORTENERS } from './entities.js';
export type { Entity, EntityKind } from './entities.js';
