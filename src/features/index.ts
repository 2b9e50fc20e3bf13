/**
 * Stage 4: features. Tokens become namespaced strings (`w:` word, `b:` word bigram, `h:` Han character
 * bigram, `u:` URL facts, `p:` phone class, `n:` number size, `e:` other entities, `l:` language), hashed
 * into a fixed number of buckets, binary-valued and L2-normalised so that long posts and short SMS weigh alike.
 * The configuration is data stored in the model, so scoring rebuilds exactly the features it was trained on.
 */
import { fnv1a, fnv1aMore, FNV_BASIS } from './hash.js';
import type { Token } from '../tokenize/index.js';
import { SHORTENERS } from '../tokenize/index.js';
import type { Lang } from '../lang/index.js';
import type { PatternHit } from '../patterns/index.js';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  readonly bits: number;
  /** Emit word bigrams. */
  readonly wordBigrams: boolean;
  /** Emit Han character bigrams across segmenter boundaries. */
  readonly hanBigrams: boolean;
  /** Emit character n-grams of this length inside Thai/Burmese words (0 = off). */
  readonly charNgrams: number;
  /** Emit a per-language bias feature. */
  readonly langFeature: boolean;
  /** Emit one `t:<type>` feature per scam type whose lexicon patterns fire (the lexicon is stored in the model). */
  readonly patternFeatures?: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 20,
  wordBigrams: true,
  hanBigrams: true,
  charNgrams: 0,
  langFeature: false,
  // Scam-type lexicon hits as features: leave-one-corpus-out AP up on every corpus but zh-telecom-fraud (equal),
  // e.g. en-mendeley 0.906 → 0.921, my-gold 0.702 → 0.724 (bench/tune.mjs --loco; README model card).
  patternFeatures: true,
};

export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** A vector plus, for each feature name it was built from, that name's bucket (for explanations). */
export interface Vectorized extends SparseVector {
  readonly nameIndex: Uint32Array;
}

export interface NamedFeature {
  readonly name: string;
  readonly index: number;
  /** Span [start, end) in the normalized text this feature came from (for explanations). */
  readonly start: number;
  readonly end: number;
}

function tokenName(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.text;
    case 'number':
      return '<num>';
    default:
      return `<${t.kind}>`;
  }
}

/** Feature strings for a token list, each with the span it came from. Pure. */
export function featureNames(tokens: readonly Token[], text: string, lang: Lang, cfg: FeatureConfig, hits?: readonly PatternHit[]): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  if (cfg.langFeature) out.push([`l:${lang}`, 0, 0]);
  if (cfg.patternFeatures && hits) {
    const seen = new Set<string>();
    for (const h of hits) {
      if (seen.has(h.type)) continue;
      seen.add(h.type);
      out.push([`t:${h.type}`, h.spans[0][0], h.spans[0][1]]);
    }
  }
  let prev: Token | undefined;
  let hanRun: number[] = [];
  const flushHan = () => {
    if (cfg.hanBigrams && hanRun.length > 0) {
      // Bigrams over the Han characters of a contiguous run of Han tokens.
      let chars = '';
      const start = hanRun[0];
      for (let i = 0; i < hanRun.length; i += 2) chars += text.slice(hanRun[i], hanRun[i + 1]);
      const cps = Array.from(chars);
      let off = start;
      for (let i = 0; i + 1 < cps.length; i++) {
        out.push([`h:${cps[i]}${cps[i + 1]}`, off, off + cps[i].length + cps[i + 1].length]);
        off += cps[i].length;
      }
    }
    hanRun = [];
  };
  for (const t of tokens) {
    const name = tokenName(t);
    if (t.kind === 'word') {
      out.push([`w:${name}`, t.start, t.end]);
      if (cfg.charNgrams > 0 && (t.script === 'thai' || t.script === 'myanmar')) {
        const cps = Array.from(t.text);
        const n = cfg.charNgrams;
        if (cps.length > n) for (let i = 0; i + n <= cps.length; i++) out.push([`c:${cps.slice(i, i + n).join('')}`, t.start, t.end]);
      }
    } else if (t.kind === 'url') {
      const host = t.detail ?? '';
      const info = t.url;
      out.push(['u:any', t.start, t.end]);
      out.push([`u:tld:${info ? info.suffix : host.slice(host.lastIndexOf('.') + 1)}`, t.start, t.end]);
      out.push([`u:host:${info ? info.domain : host.split('.').slice(-2).join('.')}`, t.start, t.end]);
      if (info ? info.shortener : SHORTENERS.has(host)) out.push(['u:shortener', t.start, t.end]);
      if (info?.ip) out.push(['u:ip', t.start, t.end]);
      if (info?.lookalike) out.push(['u:lookalike', t.start, t.end]);
    } else if (t.kind === 'phone') {
      out.push(['p:any', t.start, t.end]);
      out.push([`p:${t.detail}`, t.start, t.end]);
    } else if (t.kind === 'number') {
      out.push([`n:${t.detail}`, t.start, t.end]);
    } else {
      out.push([`e:${t.kind}`, t.start, t.end]);
      if (t.detail) out.push([`e:${t.kind}:${t.detail}`, t.start, t.end]);
    }
    if (t.kind === 'word' && t.script === 'han') {
      if (hanRun.length > 0 && hanRun[hanRun.length - 1] !== t.start) flushHan();
      hanRun.push(t.start, t.end);
    } else flushHan();
    // Adjacent Han characters are already covered by the h: bigrams.
    if (cfg.wordBigrams && prev && !(prev.script === 'han' && t.script === 'han' && prev.end === t.start)) {
      out.push([`b:${tokenName(prev)} ${name}`, prev.start, t.end]);
    }
    prev = t;
  }
  flushHan();
  return out;
}

/**
 * The features of a message as the scoring path needs them: each feature's bucket and span, in the order
 * `featureNames` lists them, with the name built only when asked for (`nameOf`: reasons, explanations).
 * Produced by `hashFeatures`, which hashes `w:` + token and the like without building those strings; a test
 * holds it equal to `vectorize(featureNames(…))`, name for name and bucket for bucket.
 */
export class FeatureList {
  constructor(
    /** Bucket of each feature (masked to the configured bits). */
    readonly index: Uint32Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    private readonly kind: Uint8Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly tokens: readonly Token[],
    private readonly strings: readonly string[],
  ) {}

  get length(): number {
    return this.index.length;
  }

  nameOf(i: number): string {
    const t = this.tokens;
    switch (this.kind[i]) {
      case K_WORD:
        return 'w:' + tokenName(t[this.a[i]]);
      case K_BIGRAM:
        return `b:${tokenName(t[this.a[i]])} ${tokenName(t[this.b[i]])}`;
      case K_HAN:
        return `h:${t[this.a[i]].text}${t[this.b[i]].text}`;
      default:
        return this.strings[this.a[i]];
    }
  }

  /** The per-language bias feature (`l:…`), which reasons leave out. */
  isLanguage(i: number): boolean {
    return this.kind[i] === K_STRING && this.strings[this.a[i]].startsWith('l:');
  }

  /** As `featureNames` returns them: [name, start, end]. */
  toArray(): Array<[string, number, number]> {
    return Array.from({ length: this.length }, (_, i): [string, number, number] => [this.nameOf(i), this.start[i], this.end[i]]);
  }
}

const K_STRING = 0;
const K_WORD = 1;
const K_BIGRAM = 2;
const K_HAN = 3;
const H_W = fnv1aMore(FNV_BASIS, 'w:');
const H_B = fnv1aMore(FNV_BASIS, 'b:');
const H_H = fnv1aMore(FNV_BASIS, 'h:');
const ENTITY_NAME = new Map<string, string>();

function fastTokenName(t: Token): string {
  if (t.kind === 'word') return t.text;
  if (t.kind === 'number') return '<num>';
  let n = ENTITY_NAME.get(t.kind);
  if (n === undefined) ENTITY_NAME.set(t.kind, (n = `<${t.kind}>`));
  return n;
}

/** Growable scratch shared by every call (scoring is synchronous, so one set per thread suffices). */
let cap = 256;
let sIdx = new Uint32Array(cap);
let sStart = new Int32Array(cap);
let sEnd = new Int32Array(cap);
let sKind = new Uint8Array(cap);
let sA = new Int32Array(cap);
let sB = new Int32Array(cap);

function grow(): void {
  cap *= 2;
  const g = <T extends Uint32Array | Int32Array | Uint8Array>(old: T, next: T): T => {
    next.set(old);
    return next;
  };
  sIdx = g(sIdx, new Uint32Array(cap));
  sStart = g(sStart, new Int32Array(cap));
  sEnd = g(sEnd, new Int32Array(cap));
  sKind = g(sKind, new Uint8Array(cap));
  sA = g(sA, new Int32Array(cap));
  sB = g(sB, new Int32Array(cap));
}

/**
 * `featureNames` + bucket hashing in one pass, without building the per-token feature strings (word, word
 * bigram and Han bigram names are hashed from their parts). Same features, same order, same buckets.
 */
export function hashFeatures(tokens: readonly Token[], text: string, lang: Lang, cfg: FeatureConfig, hits?: readonly PatternHit[]): FeatureList {
  const mask = (1 << cfg.bits) - 1;
  const strings: string[] = [];
  let n = 0;
  const push = (h: number, start: number, end: number, kind: number, a: number, b: number) => {
    if (n === cap) grow();
    sIdx[n] = (h >>> 0) & mask;
    sStart[n] = start;
    sEnd[n] = end;
    sKind[n] = kind;
    sA[n] = a;
    sB[n] = b;
    n++;
  };
  const str = (name: string, start: number, end: number) => {
    push(fnv1a(name), start, end, K_STRING, strings.length, 0);
    strings.push(name);
  };
  if (cfg.langFeature) str(`l:${lang}`, 0, 0);
  if (cfg.patternFeatures && hits) {
    let seen = '';
    for (const h of hits) {
      if (seen.includes(`|${h.type}|`)) continue;
      seen += `|${h.type}|`;
      str(`t:${h.type}`, h.spans[0][0], h.spans[0][1]);
    }
  }
  let runStart = -1; // first token of the current run of adjacent Han tokens
  let runEnd = -1; // last token of that run
  const flushHan = () => {
    if (cfg.hanBigrams) {
      for (let k = runStart; k >= 0 && k < runEnd; k++) {
        const x = tokens[k], y = tokens[k + 1];
        push(fnv1aMore(fnv1aMore(H_H, x.text), y.text), x.start, y.end, K_HAN, k, k + 1);
      }
    }
    runStart = runEnd = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const name = fastTokenName(t);
    if (t.kind === 'word') {
      push(fnv1aMore(H_W, name), t.start, t.end, K_WORD, i, 0);
      if (cfg.charNgrams > 0 && (t.script === 'thai' || t.script === 'myanmar')) {
        const cps = Array.from(t.text);
        const k = cfg.charNgrams;
        if (cps.length > k) for (let j = 0; j + k <= cps.length; j++) str(`c:${cps.slice(j, j + k).join('')}`, t.start, t.end);
      }
    } else if (t.kind === 'url') {
      const host = t.detail ?? '';
      const info = t.url;
      str('u:any', t.start, t.end);
      str(`u:tld:${info ? info.suffix : host.slice(host.lastIndexOf('.') + 1)}`, t.start, t.end);
      str(`u:host:${info ? info.domain : host.split('.').slice(-2).join('.')}`, t.start, t.end);
      if (info ? info.shortener : SHORTENERS.has(host)) str('u:shortener', t.start, t.end);
      if (info?.ip) str('u:ip', t.start, t.end);
      if (info?.lookalike) str('u:lookalike', t.start, t.end);
    } else if (t.kind === 'phone') {
      str('p:any', t.start, t.end);
      str(`p:${t.detail}`, t.start, t.end);
    } else if (t.kind === 'number') {
      str(`n:${t.detail}`, t.start, t.end);
    } else {
      str(`e:${t.kind}`, t.start, t.end);
      if (t.detail) str(`e:${t.kind}:${t.detail}`, t.start, t.end);
    }
    const prev = i > 0 ? tokens[i - 1] : undefined;
    if (t.kind === 'word' && t.script === 'han') {
      if (runStart >= 0 && tokens[runEnd].end !== t.start) flushHan();
      if (runStart < 0) runStart = i;
      runEnd = i;
    } else if (runStart >= 0) flushHan();
    if (cfg.wordBigrams && prev && !(prev.script === 'han' && t.script === 'han' && prev.end === t.start)) {
      push(fnv1aMore(fnv1aMore(fnv1aMore(H_B, fastTokenName(prev)), ' '), name), prev.start, t.end, K_BIGRAM, i - 1, i);
    }
  }
  if (runStart >= 0) flushHan();
  return new FeatureList(sIdx.slice(0, n), sStart.slice(0, n), sEnd.slice(0, n), sKind.slice(0, n), sA.slice(0, n), sB.slice(0, n), tokens, strings);
}

/** The sparse vector of a feature list (binary, L2-normalised, indices sorted and unique). */
export function vectorOf(list: FeatureList): Vectorized {
  const idx = list.index.slice().sort();
  let n = 0;
  for (let i = 0; i < idx.length; i++) if (i === 0 || idx[i] !== idx[i - 1]) idx[n++] = idx[i];
  const indices = idx.slice(0, n);
  const values = new Float32Array(n).fill(n > 0 ? 1 / Math.sqrt(n) : 0);
  return { indices, values, nameIndex: list.index };
}

/** Hash feature names into a binary, L2-normalised sparse vector (indices sorted, unique). */
export function vectorize(names: ReadonlyArray<[string, number, number]>, cfg: FeatureConfig): Vectorized {
  const mask = (1 << cfg.bits) - 1;
  const nameIndex = new Uint32Array(names.length);
  for (let i = 0; i < names.length; i++) nameIndex[i] = fnv1a(names[i][0]) & mask;
  const idx = nameIndex.slice().sort();
  let n = 0;
  for (let i = 0; i < idx.length; i++) if (i === 0 || idx[i] !== idx[i - 1]) idx[n++] = idx[i];
  const indices = idx.slice(0, n);
  const values = new Float32Array(n).fill(n > 0 ? 1 / Math.sqrt(n) : 0);
  return { indices, values, nameIndex };
}

export function featureIndex(name: string, cfg: FeatureConfig): number {
  return fnv1a(name) & ((1 << cfg.bits) - 1);
}

export { fnv1a } from './hash.js';
