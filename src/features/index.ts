/**
 * Stage 4: features. Tokens become namespaced strings (`w:` word, `b:` word bigram, `h:` Han character
 * bigram, `u:` URL facts, `p:` phone class, `n:` number size, `e:` other entities, `l:` language), hashed
 * into a fixed number of buckets, binary-valued and L2-normalised so that long posts and short SMS weigh alike.
 * The configuration is data stored in the model, so scoring rebuilds exactly the features it was trained on.
 *
 * One file (just over 300 lines): `hashFeatures` and the `FeatureList` that names its output must agree bucket
 * for bucket, so they live together.
 */
import { fnv1a, fnv1aMore, fnv1aRange, FNV_BASIS } from './hash.js';
import { copyI32, copyU32, f32 } from './arena.js';
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
  /**
   * Weigh intent cues (`features/cues.ts`: asks for a code, warns never to share one, a fee, a chat app, a
   * threat, a risky link…) in a small layer beside the text model's margin: what a message asks for transfers
   * across sources where its words do not.
   */
  readonly cueFeatures?: boolean;
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
  cueFeatures: true,
};

export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** A vector plus, for each feature name it was built from, that name's bucket (for explanations). */
export interface Vectorized extends SparseVector {
  readonly nameIndex: Uint32Array;
}

/**
 * Feature strings for a token list, each with the span it came from: the names `hashFeatures` hashes, in its
 * order. `text` is not needed any more (kept so existing callers keep compiling). Pure.
 */
export function featureNames(tokens: readonly Token[], _text: string, lang: Lang, cfg: FeatureConfig, hits?: readonly PatternHit[]): Array<[string, number, number]> {
  return hashFeatures(tokens, lang, cfg, hits).toArray();
}

/**
 * The features of a message as the scoring path needs them: each feature's bucket and span, in the order
 * `featureNames` lists them, with the name built only when asked for (`nameOf`: reasons, explanations).
 * Produced by `hashFeatures`, which hashes `w:` + token and the like without building those strings; a test
 * holds every bucket equal to the hash of the feature's name, and the names to the pre-fast-path reference.
 */
export class FeatureList {
  constructor(
    /** Bucket of each feature (masked to the configured bits). */
    readonly index: Uint32Array,
    /** Per feature, five numbers: span start, span end, name recipe, and its two operands. */
    private readonly rec: Int32Array,
    private readonly tokens: readonly Token[],
    private readonly strings: readonly string[],
  ) {}

  get length(): number {
    return this.index.length;
  }

  /** Span [start, end) in the normalized text. */
  start(i: number): number {
    return this.rec[5 * i];
  }

  end(i: number): number {
    return this.rec[5 * i + 1];
  }

  nameOf(i: number): string {
    const t = this.tokens;
    const a = this.rec[5 * i + 3], b = this.rec[5 * i + 4];
    switch (this.rec[5 * i + 2]) {
      case K_WORD:
        return 'w:' + fastTokenName(t[a]);
      case K_BIGRAM:
        return `b:${fastTokenName(t[a])} ${fastTokenName(t[b])}`;
      case K_HAN:
        return `h:${t[a].text}${t[b].text}`;
      default:
        return this.strings[a];
    }
  }

  /** The per-language bias feature (`l:…`), which reasons leave out. */
  isLanguage(i: number): boolean {
    return this.rec[5 * i + 2] === K_STRING && this.strings[this.rec[5 * i + 3]].startsWith('l:');
  }

  /** As `featureNames` returns them: [name, start, end]. */
  toArray(): Array<[string, number, number]> {
    return Array.from({ length: this.length }, (_, i): [string, number, number] => [this.nameOf(i), this.start(i), this.end(i)]);
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

// Scratch shared by every call (scoring is synchronous, so one set per thread suffices); grown on demand.
let cap = 256;
let sIdx = new Uint32Array(cap);
let sRec = new Int32Array(5 * cap);
let sN = 0;
let sMask = 0;
let sStrings: string[] = [];

function put(h: number, start: number, end: number, kind: number, a: number, b: number): void {
  if (sN === cap) {
    cap *= 2;
    const idx = new Uint32Array(cap);
    idx.set(sIdx);
    sIdx = idx;
    const rec = new Int32Array(5 * cap);
    rec.set(sRec);
    sRec = rec;
  }
  sIdx[sN] = (h >>> 0) & sMask;
  const r = 5 * sN++;
  sRec[r] = start;
  sRec[r + 1] = end;
  sRec[r + 2] = kind;
  sRec[r + 3] = a;
  sRec[r + 4] = b;
}

function putString(name: string, start: number, end: number): void {
  put(fnv1a(name), start, end, K_STRING, sStrings.length, 0);
  sStrings.push(name);
}

function putHanRun(tokens: readonly Token[], from: number, to: number, text: string | undefined): void {
  for (let k = from; k < to; k++) {
    const x = tokens[k], y = tokens[k + 1];
    // A Han run is adjacent tokens, so its bigram is the text between the first's start and the second's end.
    const h = text === undefined ? fnv1aMore(fnv1aMore(H_H, x.text), y.text) : fnv1aRange(H_H, text, x.start, y.end);
    put(h, x.start, y.end, K_HAN, k, k + 1);
  }
}

/** Hash state after `name` (a token's feature form) from `state`: a span of `text` for Thai, Burmese and Han
 * words (their feature form is the text itself), the string otherwise. */
function hashName(state: number, t: Token, name: string, text: string | undefined): number {
  return text !== undefined && t.kind === 'word' && t.script !== 'latin' ? fnv1aRange(state, text, t.start, t.end) : fnv1aMore(state, name);
}

/**
 * The features of a message, hashed into buckets in one pass without building the per-token feature strings
 * (word, word bigram and Han bigram names are hashed from their parts; `nameOf` builds a name on demand).
 * `text`, the normalized text the tokens came from, lets Thai, Burmese and Han words be hashed as its spans
 * (same buckets; faster than reading each token's own string).
 */
export function hashFeatures(tokens: readonly Token[], lang: Lang, cfg: FeatureConfig, hits?: readonly PatternHit[], text?: string): FeatureList {
  sN = 0;
  sMask = (1 << cfg.bits) - 1;
  sStrings = [];
  if (cfg.langFeature) putString(`l:${lang}`, 0, 0);
  if (cfg.patternFeatures && hits) {
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      if (h.cue) continue;
      let dup = false;
      for (let j = 0; j < i && !dup; j++) dup = !hits[j].cue && hits[j].type === h.type;
      if (!dup) putString(`t:${h.type}`, h.spans[0][0], h.spans[0][1]);
    }
  }
  const han = cfg.hanBigrams;
  let runStart = -1; // first and last token of the current run of adjacent Han tokens
  let runEnd = -1;
  let prev: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const name = fastTokenName(t);
    if (t.kind === 'word') {
      put(hashName(H_W, t, name, text), t.start, t.end, K_WORD, i, 0);
      if (cfg.charNgrams > 0 && (t.script === 'thai' || t.script === 'myanmar')) {
        const cps = Array.from(t.text);
        const k = cfg.charNgrams;
        if (cps.length > k) for (let j = 0; j + k <= cps.length; j++) putString(`c:${cps.slice(j, j + k).join('')}`, t.start, t.end);
      }
    } else if (t.kind === 'url') {
      const host = t.detail ?? '';
      const info = t.url;
      putString('u:any', t.start, t.end);
      // A masked link (a corpus placeholder) says only that there was a link.
      if (host !== 'masked') {
        putString(`u:tld:${info ? info.suffix : host.slice(host.lastIndexOf('.') + 1)}`, t.start, t.end);
        putString(`u:host:${info ? info.domain : host.split('.').slice(-2).join('.')}`, t.start, t.end);
      }
      if (info ? info.shortener : SHORTENERS.has(host)) putString('u:shortener', t.start, t.end);
      if (info?.ip) putString('u:ip', t.start, t.end);
      if (info?.lookalike) putString('u:lookalike', t.start, t.end);
    } else if (t.kind === 'phone') {
      putString('p:any', t.start, t.end);
      putString(`p:${t.detail}`, t.start, t.end);
    } else if (t.kind === 'number') {
      putString(`n:${t.detail}`, t.start, t.end);
    } else {
      putString(`e:${t.kind}`, t.start, t.end);
      if (t.detail) putString(`e:${t.kind}:${t.detail}`, t.start, t.end);
    }
    const isHan = t.kind === 'word' && t.script === 'han';
    if (isHan && runStart >= 0 && tokens[runEnd].end === t.start) runEnd = i;
    else {
      if (runStart >= 0 && han) putHanRun(tokens, runStart, runEnd, text);
      runStart = runEnd = isHan ? i : -1;
    }
    if (cfg.wordBigrams && prev && !(prev.script === 'han' && t.script === 'han' && prev.end === t.start)) {
      const h = Math.imul(hashName(H_B, prev, fastTokenName(prev), text) ^ 0x20, 0x01000193); // 'b:' + prev + ' '
      put(hashName(h, t, name, text), prev.start, t.end, K_BIGRAM, i - 1, i);
    }
    prev = t;
  }
  if (runStart >= 0 && han) putHanRun(tokens, runStart, runEnd, text);
  return new FeatureList(copyU32(sIdx, sN), copyI32(sRec, 5 * sN), tokens, sStrings);
}

/** Sorting scratch for `vectorOf` (one per thread; grown on demand). */
let sortBuf = new Uint32Array(256);

/** The sparse vector of a feature list (binary, L2-normalised, indices sorted and unique). */
export function vectorOf(list: FeatureList): Vectorized {
  const m = list.index.length;
  if (sortBuf.length < m) sortBuf = new Uint32Array(Math.max(m, 2 * sortBuf.length));
  const idx = sortBuf;
  const src = list.index;
  // Short messages (most of them) sort faster by insertion than through the built-in sort's call overhead.
  if (m <= 64) {
    for (let i = 0; i < m; i++) {
      const x = src[i];
      let j = i - 1;
      while (j >= 0 && idx[j] > x) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
  } else {
    for (let i = 0; i < m; i++) idx[i] = src[i];
    idx.subarray(0, m).sort();
  }
  let n = 0;
  for (let i = 0; i < m; i++) if (i === 0 || idx[i] !== idx[i - 1]) idx[n++] = idx[i];
  const indices = copyU32(idx, n);
  const values = f32(n).fill(n > 0 ? 1 / Math.sqrt(n) : 0);
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
