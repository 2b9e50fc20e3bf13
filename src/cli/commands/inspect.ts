/** `scamscan inspect [MODEL]`: the model file's header, configuration, data, thresholds, metrics and top features. */
import type { Context } from '../context.js';
import { defaultModelPath, readModel } from '../../io/modelfile.js';
import { trainSettings } from '../../model/format.js';
import { table } from '../render.js';
import { SCAM_TYPES } from '../../patterns/index.js';

export async function runInspect(path: string | undefined, opts: { json?: boolean }, ctx: Context): Promise<number> {
  const file = path ?? defaultModelPath();
  const m = readModel(file);
  let nonzero = 0;
  for (const w of m.linear.weights) if (w !== 0) nonzero++;
  const { linear: _l, types: t, ...rest } = m;
  void _l;
  const typeSummary = t
    ? {
        bits: t.bits,
        scale: t.scale,
        minConfidence: t.minConfidence,
        alsoAbove: t.alsoAbove,
        patterns: t.patterns.length,
        patternsByType: Object.fromEntries(SCAM_TYPES.map((x) => [x, t.patterns.filter((p) => p.type === x).length]).filter(([, n]) => n)),
        learned: Object.fromEntries(Object.entries(t.byLang).map(([lang, cs]) => [lang, cs!.map((c) => c.type)])),
      }
    : undefined;
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ ...rest, ...(typeSummary ? { types: typeSummary } : {}), weights: { buckets: m.linear.weights.length, nonzero, bias: m.linear.bias, ...(m.linear.scale !== undefined ? { scale: m.linear.scale } : {}) } }, null, 2) + '\n');
    return 0;
  }
  const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
  const out: string[] = [
    `model      ${file}`,
    `format     ${m.format} v${m.version}, written by ${m.createdWith}`,
    `features   2^${m.features.bits} buckets, ${nonzero} non-zero${m.linear.scale !== undefined ? ` (int16 steps of ${m.linear.scale.toPrecision(3)})` : ''}; word bigrams ${m.features.wordBigrams}, Han bigrams ${m.features.hanBigrams}, char n-grams ${m.features.charNgrams || 'off'}, language feature ${m.features.langFeature}, pattern features ${m.features.patternFeatures === true}`,
    `training   FTRL ${m.train.epochs} epochs, alpha ${m.train.alpha}, beta ${m.train.beta}, L1 ${m.train.l1}, L2 ${m.train.l2}, seed ${m.train.seed}, weak weight ${m.train.weakWeight}, naive-Bayes scaling ${trainSettings(m).nb}`,
    `data       ${m.data.corpora.map((c) => `${c.name} (${c.used}/${c.rows})`).join(', ') || '—'}`,
    `split      train ${m.data.split.train}, validation ${m.data.split.validation}, test ${m.data.split.test}; ${m.data.split.duplicates} duplicates removed (${m.data.split.conflicts} conflicting)`,
    `fingerprint ${m.data.fingerprint}`,
    ...(m.cues
      ? [
          `cue layer  text margin × ${m.cues.text['*']} (limit ${m.cues.clip}), bias ${m.cues.bias['*']}; ${m.cues.names.map((n, i) => `${n} ${m.cues!.weights[i] > 0 ? '+' : ''}${m.cues!.weights[i].toFixed(2)}`).join(', ')}`,
          `cue rules  at least medium: ${(m.cues.floor ?? []).join(', ') || '—'}; at most low: all of ${(m.cues.cap?.all ?? []).join(', ') || '—'} and none of ${(m.cues.cap?.none ?? []).join(', ') || '—'}`,
        ]
      : []),
    '',
    table([['lang', 'high ≥', 'medium ≥', 'Platt a', 'Platt b'], ...Object.keys({ ...m.thresholds, ...m.calibration }).map((k) => {
      const t = m.thresholds[k as keyof typeof m.thresholds];
      const c = m.calibration[k as keyof typeof m.calibration];
      return [k, f3(t?.high), f3(t?.medium), f3(c?.a), f3(c?.b)];
    })], ctx.color),
    '',
    'Test-split metrics',
    table([['group', 'n', 'pos', 'precision', 'recall', 'F1', 'AP', 'ECE'], ...Object.entries(m.metrics.test).map(([k, g]) => [k, String(g.n), String(g.positives), f3(g.precision), f3(g.recall), f3(g.f1), f3(g.ap), f3(g.ece)])], ctx.color),
  ];
  if (typeSummary) {
    out.push(
      '',
      `scam types ${typeSummary.patterns} lexicon patterns (${Object.entries(typeSummary.patternsByType).map(([k, n]) => `${k} ${n}`).join(', ')})`,
      `           learned classes: ${Object.entries(typeSummary.learned).map(([l, cs]) => `${l}: ${cs.join(', ')}`).join('; ') || '—'}; pattern scale ${t!.scale}, other below ${t!.minConfidence}, also at ${t!.alsoAbove}`,
    );
    if (m.metrics.types) out.push(`           test split: accuracy ${f3(m.metrics.types.accuracy)} on ${m.metrics.types.n} typed messages (scamscan eval shows per type)`);
  }
  for (const [lang, feats] of Object.entries(m.top ?? {})) {
    out.push('', `Strongest features: ${lang}`, feats!.map((x) => `${x.weight > 0 ? '+' : ''}${x.weight.toFixed(2)} ${x.feature}`).join('   '));
  }
  ctx.stdout.write(out.join('\n') + '\n');
  return 0;
}
