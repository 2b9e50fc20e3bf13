/**
 * Stage 4: features. Tokens become namespaced strings (`w:` word, `b:` word bigram, `h:` Han character
 * bigram, `u:` URL facts, `p:` phone class, `n:` number size, `e:` other entities, `l:` language), hashed
 * into a fixed number of buckets, binary-valued and L2-normalised so that long posts and short SMS weigh alike.
 * The configuration is data stored in the model, so scoring rebuilds exactly the features it was trained on.
 */
import { fnv1a } from './hash.js';
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
