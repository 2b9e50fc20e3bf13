/**
 * An explanation of one message: every stage's output and the features that moved the score, each with its
 * weight and its span in the original message. Composition only (same floor as score.ts).
 */
import { analyze } from './analyze.js';
import { margin } from './model/linear.js';
import { calibrated, riskLabel, thresholdsFor } from './model/predict.js';
import { originalSpan } from './normalize/index.js';
import type { Model } from './model/format.js';
import type { RiskLabel } from './model/evaluate.js';
import type { Lang, ScriptShares } from './lang/index.js';
import { patternSetOf } from './model/types.js';
import { typeAndEntities, type EntityOut, type ScoredType } from './score.js';

export interface ExplainedFeature {
  readonly feature: string;
  readonly weight: number;
  /** weight × feature value: its share of the margin. */
  readonly contribution: number;
  /** [start, end) in the original message; null for features with no single place. */
  readonly span: [number, number] | null;
  readonly text: string | null;
}

export interface Explanation {
  readonly original: string;
  readonly normalized: string;
  readonly zawgyi: boolean;
  readonly traditional: boolean;
  readonly lang: Lang;
  readonly scripts: ScriptShares;
  readonly tokens: Array<{ kind: string; text: string; span: [number, number]; original: string; detail?: string }>;
  readonly bias: number;
  readonly margin: number;
  readonly score: number;
  readonly label: RiskLabel;
  readonly thresholds: { high: number; medium: number };
  /** Features sorted by |contribution|, largest first. */
  readonly features: ExplainedFeature[];
  /** Scam-type patterns that fired, with their spans in the original message. */
  readonly patterns: Array<{ id: string; type: string; weight: number; spans: Array<[number, number]>; texts: string[] }>;
  /** The most likely scam type (shown whatever the risk; `score` reports it only at medium or high risk). */
  readonly type?: ScoredType;
  readonly entities: EntityOut[];
}

export function explain(model: Model, text: string, top = 10): Explanation {
  const a = analyze(text, model.features, true, model.types ? patternSetOf(model.types) : undefined);
  const w = model.linear.weights;
  const value = a.features.values.length > 0 ? a.features.values[0] : 0;
  const seen = new Set<number>();
  const feats: ExplainedFeature[] = [];
  for (let i = 0; i < a.names.length; i++) {
    const idx = a.features.nameIndex[i];
    if (seen.has(idx)) continue;
    seen.add(idx);
    const name = a.names.nameOf(i), start = a.names.start(i), end = a.names.end(i);
    const span = end > start ? originalSpan(a.normalized, start, end) : null;
    feats.push({
      feature: name,
      weight: Math.round(w[idx] * 1000) / 1000,
      contribution: Math.round(w[idx] * value * 1000) / 1000,
      span,
      text: span ? text.slice(span[0], span[1]) : null,
    });
  }
  feats.sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || (x.feature < y.feature ? -1 : 1));
  const m = margin(model.linear, a.features);
  const lang = a.lang.lang;
  const score = calibrated(model, lang, m);
  const t = thresholdsFor(model, lang);
  return {
    original: text,
    normalized: a.normalized.text,
    zawgyi: a.normalized.zawgyi,
    traditional: a.normalized.traditional,
    lang,
    scripts: a.lang.scripts,
    tokens: a.tokens.map((tk) => {
      const span = originalSpan(a.normalized, tk.start, tk.end);
      return { kind: tk.kind, text: tk.text, span, original: text.slice(span[0], span[1]), ...(tk.detail ? { detail: tk.detail } : {}) };
    }),
    bias: Math.round(model.linear.bias * 1000) / 1000,
    margin: Math.round(m * 1000) / 1000,
    score: Math.round(score * 10000) / 10000,
    label: riskLabel(t, score),
    thresholds: t,
    features: feats.slice(0, top),
    patterns: (a.hits ?? []).map((h) => {
      const spans = h.spans.map(([s, e]) => originalSpan(a.normalized, s, e));
      return { id: h.id, type: h.type, weight: h.weight, spans, texts: spans.map(([s, e]) => text.slice(s, e)) };
    }),
    ...typeAndEntities(model, a, text),
  };
}
