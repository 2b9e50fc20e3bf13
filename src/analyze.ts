/**
 * text → normalize → language → tokens → features. Composition only; each stage stays callable on its own.
 */
import { normalize, normalizeText, type NormalizedText } from './normalize/index.js';
import { detectLanguage, type LangGuess } from './lang/index.js';
import { tokenize, type Token } from './tokenize/index.js';
import { hashFeatures, vectorOf, type FeatureConfig, type FeatureList, type Vectorized } from './features/index.js';
import { cueMask } from './features/cues.js';
import { matchPatterns, type PatternHit, type PatternSet } from './patterns/index.js';

export interface Analysis {
  readonly normalized: NormalizedText;
  readonly lang: LangGuess;
  readonly tokens: Token[];
  readonly features: Vectorized;
}

export interface DetailedAnalysis extends Analysis {
  /** The features in order, with their buckets and spans in the normalized text (names built on demand). */
  readonly names: FeatureList;
  /** Scam-type patterns that fired (when a lexicon was given). */
  readonly hits?: PatternHit[];
  /** Intent cues that fired, as a bit mask (`features/cues.ts`; 0 without a lexicon). */
  readonly cues: number;
}

/**
 * Analyze one message. With `offsets` false the normalized text is built without its map back to the original
 * (faster; spans are then unavailable: `normalized.offsets` is empty and `traditional` is not reported).
 * With `patterns`, the scam-type lexicon is matched too (needed when `cfg.patternFeatures` is on).
 */
export function analyze(text: string, cfg: FeatureConfig, offsets = true, patterns?: PatternSet): DetailedAnalysis {
  let normalized: NormalizedText;
  if (offsets) normalized = normalize(text);
  else {
    const n = normalizeText(text);
    normalized = { text: n.text, offsets: new Int32Array(0), zawgyi: n.zawgyi, traditional: false, aligned: n.aligned, invisibleOnly: n.invisibleOnly };
  }
  const lang = detectLanguage(normalized.text);
  const tokens = tokenize(normalized.text);
  const hits = patterns ? matchPatterns(patterns, normalized.text) : undefined;
  const names = hashFeatures(tokens, lang.lang, cfg, hits, normalized.text);
  return { normalized, lang, tokens, features: vectorOf(names), names, ...(hits ? { hits } : {}), cues: cfg.cueFeatures ? cueMask(tokens, hits) : 0 };
}
