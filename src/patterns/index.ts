/**
 * Scam-type patterns: per-language lexicons kept as data (`src/patterns/<lang>.json`), each pattern with its
 * type, weight and a hand-written example. Matching is a pure stage on the normalized text (so it sees through
 * Zawgyi, Traditional Chinese, homoglyphs and spacing tricks): every term goes into one character trie, the trie
 * is walked from each position once (linear in the text for a fixed lexicon, no regular expressions), and a
 * pattern fires when its `any` terms and each of its `all` groups have a hit.
 *
 * Compiling, both scan paths and matching stay in one file (over 300 lines): they share the per-term tables and
 * the stamped scratch arrays; the lexicon format is in `lexicon.ts`, the automaton in `automaton.ts`.
 */
import { canonicalTerm, type Pattern, type PatternHit, type ScamType } from './lexicon.js';
import { buildAutomaton, MEMO_BITS, MEMO_SLOTS, walk, type Automaton } from './automaton.js';

export {
  SCAM_TYPES,
  CUES,
  patternSchema,
  patternFileSchema,
  describeIssue,
  parsePatternFile,
  lowerAscii,
  canonicalizePatterns,
  type ScamType,
  type Cue,
  type Pattern,
  type PatternFile,
  type PatternHit,
} from './lexicon.js';


/**
 * A compiled pattern set: the lexicon's distinct terms (canonical form, word-boundary rules, the patterns using
 * each) and, once the set has scanned `directScans` texts, an Aho–Corasick automaton over every term (one pass
 * over the text whatever the lexicon size). Until then each term is looked up in the text directly: building
 * the automaton costs ~15 ms before the JIT has warmed up, more than a one-message run spends on everything
 * else it computes, while a direct scan of a message costs well under a millisecond. Both give the same hits (a
 * test holds them equal). Scratch arrays are stamped per call, so a match allocates only its result.
 */
export interface PatternSet {
  readonly patterns: readonly Pattern[];
  readonly termCount: number;
  /** Per term id: its canonical text. */
  readonly terms: readonly string[];
  /** Per pattern: groups of term ids (the `any` list is one group). */
  readonly groups: ReadonlyArray<ReadonlyArray<readonly number[]>>;
  /** Per term: length, needs a left word boundary, needs a right word boundary (not a `*` prefix). */
  readonly termLen: Int32Array;
  readonly leftBound: Uint8Array;
  readonly rightBound: Uint8Array;
  /** Per term: the patterns using it. */
  readonly termPatterns: ReadonlyArray<readonly number[]>;
  readonly scratch: { stamp: number; seen: Uint32Array; start: Int32Array; end: Int32Array; patSeen: Uint32Array };
  /** Texts scanned so far, how many (and how long) are scanned directly before the automaton is built. */
  readonly state: { scans: number; readonly directScans: number; readonly directMaxChars: number; automaton?: Automaton };
}

/** Texts a pattern set scans directly before it builds its automaton (`compilePatterns`' default). */
export const DIRECT_SCANS = 16;
/** A text longer than this is scanned by the automaton even before then (looking up every term in a long post
 * would cost more than building it). */
export const DIRECT_MAX_CHARS = 4096;

const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x3000 || c === 0xa0;
const lowerCode = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);



/**
 * Compile a lexicon. `directScans`: how many texts are scanned by direct term lookup before the automaton is
 * built (0: build it at the first scan; Infinity: never), `directMaxChars`: the longest text scanned so — a
 * choice of speed only, the hits are the same.
 */
export function compilePatterns(patterns: readonly Pattern[], opts: { directScans?: number; directMaxChars?: number } = {}): PatternSet {
  // This runs at every start-up before the JIT has warmed up, so it avoids per-term repeated work: each raw
  // term is canonicalized once.
  const termIds = new Map<string, number>();
  const texts: string[] = [];
  const prefixes: boolean[] = [];
  const termPatterns: number[][] = [];
  const groups: number[][][] = [];
  for (let pi = 0; pi < patterns.length; pi++) {
    const p = patterns[pi];
    const g: number[][] = [];
    const add = (list: readonly string[]) => {
      const ids: number[] = [];
      for (const raw of list) {
        const { text, prefix } = canonicalTerm(raw);
        if (text.length === 0) continue;
        const key = (prefix ? '*' : '=') + text;
        let id = termIds.get(key);
        if (id === undefined) {
          id = texts.length;
          termIds.set(key, id);
          texts.push(text);
          prefixes.push(prefix);
          termPatterns.push([]);
        }
        ids.push(id);
        // Patterns are visited in order, so "already listed" means "listed last".
        const tp = termPatterns[id];
        if (tp.length === 0 || tp[tp.length - 1] !== pi) tp.push(pi);
      }
      g.push(ids);
    };
    if (p.any) add(p.any);
    for (const group of p.all ?? []) add(group);
    groups.push(g);
  }
  const n = texts.length;
  const termLen = new Int32Array(n);
  const leftBound = new Uint8Array(n);
  const rightBound = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    termLen[i] = t.length;
    leftBound[i] = isWordChar(t.charCodeAt(0)) ? 1 : 0;
    rightBound[i] = !prefixes[i] && isWordChar(t.charCodeAt(t.length - 1)) ? 1 : 0;
  }
  return {
    patterns,
    termCount: n,
    terms: texts,
    groups,
    termLen,
    leftBound,
    rightBound,
    termPatterns,
    scratch: { stamp: 0, seen: new Uint32Array(n), start: new Int32Array(n), end: new Int32Array(n), patSeen: new Uint32Array(patterns.length) },
    state: { scans: 0, directScans: opts.directScans ?? DIRECT_SCANS, directMaxChars: opts.directMaxChars ?? DIRECT_MAX_CHARS },
  };
}


/** The character a lexicon scan reads at `i`: ASCII lower-cased; a whitespace run reads as one space (-1: skipped). */
function readCode(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // Most characters are neither spaces nor capitals: two comparisons decide them.
  if (c > 0x5a) {
    if (c !== 0xa0 && c !== 0x3000) return c;
  } else if (c > 0x20) return c >= 0x41 ? c + 32 : c;
  if (!isSpace(c)) return c;
  return i > 0 && isSpace(text.charCodeAt(i - 1)) ? -1 : 0x20;
}


/** Per character the automaton read, its index in the text (scratch shared by every scan; grown on demand). */
let readAt = new Int32Array(1024);

/**
 * One pass of the automaton; fills the set's scratch arrays (stamped) and returns the hit term ids in order.
 * The automaton reads each whitespace run as one space (a space in a term matches any run), lower-cased ASCII
 * otherwise; spans are offsets into `text`.
 */
function scan(set: PatternSet, text: string): { hits: number[]; stamp: number } {
  const sc = set.scratch;
  sc.stamp = (sc.stamp + 1) >>> 0;
  if (sc.stamp === 0) {
    sc.seen.fill(0);
    sc.patSeen.fill(0);
    sc.stamp = 1;
  }
  const stamp = sc.stamp;
  const hits: number[] = [];
  const n = text.length;
  if (readAt.length < n) readAt = new Int32Array(Math.max(n, 2 * readAt.length));
  const st = set.state;
  if (st.automaton === undefined && (++st.scans > st.directScans || n > st.directMaxChars)) st.automaton = buildAutomaton(set.terms);
  if (st.automaton === undefined) {
    directScan(set, text, stamp, hits);
    return { hits, stamp };
  }
  const auto = st.automaton;
  const { rootNext, out, outLink, firstOut, memo } = auto;
  const { termLen } = set;
  const at = readAt;
  let read = 0; // characters read so far
  let state = 0;
  for (let i = 0; i < n; i++) {
    const c = readCode(text, i);
    if (c < 0) continue;
    at[read] = i;
    read++;
    if (state === 0) state = rootNext[c];
    else if (memo.length === 0) state = walk(auto, state, c);
    else {
      const key = (state << 16) | c;
      let slot = (Math.imul(key, 0x9e3779b1) >>> (32 - MEMO_BITS)) << 1;
      for (;;) {
        const k = memo[slot];
        if (k === key) {
          state = memo[slot + 1];
          break;
        }
        if (k === 0) {
          const next = walk(auto, state, c);
          if (auto.memoCount >= MEMO_SLOTS >> 1) {
            memo.fill(0);
            auto.memoCount = 0;
            slot = (Math.imul(key, 0x9e3779b1) >>> (32 - MEMO_BITS)) << 1;
          }
          memo[slot] = key;
          memo[slot + 1] = next;
          auto.memoCount++;
          state = next;
          break;
        }
        slot = (slot + 2) & (2 * MEMO_SLOTS - 1);
      }
    }
    if (state === 0) continue;
    for (let o = firstOut[state]; o > 0; o = outLink[o]) {
      for (const id of out[o]!) {
        if (sc.seen[id] !== stamp) record(set, text, id, at[read - termLen[id]], i + 1, stamp, hits);
      }
    }
  }
  return { hits, stamp };
}

/**
 * Record term `id` as found at [start, end) of `text` if its word boundaries hold (they read the text itself: a
 * character next to a match is a space in both texts or the same character in both), allowing a plural s
 * ("loan" matches "loans"). Returns whether it was recorded.
 */
function record(set: PatternSet, text: string, id: number, start: number, end: number, stamp: number, hits: number[]): boolean {
  const n = text.length;
  if (set.leftBound[id] && start > 0 && isWordChar(text.charCodeAt(start - 1))) return false;
  if (set.rightBound[id] && end < n && isWordChar(text.charCodeAt(end))) {
    if (lowerCode(text.charCodeAt(end)) !== 0x73 || (end + 1 < n && isWordChar(text.charCodeAt(end + 1)))) return false;
    end++;
  }
  const sc = set.scratch;
  sc.seen[id] = stamp;
  sc.start[id] = start;
  sc.end[id] = end;
  hits.push(id);
  return true;
}

/**
 * The automaton's result without the automaton: the text read as the automaton reads it (whitespace runs as one
 * space, ASCII lower-cased), each term's occurrences looked up in turn, the first one whose word boundaries
 * hold recorded — for one term, first by end is first by start, so this is the occurrence the automaton keeps.
 */
function directScan(set: PatternSet, text: string, stamp: number, hits: number[]): void {
  const { terms, termLen } = set;
  const n = text.length;
  const at = readAt;
  const codes: number[] = [];
  let read = 0;
  for (let i = 0; i < n; i++) {
    const c = readCode(text, i);
    if (c < 0) continue;
    at[read++] = i;
    codes.push(c);
  }
  let readText = '';
  for (let i = 0; i < codes.length; i += 4096) readText += String.fromCharCode(...codes.slice(i, i + 4096));
  for (let id = 0; id < terms.length; id++) {
    const len = termLen[id];
    for (let pos = readText.indexOf(terms[id]); pos >= 0; pos = readText.indexOf(terms[id], pos + 1)) {
      if (record(set, text, id, at[pos], at[pos + len - 1] + 1, stamp, hits)) break;
    }
  }
}

/**
 * First occurrence of every term in `text` (already normalized): per term id its [start, end), or -1.
 * Latin terms match whole words (an optional plural `s` is allowed), or as prefixes when written with `*`;
 * a space in a term matches any run of whitespace.
 */
export function findTerms(set: PatternSet, text: string): Int32Array {
  const first = new Int32Array(set.termCount * 2).fill(-1);
  if (set.termCount === 0) return first;
  for (const id of scan(set, text).hits) {
    first[id * 2] = set.scratch.start[id];
    first[id * 2 + 1] = set.scratch.end[id];
  }
  return first;
}

/** The patterns that fire on `text` (normalized), in pattern order. */
export function matchPatterns(set: PatternSet, text: string): PatternHit[] {
  if (set.termCount === 0 || text.length === 0) return [];
  const { hits: terms, stamp } = scan(set, text);
  if (terms.length === 0) return [];
  const sc = set.scratch;
  const candidates: number[] = [];
  for (const id of terms) {
    for (const p of set.termPatterns[id]) {
      if (sc.patSeen[p] === stamp) continue;
      sc.patSeen[p] = stamp;
      candidates.push(p);
    }
  }
  candidates.sort((a, b) => a - b);
  const hits: PatternHit[] = [];
  for (const p of candidates) {
    const spans: Array<[number, number]> = [];
    let ok = true;
    for (const g of set.groups[p]) {
      let best = -1;
      for (const id of g) if (sc.seen[id] === stamp && (best < 0 || sc.start[id] < sc.start[best])) best = id;
      if (best < 0) {
        ok = false;
        break;
      }
      spans.push([sc.start[best], sc.end[best]]);
    }
    if (ok && spans.length > 0) {
      const pat = set.patterns[p];
      hits.push(pat.cue ? { id: pat.id, type: pat.type, weight: pat.weight, spans, cue: pat.cue } : { id: pat.id, type: pat.type, weight: pat.weight, spans });
    }
  }
  return hits;
}

/** Summed pattern weight per type. */
export function typeEvidence(hits: readonly PatternHit[]): Map<ScamType, number> {
  const m = new Map<ScamType, number>();
  for (const h of hits) if (!h.cue) m.set(h.type, (m.get(h.type) ?? 0) + h.weight);
  return m;
}
