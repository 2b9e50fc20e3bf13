/**
 * analyze + model → the Score record: calibrated probability, risk label and the features behind it.
 * Composition only.
 */
import { analyze, type DetailedAnalysis } from './analyze.js';
import type { Model } from './model/format.js';
import { riskLabel, riskMargin, riskScore, thresholdsFor } from './model/predict.js';
import { firedCues, type LayerLang } from './model/cuelayer.js';
import { cueSpan } from './features/cues.js';
import type { RiskLabel } from './model/evaluate.js';
import type { Lang } from './lang/index.js';
import { invisibleOffsets, normalize, originalSpan, type NormalizedText } from './normalize/index.js';
import { patternSetOf, predictType } from './model/types.js';
import type { ScamType } from './patterns/index.js';

export interface Reason {
  /** Namespaced feature, e.g. `w:รางวัล`, `u:shortener`, `h:点击`. */
  readonly feature: string;
  /** The feature's weight in the model (its push towards scam). */
  readonly weight: number;
  /** Span [start, end) in the original message, when the feature came from one place. */
  readonly span?: [number, number];
}

export interface Score {
  readonly label: RiskLabel;
  /** Calibrated probability that the message is a scam or spam. */
  readonly score: number;
  readonly lang: Lang;
  /** The features that pushed the score up most. */
  readonly reasons: Reason[];
  /** Set when the message was converted from Zawgyi to Unicode before scoring. */
  readonly zawgyi?: true;
  /** Scam type, for messages at medium or high risk when the model predicts types. */
  readonly type?: ScoredType;
  /** Indicators found in the message (URLs, phones, messenger IDs, money, accounts, wallets, OTP requests…). */
  readonly entities?: EntityOut[];
}

export interface EntityOut {
  readonly kind: string;
  /** As written in the message (a defanged `example[.]com` stays so; its `domain` is `example.com`). */
  readonly text: string;
  readonly detail?: string;
  /** URLs: registrable domain, public suffix, and flags. */
  readonly domain?: string;
  readonly suffix?: string;
  readonly shortener?: true;
  readonly ip?: true;
  /** URLs: the brand a look-alike host imitates. */
  readonly lookalike?: string;
  /** Span [start, end) in the original message. */
  readonly span?: [number, number];
}

export interface TypeReasonOut {
  /** The lexicon pattern that fired (`tha.parcel.fee`) … */
  readonly pattern?: string;
  /** … or the learned feature that pushed this type most. */
  readonly feature?: string;
  readonly weight: number;
  /** Spans [start, end) in the original message. */
  readonly spans?: Array<[number, number]>;
}

export interface ScoredType {
  readonly name: ScamType;
  readonly confidence: number;
  /** Other types at or above the model's `alsoAbove` confidence. */
  readonly also: Array<{ name: ScamType; confidence: number }>;
  readonly reasons: TypeReasonOut[];
}

/**
 * Score one message with a loaded model. `maxReasons` features are explained (0 for none); with `spans` false
 * the reasons carry no span (the batch path, which prints feature names only, skips building the offset map).
 */
export function scoreText(model: Model, text: string, maxReasons = 3, spans = true): Score {
  // The lexicon is matched up front only when the risk model uses it as features; otherwise only risky messages
  // (the ones that get a type) pay for it, in scoredType.
  const a = analyze(text, model.features, spans, (model.features.patternFeatures || model.features.cueFeatures) && model.types ? patternSetOf(model.types) : undefined);
  return scoreAnalysis(model, a, maxReasons, text);
}

/**
 * `original` (the raw message) lets the batch path, which analyzes without offsets, map entity and type-reason
 * spans back to the message: the offset map is then rebuilt only for messages whose normalization moved
 * characters (Zawgyi, invisible characters, spaced letters) and that have something to point at.
 */
export function scoreAnalysis(model: Model, a: DetailedAnalysis, maxReasons = 3, original?: string): Score {
  const m = riskMargin(model, a.features, a.cues, a.lang.lang);
  const lang = a.lang.lang;
  const score = riskScore(model, m, a.cues, lang);
  const label = riskLabel(thresholdsFor(model, lang), score);
  const reasons = maxReasons > 0 ? topReasons(model, a, maxReasons) : [];
  // Built in place (key order: label, score, lang, reasons, zawgyi, type, entities); this runs per row.
  const out: { -readonly [K in keyof Score]: Score[K] } = { label, score: Math.round(score * 10000) / 10000, lang, reasons };
  if (a.normalized.zawgyi) out.zawgyi = true;
  const spanOf = spanMapper(a, original);
  if (label !== 'low' && model.types) out.type = scoredType(model, a, spanOf);
  const entities = entitiesOf(a, spanOf, original);
  if (entities.length > 0) out.entities = entities;
  return out;
}

type SpanOf = (s: number, e: number) => [number, number] | undefined;

/**
 * Spans in the normalized text → spans in the original. The batch path analyzes without the offset map; it is
 * built here only when needed, and not at all when normalization left the message unchanged (the usual case).
 */
function spanMapper(a: DetailedAnalysis, original: string | undefined): SpanOf {
  let map: NormalizedText | undefined = a.normalized.offsets.length > 0 ? a.normalized : undefined;
  const same = map === undefined && (a.normalized.aligned === true || original === a.normalized.text);
  if (map === undefined && !same && a.normalized.zawgyi && original !== undefined) {
    // Zawgyi conversion has no character alignment: the full path spreads offsets proportionally too, so do
    // that directly rather than converting the message a second time (the converter is the slow part).
    const k = original.length / Math.max(1, a.normalized.text.length);
    return (s, e) => {
      const os = Math.min(original.length, Math.round(s * k));
      return [os, Math.max(os, Math.min(original.length, Math.round(e * k)))];
    };
  }
  return (s, e) => {
    if (same) return [s, e];
    if (!map && original !== undefined) {
      // Only invisible characters removed (common in Burmese posts): their removal is the whole map.
      map = a.normalized.invisibleOnly ? { ...a.normalized, offsets: invisibleOffsets(original) } : normalize(original);
    }
    return map ? originalSpan(map, s, e) : undefined;
  };
}

function entitiesOf(a: DetailedAnalysis, spanOf: SpanOf, original: string | undefined): EntityOut[] {
  const out: EntityOut[] = [];
  for (const t of a.tokens) {
    if (t.kind === 'word' || t.kind === 'number') continue;
    const u = t.url;
    const span = spanOf(t.start, t.end);
    // Built in place, keys in this order (the JSONL output keeps it).
    const e: { -readonly [K in keyof EntityOut]: EntityOut[K] } = {
      kind: t.kind,
      // As written in the message when its span is known (normalization folds digits inside IDs: 110 → iio).
      text: span && original !== undefined ? original.slice(span[0], span[1]) : a.normalized.text.slice(t.start, t.end),
    };
    if (t.detail && t.kind !== 'url') e.detail = t.detail;
    if (u) {
      e.domain = u.domain;
      e.suffix = u.suffix;
      if (u.shortener) e.shortener = true;
      if (u.ip) e.ip = true;
      if (u.lookalike) e.lookalike = u.lookalike;
    }
    if (span) e.span = span;
    out.push(e);
  }
  return out;
}

/** The type and entities of an analysis whatever its risk label (for `explain`). */
export function typeAndEntities(model: Model, a: DetailedAnalysis, original: string): { type?: ScoredType; entities: EntityOut[] } {
  const spanOf = spanMapper(a, original);
  return { ...(model.types ? { type: scoredType(model, a, spanOf) } : {}), entities: entitiesOf(a, spanOf, original) };
}

function scoredType(model: Model, a: DetailedAnalysis, spanOf: SpanOf): ScoredType {
  const p = predictType(model.types!, a.lang.lang, a.normalized.text, a.features, a.names, a.hits);
  // Plain loops and objects built in key order (pattern or feature, weight, spans): this runs for every risky
  // row, and object spreads with conditional parts cost more than the rest of the mapping.
  const reasons: TypeReasonOut[] = [];
  for (const r of p.reasons) {
    const o: { pattern?: string; feature?: string; weight: number; spans?: Array<[number, number]> } = r.pattern ? { pattern: r.pattern, weight: r.weight } : { feature: r.feature, weight: r.weight };
    if (r.spans) {
      const spans: Array<[number, number]> = [];
      for (const [s, e] of r.spans) {
        const m = spanOf(s, e);
        if (m !== undefined) spans.push(m);
      }
      if (spans.length > 0) o.spans = spans;
    }
    reasons.push(o);
  }
  const also: Array<{ name: ScamType; confidence: number }> = [];
  for (const g of p.also) also.push({ name: g.type, confidence: g.confidence });
  return { name: p.type, confidence: p.confidence, also, reasons };
}

type MutableReason = { -readonly [K in keyof Reason]: Reason[K] };

function topReasons(model: Model, a: DetailedAnalysis, k: number): Reason[] {
  const w = model.linear.weights;
  // Keep the k largest positive weights in a small sorted array (no full sort of long posts' features).
  const top: number[] = []; // indices into a.names
  const idxOf = a.features.nameIndex;
  for (let i = 0; i < a.names.length; i++) {
    const weight = w[idxOf[i]];
    if (!(weight > 0) || (top.length === k && weight <= w[idxOf[top[k - 1]]])) continue;
    let dup = false;
    for (let j = 0; j < top.length && !dup; j++) dup = idxOf[top[j]] === idxOf[i];
    if (dup || a.names.isLanguage(i)) continue;
    // Insert in place (Array.prototype.splice is a builtin call costing more than this whole loop body).
    let pos = top.length < k ? top.length : k - 1;
    while (pos > 0 && w[idxOf[top[pos - 1]]] < weight) {
      top[pos] = top[pos - 1];
      pos--;
    }
    top[pos] = i;
  }
  // Reasons are built in key order (feature, weight, span), the span only where normalization moved characters:
  // object spreads of `{}` or `{ span }` gave the reasons two shapes, and this function was deoptimized and
  // compiled again over them.
  const mapped = a.normalized.offsets.length > 0;
  // Text features weigh `layer.text` times their weight (in int16 steps of `linear.scale`) in the layer's margin;
  // fired cues weigh their own.
  const lang = a.lang.lang as string;
  const scale = (model.cues ? model.cues.text[(lang in model.cues.text ? lang : '*') as LayerLang] : 1) * (model.linear.scale ?? 1);
  const out: Reason[] = [];
  for (const i of top) {
    const r: MutableReason = { feature: a.names.nameOf(i), weight: Math.round(scale * w[idxOf[i]] * 1000) / 1000 };
    if (mapped) r.span = originalSpan(a.normalized, a.names.start(i), a.names.end(i));
    out.push(r);
  }
  if (model.cues && a.cues !== 0) {
    for (const c of firedCues(model.cues, a.cues)) {
      if (!(c.weight > 0)) continue;
      const at = cueSpan(c.cue, a.tokens, a.hits);
      const r: MutableReason = { feature: `q:${c.cue}`, weight: Math.round(c.weight * 1000) / 1000 };
      if (mapped && at) r.span = originalSpan(a.normalized, at[0], at[1]);
      out.push(r);
    }
    out.sort((x, y) => y.weight - x.weight || (x.feature < y.feature ? -1 : 1));
    out.length = Math.min(out.length, k);
  }
  return out;
}
