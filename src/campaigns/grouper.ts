/**
 * Streaming campaign assignment: every message's MinHash signature is cut into LSH bands, and messages that
 * share a band key are in one campaign (union-find over band keys, connected components).
 *
 * Memory is bounded by a budget of band keys (`maxKeys`). Each key remembers when it was last hit, on a clock
 * that advances by one per key looked up (24 per message). While the distinct keys fit the budget nothing is
 * forgotten and the result is exact. When a message would take the table past it, a sweep forgets every key
 * not hit for maxKeys / 2 ticks (at most maxKeys / 2 keys were hit since, so a sweep frees at least half the
 * table), and campaigns left without keys are closed: they can no longer grow, so those below `keepSize` are
 * dropped (their indicators folded into one table when `keepIndicators`) and the rest kept for the output. Two
 * messages fewer than maxKeys / 48 risky messages apart that share a key are therefore always joined; further
 * apart, only if the keys between them were hit in the meantime. Union-find nodes are one per message that
 * brought a new key, renumbered at each sweep (only live campaigns keep nodes) unless `stableNodes`.
 *
 * Order does not matter: components, sums, minima and maxima are the same whatever order the messages (or
 * shards' campaign records, `addCampaign`) come in, which is what makes sharded-then-merged equal to whole-file.
 * The representative message is the member with the smallest content hash, and the campaign id is that hash,
 * so ids too depend on the members only.
 *
 * One file (over 300 lines): the band index, the union-find, the campaign accumulators, the sweeps and the merge
 * of shard results share one representation.
 */
import { BANDS, bandKeys, hash53, hex53, signature, SIGNATURE_LENGTH } from './minhash.js';
import type { Indicator, IndicatorKind } from './indicators.js';
import { KeyTable } from './keytable.js';
import { ownString } from '../tokenize/own-string.js';

/** One risky message, as the grouper needs it. */
export interface Member {
  /** Row number in the whole dump (1-based; shards add their offset). */
  readonly row: number;
  /** The --time-column value, when given (compared as strings: ISO 8601 timestamps sort in time order). */
  readonly time?: string;
  readonly lang: string;
  readonly type?: string;
  /** Calibrated score, as `score` reports it (4 decimals). */
  readonly score: number;
  /** The message as written. */
  readonly text: string;
  readonly shingles: Uint32Array;
  readonly indicators: readonly Indicator[];
}

export interface IndicatorStat {
  readonly kind: IndicatorKind;
  readonly value: string;
  shared?: true;
  /** Messages carrying it. */
  count: number;
  first_row: number;
  last_row: number;
  first_seen?: string;
  last_seen?: string;
  /** Scam types of the messages carrying it, with counts. */
  types: Record<string, number>;
}

/** A campaign record: what `scamscan campaigns` writes as JSONL, and what `--merge` reads back. */
export interface Campaign {
  readonly id: string;
  readonly size: number;
  /** Messages per language, most first. */
  readonly languages: Record<string, number>;
  /** The most common scam type among members that have one. */
  readonly type: string | null;
  readonly types: Record<string, number>;
  readonly mean_score: number;
  readonly first_row: number;
  readonly last_row: number;
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly representative: string;
  /** Indicators, most frequent first. */
  readonly indicators: IndicatorStat[];
  /** Other campaigns sharing an indicator with this one (link-shortener and messenger-link domains aside). */
  readonly linked: string[];
  /** For merging shards: sum of scores in units of 0.0001 (exact), and the LSH band keys (base 36). */
  readonly score_units: number;
  readonly lsh: string[];
}

interface State {
  size: number;
  langs: Map<string, number>;
  types: Map<string, number>;
  scoreUnits: number;
  firstRow: number;
  lastRow: number;
  firstSeen?: string;
  lastSeen?: string;
  repHash: number;
  repText: string;
  indicators: Map<string, IndicatorStat>;
}

/** A campaign of one message, held compactly until it meets another (most risky messages in a dump never do). */
interface Single {
  readonly single: true;
  readonly row: number;
  readonly time?: string;
  readonly lang: string;
  readonly type?: string;
  readonly scoreUnits: number;
  readonly repHash: number;
  readonly repText: string;
  readonly indicators: readonly Indicator[];
}

function isSingle(s: State | Single): s is Single {
  return (s as Single).single === true;
}

function full(s: State | Single): State {
  if (!isSingle(s)) return s;
  const indicators = new Map<string, IndicatorStat>();
  for (const i of s.indicators) {
    const st: IndicatorStat = { kind: i.kind, value: i.value, count: 1, first_row: s.row, last_row: s.row, types: s.type ? { [s.type]: 1 } : {} };
    if (i.shared) st.shared = true;
    if (s.time !== undefined) {
      st.first_seen = s.time;
      st.last_seen = s.time;
    }
    indicators.set(i.kind + '\t' + i.value, st);
  }
  return {
    size: 1,
    langs: new Map([[s.lang, 1]]),
    types: new Map(s.type ? [[s.type, 1]] : []),
    scoreUnits: s.scoreUnits,
    firstRow: s.row,
    lastRow: s.row,
    repHash: s.repHash,
    repText: s.repText,
    indicators,
    ...(s.time !== undefined ? { firstSeen: s.time, lastSeen: s.time } : {}),
  };
}

function addCount(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function minStr(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : a <= b ? a : b;
}

function maxStr(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : a >= b ? a : b;
}

function mergeIndicator(into: IndicatorStat, s: IndicatorStat): void {
  into.count += s.count;
  into.first_row = Math.min(into.first_row, s.first_row);
  into.last_row = Math.max(into.last_row, s.last_row);
  const f = minStr(into.first_seen, s.first_seen), l = maxStr(into.last_seen, s.last_seen);
  if (f !== undefined) into.first_seen = f;
  if (l !== undefined) into.last_seen = l;
  for (const [t, n] of Object.entries(s.types)) into.types[t] = (into.types[t] ?? 0) + n;
}

/** Entries sorted by count (descending), then key. */
function byCount(m: Map<string, number> | Record<string, number>): Array<[string, number]> {
  const e = m instanceof Map ? [...m.entries()] : Object.entries(m);
  return e.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function sortedRecord(m: Map<string, number> | Record<string, number>): Record<string, number> {
  const o: Record<string, number> = {};
  for (const [k, v] of byCount(m)) o[k] = v;
  return o;
}

export function compareIndicators(a: Pick<IndicatorStat, 'count' | 'kind' | 'value'>, b: Pick<IndicatorStat, 'count' | 'kind' | 'value'>): number {
  return b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** Default budget of band keys: ~32 MB of table, and the bench's 1,000,000-row dump (922,031 keys) fits it. */
export const DEFAULT_MAX_KEYS = 1_000_000;

export interface GrouperOptions {
  /** Band keys held at most (see the file comment); at least 2 × BANDS. */
  readonly maxKeys?: number;
  /** Campaigns smaller than this are dropped once closed (they would not be reported); default 1: none dropped. */
  readonly keepSize?: number;
  /** Keep the indicators of dropped campaigns (`droppedIndicators`): `iocs` counts every risky message. */
  readonly keepIndicators?: boolean;
  /** Never renumber nodes, so that `add`'s return value stays valid for `campaignOf` (`--rows`); nodes then grow with the messages. */
  readonly stableNodes?: boolean;
}

export class CampaignGrouper {
  private readonly nodeOfKey = new KeyTable();
  private parent = new Int32Array(1024);
  private nodes = 0;
  private states = new Map<number, State | Single>();
  /** Campaigns closed by a sweep and kept, with the node they had (resolvable when nodes are stable). */
  private readonly closed: Array<[number, State | Single]> = [];
  private readonly loose = new Map<string, IndicatorStat>();
  private readonly sig = new Uint32Array(SIGNATURE_LENGTH);
  readonly maxKeys: number;
  private readonly horizon: number;
  private readonly keepSize: number;
  private readonly keepIndicators: boolean;
  private readonly stable: boolean;
  private clock = 0;
  /** Sweeps done, keys forgotten, and messages in campaigns dropped by them. */
  sweeps = 0;
  forgotten = 0;
  dropped = 0;

  constructor(opts: GrouperOptions = {}) {
    this.maxKeys = Math.max(2 * BANDS, opts.maxKeys ?? DEFAULT_MAX_KEYS);
    this.horizon = Math.floor(this.maxKeys / 2);
    this.keepSize = opts.keepSize ?? 1;
    this.keepIndicators = opts.keepIndicators ?? false;
    this.stable = opts.stableNodes ?? false;
  }

  private newNode(): number {
    if (this.nodes === this.parent.length) {
      const p = new Int32Array(this.parent.length * 2);
      p.set(this.parent);
      this.parent = p;
    }
    this.parent[this.nodes] = this.nodes;
    return this.nodes++;
  }

  /** The root of a node's component (with path halving). */
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  private union(a: number, b: number): number {
    a = this.find(a);
    b = this.find(b);
    if (a === b) return a;
    const sa = this.states.get(a), sb = this.states.get(b);
    // The larger aggregate absorbs the smaller.
    if (sa && sb && weight(sa) < weight(sb)) [a, b] = [b, a];
    this.parent[b] = a;
    const from = this.states.get(b);
    if (from) {
      this.states.delete(b);
      this.absorb(a, from);
    }
    return a;
  }

  /** Merge `from` into the state of root `a` (or make it that state). */
  private absorb(a: number, from: State | Single): void {
    const into = this.states.get(a);
    if (!into) this.states.set(a, from);
    else {
      const f = full(into);
      if (f !== into) this.states.set(a, f);
      mergeState(f, full(from));
    }
  }

  /**
   * Join the components of these band keys with `state`: the keys already held are hit, the new ones get one
   * new node (or the component's root). Returns the component's root.
   */
  private join(keys: readonly number[], state: State | Single): number {
    const now = (this.clock = (this.clock + keys.length) >>> 0);
    let root = -1;
    const fresh: number[] = [];
    for (const k of keys) {
      const n = this.nodeOfKey.hit(k, now);
      if (n < 0) fresh.push(k);
      else root = root < 0 ? this.find(n) : this.union(root, n);
    }
    if (fresh.length > 0 && this.nodeOfKey.size + fresh.length > this.maxKeys) root = this.sweep(root);
    // A node even without keys: a merged record of a campaign closed beyond the budget has none (`lsh` empty).
    if (root < 0) root = this.newNode();
    for (const k of fresh) this.nodeOfKey.set(k, root, now);
    this.absorb(root, state);
    return root;
  }

  /**
   * Forget the keys not hit within the horizon, close the campaigns left without keys, and (unless nodes are
   * stable) renumber the live campaigns' nodes 0…n−1. Returns `root`'s node afterwards (it was just hit, so it lives).
   */
  private sweep(root: number): number {
    const now = this.clock, horizon = this.horizon, before = this.nodeOfKey.size;
    const remap = new Int32Array(this.nodes).fill(-1);
    let next = 0;
    this.nodeOfKey.retain((_k, v, hit) => {
      if (((now - hit) >>> 0) > horizon) return -1;
      const r = this.find(v);
      if (remap[r] < 0) remap[r] = this.stable ? r : next++;
      return remap[r];
    });
    this.forgotten += before - this.nodeOfKey.size;
    const live = new Map<number, State | Single>();
    for (const [r, s] of this.states) {
      if (remap[r] >= 0) live.set(remap[r], s);
      else this.close(r, s);
    }
    this.states = live;
    if (!this.stable) {
      // The array is reused: a sweep leaves fewer live campaigns than there were nodes.
      for (let i = 0; i < next; i++) this.parent[i] = i;
      this.nodes = next;
    }
    this.sweeps++;
    return root < 0 ? root : remap[root];
  }

  /** A campaign that can no longer grow: kept for the output when big enough, else dropped. */
  private close(root: number, s: State | Single): void {
    const size = sizeOf(s);
    if (size >= this.keepSize) {
      this.closed.push([root, s]);
      return;
    }
    this.dropped += size;
    if (!this.keepIndicators) return;
    for (const [k, st] of full(s).indicators) {
      const have = this.loose.get(k);
      if (have) mergeIndicator(have, st);
      else this.loose.set(k, st);
    }
  }

  /** The indicators of the campaigns dropped (with `keepIndicators`): counted in no reported campaign. */
  droppedIndicators(): IndicatorStat[] {
    return [...this.loose.values()];
  }

  /**
   * The indicators of every campaign of fewer than `minSize` messages, dropped or held, added up: what `iocs`
   * counts besides the campaigns it lists, without a record built for each small campaign.
   */
  smallIndicators(minSize: number): IndicatorStat[] {
    const out = new Map<string, IndicatorStat>();
    const add = (k: string, st: IndicatorStat) => {
      const have = out.get(k);
      if (have) mergeIndicator(have, st);
      else out.set(k, { ...st, types: { ...st.types } });
    };
    for (const [k, st] of this.loose) add(k, st);
    for (const group of [this.states.values(), this.closed.map((c) => c[1])]) {
      for (const s of group) if (sizeOf(s) < minSize) for (const [k, st] of full(s).indicators) add(k, st);
    }
    return [...out.values()];
  }

  /** Add a message; returns its node (resolve it with `campaignOf` once every message is in). */
  add(m: Member): number {
    const keys = bandKeys(signature(m.shingles, this.sig));
    const st: Single = {
      single: true,
      row: m.row,
      ...(m.time !== undefined ? { time: m.time } : {}),
      lang: m.lang,
      ...(m.type ? { type: m.type } : {}),
      scoreUnits: Math.round(m.score * 10000),
      repHash: hash53(m.shingles),
      repText: ownString(m.text),
      indicators: m.indicators.map((i) => ({ ...i, value: ownString(i.value) })),
    };
    return this.join(keys, st);
  }

  /** Add a campaign record written by another run (a shard): the merge. */
  addCampaign(c: Campaign): void {
    const indicators = new Map<string, IndicatorStat>();
    for (const i of c.indicators) indicators.set(i.kind + '\t' + i.value, { ...i, types: { ...i.types } });
    const st: State = {
      size: c.size,
      langs: new Map(Object.entries(c.languages)),
      types: new Map(Object.entries(c.types)),
      scoreUnits: c.score_units,
      firstRow: c.first_row,
      lastRow: c.last_row,
      repHash: parseInt(c.id.slice(1), 16),
      repText: c.representative,
      indicators,
      ...(c.first_seen !== undefined ? { firstSeen: c.first_seen, lastSeen: c.last_seen } : {}),
    };
    this.join(c.lsh.map((k) => parseInt(k, 36)), st);
  }

  private ids: Map<number, string> | undefined;

  /**
   * The campaigns (at least `minSize` messages each), largest first, then by id; `linked` left empty unless
   * `link` (see `Links`).
   */
  campaigns(minSize = 1, link = true): Campaign[] {
    const keysOf = new Map<number, number[]>();
    this.nodeOfKey.forEach((k, n) => {
      const r = this.find(n);
      let l = keysOf.get(r);
      if (!l) {
        if (sizeOf(this.states.get(r)) < minSize) return;
        keysOf.set(r, (l = []));
      }
      l.push(k);
    });
    this.ids = new Map();
    const out: Array<Omit<Campaign, 'linked'> & { linked: string[] }> = [];
    // Closed campaigns hold no keys (and without stable nodes their old node may since belong to a live one).
    const all: Array<[number, State | Single, boolean]> = [];
    for (const [root, state] of this.states) all.push([root, state, true]);
    for (const [root, state] of this.closed) all.push([root, state, false]);
    for (const [root, state, live] of all) {
      if (sizeOf(state) < minSize) continue;
      const s = full(state);
      const id = 'c' + hex53(s.repHash);
      if (this.stable) this.ids.set(root, id);
      const types = sortedRecord(s.types);
      const top = Object.keys(types)[0];
      const indicators = [...s.indicators.values()].map((i) => ({ ...i, types: sortedRecord(i.types) })).sort(compareIndicators);
      out.push({
        id,
        size: s.size,
        languages: sortedRecord(s.langs),
        type: top ?? null,
        types,
        mean_score: Math.round(s.scoreUnits / s.size) / 10000,
        first_row: s.firstRow,
        last_row: s.lastRow,
        ...(s.firstSeen !== undefined ? { first_seen: s.firstSeen, last_seen: s.lastSeen } : {}),
        representative: s.repText,
        indicators,
        linked: [],
        score_units: s.scoreUnits,
        lsh: live ? (keysOf.get(root) ?? []).sort((a, b) => a - b).map((k) => k.toString(36)) : [],
      });
    }
    out.sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    if (link) {
      const links = new Links(out);
      for (const c of out) c.linked.push(...links.of(c));
    }
    return out;
  }

  /** The campaign id of a node `add` returned (after `campaigns()`), or null when its campaign was left out. */
  campaignOf(node: number): string | null {
    if (!this.ids) throw new Error('campaignOf before campaigns()');
    if (!this.stable) throw new Error('campaignOf needs stableNodes');
    return this.ids.get(this.find(node)) ?? null;
  }

  /** Distinct band keys held (at most maxKeys, but for a merged campaign record with more keys than that). */
  get keys(): number {
    return this.nodeOfKey.size;
  }

  /** Union-find nodes in use: at most one per key held, unless nodes are stable. */
  get nodeCount(): number {
    return this.nodes;
  }
}

/**
 * Campaigns linked by a shared indicator (shared domains aside), one campaign's list at a time: when many
 * campaigns carry one common indicator the lists add up to millions of ids (4.2 million on the 1M-row bench
 * dump; building them all at once took its peak RSS from 320 to 360–370 MB), which a writer needs one by one.
 */
export class Links {
  private readonly byIndicator = new Map<string, string[]>();

  constructor(cs: readonly Campaign[]) {
    for (const c of cs) for (const i of c.indicators) {
      if (i.shared) continue;
      const k = i.kind + '\t' + i.value;
      const l = this.byIndicator.get(k);
      if (l) l.push(c.id);
      else this.byIndicator.set(k, [c.id]);
    }
  }

  /** The other campaigns sharing an indicator with `c`, sorted. */
  of(c: Campaign): string[] {
    const linked = new Set<string>();
    for (const i of c.indicators) if (!i.shared) for (const other of this.byIndicator.get(i.kind + '\t' + i.value) ?? []) if (other !== c.id) linked.add(other);
    return [...linked].sort();
  }
}

function sizeOf(s: State | Single | undefined): number {
  return s === undefined ? 0 : isSingle(s) ? 1 : s.size;
}

function weight(s: State | Single): number {
  return isSingle(s) ? 1 : s.indicators.size + s.langs.size;
}

function mergeState(into: State, from: State): void {
  into.size += from.size;
  for (const [k, n] of from.langs) addCount(into.langs, k, n);
  for (const [k, n] of from.types) addCount(into.types, k, n);
  into.scoreUnits += from.scoreUnits;
  into.firstRow = Math.min(into.firstRow, from.firstRow);
  into.lastRow = Math.max(into.lastRow, from.lastRow);
  const f = minStr(into.firstSeen, from.firstSeen), l = maxStr(into.lastSeen, from.lastSeen);
  if (f !== undefined) into.firstSeen = f;
  if (l !== undefined) into.lastSeen = l;
  if (from.repHash < into.repHash || (from.repHash === into.repHash && from.repText < into.repText)) {
    into.repHash = from.repHash;
    into.repText = from.repText;
  }
  for (const [k, s] of from.indicators) {
    const have = into.indicators.get(k);
    if (have) mergeIndicator(have, s);
    else into.indicators.set(k, s);
  }
}
