#!/usr/bin/env node
/**
 * Scam-type ablation on the typed scam/spam rows of the test split: lexicon only, learned classes only, and the
 * shipped combination, plus the learned classes' hash size. A research script, not a test.
 *   node bench/type-ablation.mjs        (after npm run build; ~1 min)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as S from '../dist/index.js';
import { buildTypeModel } from '../dist/model/types.js';
import { evaluateTypeRows } from '../dist/model/train.js';

const ROOT = new URL('..', import.meta.url).pathname;
const rows = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) rows.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
const patterns = S.readPatterns();
const prepared = S.prepare(rows, S.DEFAULT_FEATURES, patterns);
const typed = (split) => prepared.rows.filter((r) => r.split === split && r.norm !== undefined && r.row.type).map((r) => ({ x: r.x, lang: r.detected, type: r.row.type, text: r.norm }));
const test = prepared.rows.filter((r) => r.split === 'test');
const show = (name, m) => {
  const e = evaluateTypeRows(m, test);
  console.log(`${name.padEnd(34)} accuracy ${e.accuracy.toFixed(3)}  ${Object.entries(e.byLang).map(([l, v]) => `${l} ${v.accuracy.toFixed(3)} (n=${v.n})`).join('  ')}`);
};
for (const bits of [17, 14, 13]) show(`combined, learned on 2^${bits}`, buildTypeModel(patterns, typed('train'), { bits, seed: 1 }));
const shipped = buildTypeModel(patterns, typed('train'), { seed: 1 });
show('lexicon only', { ...shipped, byLang: {} });
show('learned classes only', { ...shipped, patterns: [] });
