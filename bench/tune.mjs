#!/usr/bin/env node
/**
 * Settings search used to choose the shipped defaults. Prepares data/ once per feature configuration, then
 * for each variant prints validation AP per language (never test), the model size, and with --loco the
 * leave-one-corpus-out AP (train without corpus X, score all of X).
 *   node bench/tune.mjs '[{"train":{"l1":0.2}}, {"features":{"langFeature":false}}]' [--loco]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as S from '../dist/index.js';
import { DEFAULT_TRAIN } from '../dist/model/linear.js';

const ROOT = new URL('..', import.meta.url).pathname;
const loco = process.argv.includes('--loco');
const rows = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) rows.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
const patterns = S.readPatterns();
const variants = JSON.parse(process.argv[2] ?? '[{}]');
for (const v of variants) {
  const cfg = { ...S.DEFAULT_FEATURES, ...(v.features ?? {}) };
  const opts = { train: { ...DEFAULT_TRAIN, ...(v.train ?? {}) }, weakWeight: v.weakWeight ?? 0.5, patterns };
  const t0 = Date.now();
  const prepared = S.prepare(rows, cfg, patterns);
  const t1 = Date.now();
  const { model } = S.trainModel(prepared, cfg, opts);
  const val = prepared.rows.filter((r) => r.split === 'validation');
  const scored = S.scorePrepared(model, val);
  const e = S.evaluate(scored);
  // Best F1 on validation per language (an optimistic operating point, comparable between variants).
  const bestF1 = ['tha', 'cmn', 'mya', 'eng'].map((g) => {
    const idx = val.map((r, i) => (r.lang === g ? i : -1)).filter((i) => i >= 0);
    const b = S.thresholdForBestF1(idx.map((i) => scored[i].score), idx.map((i) => val[i].row.y));
    return `${g} ${b ? b.f1.toFixed(3) : '–'}`;
  }).join('  ');
  let nz = 0;
  for (const w of model.linear.weights) if (w !== 0) nz++;
  const ap = Object.entries(e.byLang).map(([k, m]) => `${k} ${m.ap?.toFixed(3)}`).join('  ');
  let line = `${JSON.stringify(v)} | val AP ${ap} | all ${e.overall.ap?.toFixed(3)} | val best F1 ${bestF1} | nonzero ${nz} | prep ${(t1 - t0) / 1000}s train ${(Date.now() - t1) / 1000}s`;
  if (loco) {
    const parts = [];
    for (const corpus of [...new Set(prepared.rows.map((r) => r.row.corpus))].sort()) {
      const held = prepared.rows.filter((r) => r.row.corpus === corpus);
      const rest = { ...prepared, rows: prepared.rows.filter((r) => r.row.corpus !== corpus) };
      const m = S.trainModel(rest, cfg, opts).model;
      const ev = S.evaluate(S.scorePrepared(m, held)).overall;
      parts.push(`${corpus} ${ev.ap?.toFixed(3)}`);
    }
    line += `\n    LOCO AP: ${parts.join('  ')}`;
  }
  console.log(line);
}
