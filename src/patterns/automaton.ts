/**
 * The Aho–Corasick automaton over a lexicon's canonical terms, in typed arrays: goto transitions (a dense table
 * at the root), failure links, output links, and a memo of transitions found by walking failure links.
 */

/** Goto transitions, failure links, terms ending at a state, link to the next state with outputs. */
export interface Automaton {
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

// 65,536 slots (512 KB a thread): the transitions a Burmese or Thai dump keeps using outgrew 16,384, and a
// cleared memo means walking failure links again (bench/RESULTS.md, 2026-12-07).
export const MEMO_BITS = 16;
export const MEMO_SLOTS = 1 << MEMO_BITS;


/** Child of state `s` on character `c`, or -1. Few edges per state: a linear scan beats a hash lookup. */
export function childOf(edgeStart: Int32Array, edgeKey: Uint16Array, edgeTo: Int32Array, s: number, c: number): number {
  const end = edgeStart[s + 1];
  for (let e = edgeStart[s]; e < end; e++) {
    const k = edgeKey[e];
    if (k === c) return edgeTo[e];
    if (k > c) break;
  }
  return -1;
}

/** The Aho–Corasick automaton over `texts` (term ids = indices), in typed arrays sized by the total term length. */
export function buildAutomaton(texts: readonly string[]): Automaton {
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

/** The state after reading `c` in state `s` (not the root): its child on `c`, else the failure links' (or the root's). */
export function walk(a: Automaton, s: number, c: number): number {
  const { edgeStart, edgeKey, edgeTo, fail } = a;
  let state = s;
  let t = childOf(edgeStart, edgeKey, edgeTo, state, c);
  while (t < 0 && state !== 0) {
    state = fail[state];
    t = state === 0 ? -1 : childOf(edgeStart, edgeKey, edgeTo, state, c);
  }
  return t < 0 ? a.rootNext[c] : t;
}
