#!/usr/bin/env node
/**
 * Settings search used to choose the shipped defaults: prepares data/ once, then trains each configuration
 * and prints validation AP per language (never test) and the model size. Usage: node bench/tune.mjs
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as S from '../dist/index.js';
import { trainLinear } from '../dist/model/linear.js';
import { DEFAULT_TRAIN } from '../dist/model/linear.js';

const ROOT = new URL('..', import.meta.url).pathname;
const rows = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) rows.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
const variants = JSON.parse(process.argv[2] ?? '[{}]');
for (const v of variants) {
  const cfg = { ...S.DEFAULT_FEATURES, ...(v.features ?? {}) };
  const t0 = Date.now();
  const prepared = S.prepare(rows, cfg);
  const t1 = Date.now();
  const { model } = S.trainModel(prepared, cfg, { train: { ...DEFAULT_TRAIN, ...(v.train ?? {}) }, weakWeight: v.weakWeight ?? 0.5 });
  const val = prepared.rows.filter((r) => r.split === 'validation');
  const e = S.evaluate(S.scorePrepared(model, val));
  let nz = 0;
  for (const w of model.linear.weights) if (w !== 0) nz++;
  const ap = Object.entries(e.byLang).map(([k, m]) => `${k} ${m.ap?.toFixed(3)}`).join('  ');
  console.log(JSON.stringify(v), `| val AP ${ap} | all ${e.overall.ap?.toFixed(3)} | nonzero ${nz} | prep ${(t1 - t0) / 1000}s train ${(Date.now() - t1) / 1000}s`);
}
