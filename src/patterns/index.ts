/**
 * Scam-type patterns: per-language lexicons kept as data (`src/patterns/<lang>.json`), each pattern with its
 * type, weight and a hand-written example. Matching is a pure stage on the normalized text (so it sees through
 * Zawgyi, Traditional Chinese, homoglyphs and spacing tricks): every term goes into one character trie, the trie
 * is walked from each position once (linear in the text for a fixed lexicon, no regular expressions), and a
 * pattern fires when its `any` terms and each of its `all` groups have a hit.
 */
import * as v from 'valibot';
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

/**
 * Intent cues: what a message asks for or does, in any language, as opposed to what scam it is. A pattern with
 * a `cue` is evidence of that cue only (a `q:<cue>` feature), never of its scam type. `never_share` and
 * `official_channel` are what genuine notices say (a code given with a warning not to pass it on); the rest are
 * what lures ask for or threaten.
 */
export const CUES = [
  'ask_code',
  'never_share',
  'official_channel',
  'pay_fee',
  'move_to_chat',
  'threat',
  'deadline',
  'click_link',
  'windfall',
  'easy_money',
  'guaranteed_return',
  'new_number',
  'secrecy',
  'transaction_record',
  'gift_card',
  'wrong_number',
  'authority',
  'appointment',
  'fraud_warning',
] as const;
export type Cue = (typeof CUES)[number];

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
  /** An intent cue rather than scam-type evidence (`type` is then ignored). */
  readonly cue?: Cue;
}

export interface PatternFile {
  readonly lang: string;
  readonly note?: string;
  readonly patterns: readonly Pattern[];
}

const term = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const terms = v.pipe(v.array(term), v.minLength(1), v.maxLength(500));
export const patternSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  type: v.picklist(SCAM_TYPES),
  weight: v.pipe(v.number(), v.minValue(0.1), v.maxValue(10)),
  any: v.optional(terms),
  all: v.optional(v.pipe(v.array(terms), v.minLength(1), v.maxLength(10))),
  example: v.pipe(v.string(), v.maxLength(2000)),
  cue: v.optional(v.picklist(CUES)),
});
export const patternFileSchema = v.strictObject({
  lang: v.pipe(v.string(), v.maxLength(10)),
  note: v.optional(v.pipe(v.string(), v.maxLength(5000))),
  patterns: v.pipe(v.array(patternSchema), v.maxLength(5000)),
});

/** One line for the first problem a schema found: `path.to.field: what was expected, what was found`. */
export function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const i = issues[0];
  const path = i.path && i.path.length > 0 ? i.path.map((p) => String(p.key)).join('.') : '(top level)';
  // A strict object's unknown key reads "Expected never"; say what it is.
  if (i.type === 'strict_object' && i.expected === 'never') return `${path}: unknown field (not part of the format)`;
  return `${path}: ${i.message}`;
}

/** Validate a parsed pattern file; throws with one line naming the first problem. */
export function parsePatternFile(raw: unknown, where: string): PatternFile {
  const r = v.safeParse(patternFileSchema, raw);
  if (!r.success) throw new Error(`${where}: ${describeIssue(r.issues)}`);
  for (const p of r.output.patterns) {
    if (!p.any && !p.all) throw new Error(`${where}: pattern ${p.id}: expected "any" or "all", found neither`);
  }
  const ids = new Set<string>();
  for (const p of r.output.patterns) {
    if (ids.has(p.id)) throw new Error(`${where}: pattern id ${p.id} is used twice`);
    ids.add(p.id);
  }
  return r.output as PatternFile;
}

export interface PatternHit {
  readonly id: string;
  readonly type: ScamType;
  readonly weight: number;
  /** Spans [start, end) in the normalized text of the first hit of each term group. */
  readonly spans: Array<[number, number]>;
  /** Set for an intent cue pattern (not scam-type evidence). */
  readonly cue?: Cue;
}

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

/** Goto transitions, failure links, terms ending at a state, link to the next state with outputs. */
interface Automaton {
  /** The root's transitions as a dense table (most characters of a text leave from the root). */
  readonly rootNext: Int32Array;
  /** Other states' transitions, flat: state s owns keys/targets [edgeStart[s], edgeStart[s + 1]), keys sorted. */
  readonly edgeStart: Int32Array;
  readonly edgeKey: Uint16Array;
  readonly edgeTo: Int32Array;
  readonly fail: Int32Array;
  readonly out: ReadonlyArray<readonly number[] | undefined>;
  readonly outLink: Int32Array;
  /** Per state, the first state of its output chain: itself if terms end there, else `outLink` (-1: none). */
  readonly firstOut: Int32Array;
  /**
   * Transitions out of non-root states as found by walking failure links, remembered (a lazily built DFA): per
   * slot, key `state << 16 | char` and target; open addressing, cleared when half full. Empty when the
   * automaton has too many states for the key (then every transition walks).
   */
  readonly memo: Int32Array;
  memoCount: number;
}

const MEMO_BITS = 14;
const MEMO_SLOTS = 1 << MEMO_BITS;

/** Texts a pattern set scans directly before it builds its automaton (`compilePatterns`' default). */
export const DIRECT_SCANS = 16;
/** A text longer than this is scanned by the automaton even before then (looking up every term in a long post
 * would cost more than building it). */
export const DIRECT_MAX_CHARS = 4096;

const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x3000 || c === 0xa0;
const lowerCode = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

/** Lower-case ASCII only, so offsets in the lowered text are offsets in the normalized text. */
export function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

const NEEDS_CANON = /[A-Z\s]/;

/** Compiled form of a term: ASCII lower case, trimmed, whitespace runs as one space, a trailing `*` = prefix. */
function canonicalTerm(t: string): { text: string; prefix: boolean } {
  // Most terms (Thai, Chinese, Burmese, lower-case English) have neither capitals nor spaces: one test, no copies.
  let s = NEEDS_CANON.test(t) ? lowerAscii(t).trim().replace(/\s+/g, ' ') : t;
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

/** Child of state `s` on character `c`, or -1. Few edges per state: a linear scan beats a hash lookup. */
function childOf(edgeStart: Int32Array, edgeKey: Uint16Array, edgeTo: Int32Array, s: number, c: number): number {
  const end = edgeStart[s + 1];
  for (let e = edgeStart[s]; e < end; e++) {
    const k = edgeKey[e];
    if (k === c) return edgeTo[e];
    if (k > c) break;
  }
  return -1;
}

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

/** The Aho–Corasick automaton over `texts` (term ids = indices), in typed arrays sized by the total term length. */
function buildAutomaton(texts: readonly string[]): Automaton {
  let totalChars = 0;
  for (const t of texts) totalChars += t.length;
  // The trie, built from the terms in sorted order: each term shares its longest common prefix with the one
  // before it, so new states are appended along one path and every state's children arrive in character order.
  const order = texts.map((_, i) => i).sort((a, b) => (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : a - b));
  const cap = totalChars + 1;
  const label = new Uint16Array(cap);
  const firstChild = new Int32Array(cap).fill(-1);
  const lastChild = new Int32Array(cap).fill(-1);
  const sibling = new Int32Array(cap).fill(-1);
  const own: Array<number[] | undefined> = [undefined];
  const path: number[] = [0]; // path[d]: the previous term's state at depth d
  let count = 1;
  let prev = '';
  for (const id of order) {
    const t = texts[id];
    let l = 0;
    const m = Math.min(t.length, prev.length);
    while (l < m && t.charCodeAt(l) === prev.charCodeAt(l)) l++;
    let node = path[l];
    for (let d = l; d < t.length; d++) {
      const s = count++;
      label[s] = t.charCodeAt(d);
      if (lastChild[node] < 0) firstChild[node] = s;
      else sibling[lastChild[node]] = s;
      lastChild[node] = s;
      node = s;
      path[d + 1] = s;
    }
    (own[node] ??= []).push(id);
    prev = t;
  }
  own.length = count;
  const states = count;
  const rootNext = new Int32Array(0x10000);
  const edgeStart = new Int32Array(states + 1);
  const edgeKey = new Uint16Array(states);
  const edgeTo = new Int32Array(states);
  let edges = 0;
  for (let s = 0; s < states; s++) {
    edgeStart[s] = edges;
    for (let v = firstChild[s]; v >= 0; v = sibling[v]) {
      edgeKey[edges] = label[v];
      edgeTo[edges++] = v;
      if (s === 0) rootNext[label[v]] = v;
    }
  }
  edgeStart[states] = edges;
  const step = (s: number, c: number): number => (s === 0 ? rootNext[c] || -1 : childOf(edgeStart, edgeKey, edgeTo, s, c));
  // Failure links and output links, breadth first.
  const fail = new Int32Array(states);
  const outLink = new Int32Array(states).fill(-1);
  const queue: number[] = [];
  for (let v = firstChild[0]; v >= 0; v = sibling[v]) queue.push(v);
  for (let qi = 0; qi < queue.length; qi++) {
    const u = queue[qi];
    for (let v = firstChild[u]; v >= 0; v = sibling[v]) {
      const c = label[v];
      let f = fail[u];
      while (f > 0 && step(f, c) < 0) f = fail[f];
      const g = step(f, c);
      fail[v] = g > 0 && g !== v ? g : 0;
      outLink[v] = own[fail[v]] ? fail[v] : outLink[fail[v]];
      queue.push(v);
    }
  }
  const firstOut = new Int32Array(states);
  for (let s = 0; s < states; s++) firstOut[s] = own[s] ? s : outLink[s];
  return { rootNext, edgeStart, edgeKey, edgeTo, fail, out: own, outLink, firstOut, memo: new Int32Array(states < 0x8000 ? 2 * MEMO_SLOTS : 0), memoCount: 0 };
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

/** The state after reading `c` in state `s` (not the root): its child on `c`, else the failure links' (or the root's). */
function walk(a: Automaton, s: number, c: number): number {
  const { edgeStart, edgeKey, edgeTo, fail } = a;
  let state = s;
  let t = childOf(edgeStart, edgeKey, edgeTo, state, c);
  while (t < 0 && state !== 0) {
    state = fail[state];
    t = state === 0 ? -1 : childOf(edgeStart, edgeKey, edgeTo, state, c);
  }
  return t < 0 ? a.rootNext[c] : t;
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
