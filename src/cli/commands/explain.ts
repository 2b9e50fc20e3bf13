/** `scamscan explain "text"`: each stage's output and the features that moved the score. */
import type { Context } from '../context.js';
import { readModel } from '../../io/modelfile.js';
import { UsageError } from '../../io/errors.js';
import { explain, type Explanation } from '../../explain.js';
import { painter, table } from '../render.js';
import { intOption } from '../options.js';

export interface ExplainOptions {
  model?: string;
  top?: string;
  json?: boolean;
}

export function renderExplanation(e: Explanation, color: boolean): string {
  const c = painter(color);
  const lbl = e.label === 'high' ? c.red.bold(e.label) : e.label === 'medium' ? c.yellow(e.label) : c.green(e.label);
  const shares = Object.entries(e.scripts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ');
  const lines = [
    `${c.bold('message')}     ${e.original}`,
    `${c.bold('normalized')}  ${e.normalized}${e.zawgyi ? c.dim('  (converted from Zawgyi)') : ''}${e.traditional ? c.dim('  (Traditional → Simplified)') : ''}`,
    `${c.bold('language')}    ${e.lang}${shares ? c.dim(`  (${shares})`) : ''}`,
    `${c.bold('tokens')}      ${e.tokens.map((t) => (t.kind === 'word' ? t.text : `<${t.kind}${t.detail ? ':' + t.detail : ''}>`)).join(' · ')}`,
    `${c.bold('entities')}    ${e.entities.length ? e.entities.map((x) => `${x.kind}${x.detail ? ':' + x.detail : ''} "${x.text}"${x.domain ? ` (domain ${x.domain}${x.lookalike ? `, look-alike of ${x.lookalike}` : ''}${x.shortener ? ', shortener' : ''})` : ''}`).join(' · ') : '—'}`,
    `${c.bold('patterns')}    ${e.patterns.filter((p) => !p.cue).length ? e.patterns.filter((p) => !p.cue).map((p) => `${p.id} (${p.type}, ${p.weight}) "${p.texts.join('" + "')}"`).join(' · ') : '—'}`,
    `${c.bold('type')}        ${e.type ? `${e.type.name} ${e.type.confidence.toFixed(2)}${e.type.also.length ? c.dim(`  (also ${e.type.also.map((x) => `${x.name} ${x.confidence.toFixed(2)}`).join(', ')})`) : ''}${e.label === 'low' ? c.dim('  (not reported by score: low risk)') : ''}` : '—'}`,
    ...(e.cues
      ? [
          `${c.bold('cues')}        ${e.cues.fired.length ? e.cues.fired.map((q) => `${q.cue} ${q.weight > 0 ? '+' : ''}${q.weight.toFixed(2)}${q.text ? ` "${q.text}"` : ''}`).join(' · ') : '—'}${c.dim(`  (text margin ${e.textMargin} × ${e.cues.text.toFixed(2)}, bias ${e.cues.bias.toFixed(2)})`)}`,
        ]
      : []),
    `${c.bold('score')}       ${e.score.toFixed(4)} → ${lbl} risk ${c.dim(`(margin ${e.margin}, bias ${e.bias}; thresholds high ≥ ${e.thresholds.high.toFixed(3)}, medium ≥ ${e.thresholds.medium.toFixed(3)})`)}`,
    '',
    table(
      [['feature', 'weight', 'contribution', 'span', 'text'], ...e.features.map((f) => [f.feature, f.weight.toFixed(3), (f.contribution > 0 ? '+' : '') + f.contribution.toFixed(3), f.span ? `${f.span[0]}–${f.span[1]}` : '', f.text ?? ''])],
      color,
    ),
  ];
  return lines.join('\n');
}

export async function runExplain(texts: string[], opts: ExplainOptions, ctx: Context): Promise<number> {
  if (texts.length === 0) throw new UsageError('explain: expected a message to explain');
  const top = intOption(opts.top, '--top', 1, 1000) ?? 10;
  const model = readModel(opts.model);
  const all = texts.map((t) => explain(model, t, top));
  if (opts.json) ctx.stdout.write(all.map((e) => JSON.stringify(e)).join('\n') + '\n');
  else ctx.stdout.write(all.map((e) => renderExplanation(e, ctx.color)).join('\n\n') + '\n');
  return 0;
}
