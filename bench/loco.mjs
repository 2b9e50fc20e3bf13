// Leave-one-corpus-out with the shipped training recipe, including what `eval --loco` cannot pass: the suite's
// dev half as auxiliary rows (`--suite-weight W`, 0 = none) and held-out groups of corpora. zh-fbs (only
// scam/spam) and zh-nus (only ham) each have one class, so AP is undefined for them alone: they are held out
// together as well, and for each alone the table gives the share flagged (high or medium).
// Usage: npm run build && node bench/loco.mjs [--suite-weight 20] [--no-cues] [--json out.json] [data/*.tsv.gz]
import { readDataset, prepare, trainModel, scorePrepared, evaluate, readPatterns, DEFAULT_FEATURES } from '../dist/index.js';
import { suiteTrainingRows } from '../dist/io/suite.js';
import { writeFileSync, readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const suiteWeight = Number(opt('--suite-weight', '20'));
const json = opt('--json', undefined);
const noCues = flag('--no-cues');
const files = args.length > 0 ? args : readdirSync('data').filter((f) => f.endsWith('.tsv.gz')).sort().map((f) => `data/${f}`);

const rows = [];
for (const f of files) rows.push(...(await readDataset(f)).rows);
if (suiteWeight > 0 && !noCues) rows.push(...suiteTrainingRows(undefined, suiteWeight).rows);
const cfg = { ...DEFAULT_FEATURES, cueFeatures: !noCues };
const patterns = readPatterns();
const prepared = prepare(rows, cfg, patterns);
const corpora = [...new Set(prepared.rows.filter((r) => !r.row.auxiliary).map((r) => r.row.corpus))].sort();
const folds = [...corpora.map((c) => [c]), ...(corpora.includes('zh-fbs') && corpora.includes('zh-nus') ? [['zh-fbs', 'zh-nus']] : [])];
const out = {};
const f3 = (x) => (x === null || x === undefined ? '—' : x.toFixed(3));
console.log(`fold\tn\tpos\tAP\tF1\tflagged(pos)\tflagged(neg)`);
for (const fold of folds) {
  const held = prepared.rows.filter((r) => fold.includes(r.row.corpus));
  const rest = { ...prepared, rows: prepared.rows.filter((r) => !fold.includes(r.row.corpus)) };
  const { model } = trainModel(rest, cfg, { patterns, corpora: [], train: { seed: 1 } });
  const scored = scorePrepared(model, held);
  const e = evaluate(scored).overall;
  const pos = scored.filter((s) => s.y === 1), neg = scored.filter((s) => s.y === 0);
  const fl = (xs) => (xs.length ? xs.filter((s) => s.label !== 'low').length / xs.length : null);
  const name = fold.join('+');
  out[name] = { n: e.n, positives: e.positives, ap: e.ap, f1: e.f1, flaggedPositives: fl(pos), flaggedNegatives: fl(neg) };
  console.log(`${name}\t${e.n}\t${e.positives}\t${f3(e.ap)}\t${f3(e.f1)}\t${f3(fl(pos))}\t${f3(fl(neg))}`);
}
if (json) writeFileSync(json, JSON.stringify({ suiteWeight, cues: !noCues, folds: out }, null, 2) + '\n');
