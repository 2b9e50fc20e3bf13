/**
 * An explanation of one message: every stage's output and the features that moved the score, each with its
 * weight and its span in the original message. Composition only (same floor as score.ts).
 */
import { analyze } from './analyze.js';
import { margin, weightOf } from './model/linear.js';
import { riskLabel, riskMargin, riskScore, thresholdsFor } from './model/predict.js';
import { firedCues, type LayerLang } from './model/cuelayer.js';
import { cueSpan } from './features/cues.js';
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
  /** The text model's margin (before the cue layer). */
  readonly textMargin: number;
  /** The risk margin the score is calibrated from (the text margin through the cue layer, when there is one). */
  readonly margin: number;
  /** Intent cues that fired and their weights in the cue layer, with the text margin's weight and bias for this language. */
  readonly cues?: { text: number; bias: number; fired: Array<{ cue: string; weight: number; span: [number, number] | null; text: string | null }> };
  readonly score: number;
  readonly label: RiskLabel;
  readonly thresholds: { high: number; medium: number };
  /** Features sorted by |contribution|, largest first. */
  readonly features: ExplainedFeature[];
  /** Scam-type patterns that fired, with their spans in the original message. */
  readonly patterns: Array<{ id: string; type: string; weight: number; spans: Array<[number, number]>; texts: string[]; cue?: string }>;
  /** The most likely scam type (shown whatever the risk; `score` reports it only at medium or high risk). */
  readonly type?: ScoredType;
  readonly entities: EntityOut[];
}

export function explain(model: Model, text: string, top = 10): Explanation {
  const a = analyze(text, model.features, true, model.types ? patternSetOf(model.types) : undefined);
  const w = model.linear;
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
      weight: Math.round(weightOf(w, idx) * 1000) / 1000,
      contribution: Math.round(weightOf(w, idx) * value * 1000) / 1000,
      span,
      text: span ? text.slice(span[0], span[1]) : null,
    });
  }
  feats.sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || (x.feature < y.feature ? -1 : 1));
  const tm = margin(model.linear, a.features);
  const m = riskMargin(model, a.features, a.cues, a.lang.lang);
  const lang = a.lang.lang;
  const score = riskScore(model, m, a.cues, lang);
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
    textMargin: Math.round(tm * 1000) / 1000,
    margin: Math.round(m * 1000) / 1000,
    ...(model.cues
      ? {
          cues: {
            text: model.cues.text[(lang in model.cues.text ? lang : '*') as LayerLang],
            bias: model.cues.bias[(lang in model.cues.bias ? lang : '*') as LayerLang],
            fired: firedCues(model.cues, a.cues).map((c) => {
              const at = cueSpan(c.cue, a.tokens, a.hits);
              const span = at ? originalSpan(a.normalized, at[0], at[1]) : null;
              return { cue: c.cue, weight: c.weight, span, text: span ? text.slice(span[0], span[1]) : null };
            }),
          },
        }
      : {}),
    score: Math.round(score * 10000) / 10000,
    label: riskLabel(t, score),
    thresholds: t,
    features: feats.slice(0, top),
    patterns: (a.hits ?? []).map((h) => {
      const spans = h.spans.map(([s, e]) => originalSpan(a.normalized, s, e));
      return { id: h.id, type: h.type, weight: h.weight, spans, texts: spans.map(([s, e]) => text.slice(s, e)), ...(h.cue ? { cue: h.cue } : {}) };
    }),
    ...typeAndEntities(model, a, text),
  };
}
