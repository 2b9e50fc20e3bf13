/**
 * Scam-type patterns: per-language lexicons kept as data (`src/patterns/<lang>.json`), each pattern with its
 * type, weight and a hand-written example. Matching is a pure stage on the normalized text (so it sees through
 * Zawgyi, Traditional Chinese, homoglyphs and spacing tricks): every term goes into one character trie, the trie
 * is walked from each position once (linear in the text for a fixed lexicon, no regular expressions), and a
 * pattern fires when its `any` terms and each of its `all` groups have a hit.
 */
import * as z from 'zod/mini';
import { normalizeText } from '../normalize/index.js';

export const SCAM_TYPES = [
  'parcel_delivery',
  'impersonation_authority',
  'impersonation_bank_service',
  'impersonation_acquaintance',
  'loan',
  'gambling',
  'investment',
  'job_task',
  'prize',
  'phishing_otp',
  'promo',
  'other',
] as const;
export type ScamType = (typeof SCAM_TYPES)[number];

export interface Pattern {
  readonly id: string;
  readonly type: ScamType;
  /** 1 weak cue, 2 typical, 3 near-decisive. */
  readonly weight: number;
  /** At least one of these terms must occur (when given). */
  readonly any?: readonly string[];
  /** Every group must have one of its terms (when given). */
  readonly all?: ReadonlyArray<readonly string[]>;
  /** A hand-written message the pattern matches (kept for tests). */
  readonly example: string;
}

export interface PatternFile {
  readonly lang: string;
  readonly note?: string;
  readonly patterns: readonly Pattern[];
}

const term = z.string().check(z.minLength(1), z.maxLength(100));
const terms = z.array(term).check(z.minLength(1), z.maxLength(500));
export const patternSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(SCAM_TYPES),
  weight: z.number().check(z.minimum(0.1), z.maximum(10)),
  any: z.optional(terms),
  all: z.optional(z.array(terms).check(z.minLength(1), z.maxLength(10))),
  example: z.string().check(z.maxLength(2000)),
});
export const patternFileSchema = z.strictObject({
  lang: z.string().check(z.maxLength(10)),
  note: z.optional(z.string().check(z.maxLength(5000))),
  patterns: z.array(patternSchema).check(z.maxLength(5000)),
});

/** Validate a parsed pattern file; throws with one line naming the first problem. */
export function parsePatternFile(raw: unknown, where: string): PatternFile {
  const r = patternFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${where}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
  }
  for (const p of r.data.patterns) {
    if (!p.any && !p.all) throw new Error(`${where}: pattern ${p.id}: expected "any" or "all", found neither`);
  }
  const ids = new Set<string>();
  for (const p of r.data.patterns) {
    if (ids.has(p.id)) throw new Error(`${where}: pattern id ${p.id} is used twice`);
    ids.add(p.id);
  }
  return r.data as PatternFile;
}

export interface PatternHit {
  readonly id: string;
  readonly type: ScamType;
  readonly weight: number;
  /** Spans [start, end) in the normalized text of the first hit of each term group. */
  readonly spans: Array<[number, number]>;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Terms ending here: [term id, prefix match (no right boundary)]. */
  ends?: Array<[number, boolean]>;
}

/** A compiled pattern set: one trie over every term, and per pattern its groups of term ids. */
export interface PatternSet {
  readonly patterns: readonly Pattern[];
  readonly root: TrieNode;
  /** Per term id: does it start with a Latin letter or digit (needs a left word boundary)? */
  readonly leftBound: Uint8Array;
  /** Per pattern: groups of term ids (the `any` list is one group). */
  readonly groups: ReadonlyArray<ReadonlyArray<readonly number[]>>;
  readonly termCount: number;
}

const SPACE = 0x20;
const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0;

/** Lower-case ASCII only, so offsets in the lowered text are offsets in the normalized text. */
export function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** Compiled form of a term: ASCII lower case, trimmed, whitespace runs as one space, a trailing `*` = prefix. */
function canonicalTerm(t: string): { text: string; prefix: boolean } {
  let s = lowerAscii(t).trim().replace(/\s+/g, ' ');
  const prefix = s.endsWith('*') && s.length > 1;
  if (prefix) s = s.slice(0, -1);
  return { text: s, prefix };
}

/**
 * Terms normalized like messages (Traditional → Simplified, NFKC, Thai SARA AM kept, digits folded…), so a
 * lexicon author can write `帳戶` or `ＯＴＰ` and still match. Done once when a lexicon is read or a model is
 * trained (the model stores the canonical terms), not at scoring start-up, where it would cost ~0.2 s.
 */
export function canonicalizePatterns(patterns: readonly Pattern[]): Pattern[] {
  const term = (t: string) => {
    const prefix = t.endsWith('*') && t.length > 1;
    const body = normalizeText(prefix ? t.slice(0, -1) : t).text;
    return prefix ? body + '*' : body;
  };
  return patterns.map((p) => ({
    ...p,
    ...(p.any ? { any: p.any.map(term) } : {}),
    ...(p.all ? { all: p.all.map((g) => g.map(term)) } : {}),
  }));
}

export function compilePatterns(patterns: readonly Pattern[]): PatternSet {
  const root: TrieNode = { next: new Map() };
  const termIds = new Map<string, number>();
  const left: number[] = [];
  const groups: number[][][] = [];
  const idOf = (raw: string): number => {
    const { text, prefix } = canonicalTerm(raw);
    const key = (prefix ? '*' : '=') + text;
    let id = termIds.get(key);
    if (id !== undefined) return id;
    id = termIds.size;
    termIds.set(key, id);
    left.push(isWordChar(text.charCodeAt(0)) ? 1 : 0);
    let node = root;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let n = node.next.get(c);
      if (!n) node.next.set(c, (n = { next: new Map() }));
      node = n;
    }
    const rightBound = !prefix && isWordChar(text.charCodeAt(text.length - 1));
    (node.ends ??= []).push([id, !rightBound]);
    return id;
  };
  for (const p of patterns) {
    const g: number[][] = [];
    if (p.any) g.push(p.any.filter((t) => canonicalTerm(t).text.length > 0).map(idOf));
    for (const group of p.all ?? []) g.push(group.filter((t) => canonicalTerm(t).text.length > 0).map(idOf));
    groups.push(g);
  }
  return { patterns, root, leftBound: Uint8Array.from(left), groups, termCount: termIds.size };
}

/**
 * First occurrence of every term in `text` (already normalized). Returns per term id its [start, end), or -1.
 * Latin terms match whole words (an optional plural `s` is allowed), or as prefixes when written with `*`;
 * a space in a term matches any run of whitespace.
 */
export function findTerms(set: PatternSet, text: string): Int32Array {
  const first = new Int32Array(set.termCount * 2).fill(-1);
  const lowered = lowerAscii(text);
  const n = lowered.length;
  const root = set.root;
  for (let start = 0; start < n; start++) {
    const c0 = lowered.charCodeAt(start);
    let node = root.next.get(c0);
    if (!node) continue;
    const prevWord = start > 0 && isWordChar(lowered.charCodeAt(start - 1));
    let i = start + 1;
    for (;;) {
      if (node.ends) {
        for (const [id, prefix] of node.ends) {
          if (first[id * 2] >= 0) continue;
          if (set.leftBound[id] && prevWord) continue;
          let end = i;
          if (!prefix) {
            const next = i < n ? lowered.charCodeAt(i) : -1;
            if (next >= 0 && isWordChar(next)) {
              // Allow a plural s: "loan" matches "loans".
              if (next !== 0x73 || (i + 1 < n && isWordChar(lowered.charCodeAt(i + 1)))) continue;
              end = i + 1;
            }
          }
          first[id * 2] = start;
          first[id * 2 + 1] = end;
        }
      }
      if (i >= n) break;
      const c = lowered.charCodeAt(i);
      if (isSpace(c)) {
        const sp = node.next.get(SPACE);
        if (!sp) break;
        while (i < n && isSpace(lowered.charCodeAt(i))) i++;
        node = sp;
        continue;
      }
      const nx = node.next.get(c);
      if (!nx) break;
      node = nx;
      i++;
    }
  }
  return first;
}

/** The patterns that fire on `text` (normalized), in pattern order. */
export function matchPatterns(set: PatternSet, text: string): PatternHit[] {
  if (set.termCount === 0 || text.length === 0) return [];
  const first = findTerms(set, text);
  const hits: PatternHit[] = [];
  for (let p = 0; p < set.patterns.length; p++) {
    const spans: Array<[number, number]> = [];
    let ok = true;
    for (const g of set.groups[p]) {
      let best = -1;
      for (const id of g) if (first[id * 2] >= 0 && (best < 0 || first[id * 2] < first[best * 2])) best = id;
      if (best < 0) {
        ok = false;
        break;
      }
      spans.push([first[best * 2], first[best * 2 + 1]]);
    }
    if (ok && spans.length > 0) {
      const pat = set.patterns[p];
      hits.push({ id: pat.id, type: pat.type, weight: pat.weight, spans });
    }
  }
  return hits;
}

/** Summed pattern weight per type. */
export function typeEvidence(hits: readonly PatternHit[]): Map<ScamType, number> {
  const m = new Map<ScamType, number>();
  for (const h of hits) m.set(h.type, (m.get(h.type) ?? 0) + h.weight);
  return m;
}
