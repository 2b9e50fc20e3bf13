/**
 * A self-contained HTML evaluation report (no network, inline SVG): precision–recall curves per language,
 * the confusion matrix, the calibration plot, the threshold table and, when run, leave-one-corpus-out.
 */
import type { Evaluation, Scored } from '../model/evaluate.js';
import type { TypeEvaluation } from '../model/types.js';
import type { GroupMetrics, Model } from '../model/format.js';

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Precision–recall points (recall, precision), at most `max` of them. */
export function prCurve(rows: readonly Scored[], max = 200): Array<[number, number]> {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const P = sorted.reduce((s, r) => s + r.y, 0);
  if (P === 0) return [];
  const pts: Array<[number, number]> = [];
  let tp = 0;
  for (let k = 0; k < sorted.length; k++) {
    tp += sorted[k].y;
    if (k + 1 < sorted.length && sorted[k + 1].score === sorted[k].score) continue;
    pts.push([tp / P, tp / (k + 1)]);
  }
  const step = Math.max(1, Math.ceil(pts.length / max));
  return pts.filter((_, i) => i % step === 0 || i === pts.length - 1);
}

function plot(series: Array<{ name: string; points: Array<[number, number]>; dots?: boolean }>, xLabel: string, yLabel: string, diagonal = false): string {
  // The legend sits in a margin right of the plot area, so it never covers a curve.
  const legendWidth = 12 + 7 * Math.max(0, ...series.map((s) => s.name.length));
  const P = 360, H = 280, L = 45, B = 35, T = 10, R = 10;
  const W = P + legendWidth;
  const x = (v: number) => L + v * (P - L - R);
  const y = (v: number) => H - B - v * (H - B - T);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" stroke="#eee"/><line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#eee"/><text x="${x(v)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${v}</text><text x="${L - 6}" y="${y(v) + 3}" font-size="10" text-anchor="end">${v}</text>`)
    .join('');
  const lines = series
    .map((s, i) => {
      const c = COLORS[i % COLORS.length];
      const body = s.dots
        ? s.points.map(([a, b]) => `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="3.5" fill="${c}"/>`).join('')
        : `<polyline fill="none" stroke="${c}" stroke-width="1.8" points="${s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`;
      return `${body}<text x="${x(1) + 8}" y="${y(1) + 12 + 14 * i}" font-size="11" text-anchor="start" fill="${c}">${esc(s.name)}</text>`;
    })
    .join('');
  const diag = diagonal ? `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 3"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${grid}${diag}<rect x="${x(0)}" y="${y(1)}" width="${x(1) - x(0)}" height="${y(0) - y(1)}" fill="none" stroke="#444"/>${lines}<text x="${(L + P) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">${esc(xLabel)}</text><text x="12" y="${(H - B) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(H - B) / 2})">${esc(yLabel)}</text></svg>`;
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

function metricsTable(title: string, groups: Record<string, GroupMetrics>): string {
  const rows = Object.entries(groups)
    .map(([k, m]) => `<tr><td>${esc(k)}</td><td>${m.n}</td><td>${m.positives}</td><td>${f3(m.precision)}</td><td>${f3(m.recall)}</td><td>${f3(m.f1)}</td><td>${f3(m.ap)}</td><td>${f3(m.ece)}</td></tr>`)
    .join('');
  return `<h2>${esc(title)}</h2><div class="scroll"><table><tr><th>group</th><th>n</th><th>positives</th><th>precision</th><th>recall</th><th>F1</th><th>AP</th><th>ECE</th></tr>${rows}</table></div>`;
}

function typesSection(t: TypeEvaluation | undefined): string {
  if (!t || t.n === 0) return '<p>Scam types: no typed scam/spam rows among the evaluated messages.</p>';
  const rows = Object.entries(t.byType)
    .map(([k, m]) => `<tr><td>${esc(k)}</td><td>${m.n}</td><td>${m.predicted}</td><td>${f3(m.precision)}</td><td>${f3(m.recall)}</td><td>${f3(m.f1)}</td></tr>`)
    .join('');
  const golds = Object.keys(t.confusion);
  const preds = [...new Set(golds.flatMap((g) => Object.keys(t.confusion[g])))];
  const conf = golds.map((g) => `<tr><td>${esc(g)}</td>${preds.map((p) => `<td>${t.confusion[g][p] ?? 0}</td>`).join('')}</tr>`).join('');
  return `<h2>Scam types (${t.n} typed scam/spam messages; accuracy ${f3(t.accuracy)})</h2><div class="scroll"><table><tr><th>type</th><th>gold n</th><th>predicted</th><th>precision</th><th>recall</th><th>F1</th></tr>${rows}</table></div>
<h3>Type confusion (gold × predicted)</h3><div class="scroll"><table><tr><th>gold \\ predicted</th>${preds.map((p) => `<th>${esc(p)}</th>`).join('')}</tr>${conf}</table></div>`;
}

export function htmlReport(opts: { title: string; model: Model; scored: readonly Scored[]; evaluation: Evaluation; loco?: Record<string, GroupMetrics>; types?: TypeEvaluation }): string {
  const { model, scored, evaluation: e } = opts;
  const langs = [...new Set(scored.map((r) => r.lang))].sort();
  const pr = plot(langs.map((l) => ({ name: l, points: prCurve(scored.filter((r) => r.lang === l)) })), 'recall', 'precision');
  const cal = plot([{ name: 'all', points: e.reliability.map((b) => [b.predicted, b.observed] as [number, number]), dots: true }], 'mean calibrated score', 'observed rate of scam/spam', true);
  const c = e.confusion;
  const thr = Object.entries(model.thresholds)
    .map(([k, t]) => `<tr><td>${esc(k)}</td><td>${f3(t!.high)}</td><td>${f3(t!.medium)}</td></tr>`)
    .join('');
  const rel = e.reliability.map((b) => `<tr><td>${b.lo.toFixed(1)}–${b.hi.toFixed(1)}</td><td>${b.n}</td><td>${f3(b.predicted)}</td><td>${f3(b.observed)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(opts.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.row{display:flex;gap:2em;flex-wrap:wrap}.scroll{overflow-x:auto;max-width:100%;margin:.5em 0 1.5em}.scroll table{margin:0}svg{max-width:100%;height:auto}</style>
</head><body>
<h1>${esc(opts.title)}</h1>
<p>Model: ${esc(model.createdWith)}, format ${esc(model.format)} v${model.version}; data fingerprint <code>${esc(model.data.fingerprint.slice(0, 16))}</code>; ${scored.length} messages evaluated. Precision/recall/F1 at calibrated score ≥ 0.5; AP over the ranking; ECE over 10 bins.</p>
<div class="row"><div><h2>Precision–recall by language</h2>${pr}</div><div><h2>Calibration</h2>${cal}</div></div>
${metricsTable('Metrics', { all: e.overall, ...Object.fromEntries(Object.entries(e.byLang).map(([k, v]) => [`lang ${k}`, v])), ...Object.fromEntries(Object.entries(e.byCorpus).map(([k, v]) => [`corpus ${k}`, v])) })}
<h2>Confusion (truth × risk label)</h2><div class="scroll"><table><tr><th>truth</th><th>high</th><th>medium</th><th>low</th></tr><tr><td>scam/spam</td><td>${c.positive.high}</td><td>${c.positive.medium}</td><td>${c.positive.low}</td></tr><tr><td>ham</td><td>${c.negative.high}</td><td>${c.negative.medium}</td><td>${c.negative.low}</td></tr></table></div>
<h2>Thresholds (chosen on validation data)</h2><div class="scroll"><table><tr><th>language</th><th>high ≥ (precision ≥ 0.95)</th><th>medium ≥ (recall ≥ 0.90)</th></tr>${thr}</table></div>
<h2>Reliability</h2><div class="scroll"><table><tr><th>score bin</th><th>n</th><th>mean score</th><th>observed rate</th></tr>${rel}</table></div>
${typesSection(opts.types)}
${opts.loco ? metricsTable('Leave-one-corpus-out (trained without the corpus, scored on all of it)', opts.loco) : '<p>Leave-one-corpus-out: run <code>scamscan eval --loco</code> to include it.</p>'}
</body></html>
`;
}
