#!/usr/bin/env node
/**
 * Chinese leave-one-corpus-out, split by what the label means. The two Chinese corpora disagree on
 * advertising: zh-hrwhisper labels ads `spam` (a positive), zh-telecom-fraud keeps ads (退订 / 回T / 拒收
 * opt-out lines) among its `ham`. Training on one and scoring the other then ranks the other's ads the wrong
 * way round. This prints AP for scamscan, scikit-learn and fastText (same folds as bench/loco-peers.mjs) on
 * all rows of the held-out corpus and on the subsets where the two labelings agree:
 *   zh-hrwhisper      all · scam vs ham · spam (ads) vs ham
 *   zh-telecom-fraud  all · scam vs ham without opt-out ads
 * Peer scores are cached in bench/.work/zhl/ (delete to recompute; ~20 min). OURS_ONLY=1 skips the peers;
 * PEER_INPUT=words gives them only word-like segments (bench/peers/text.mjs).
 *   node bench/loco-zh.mjs
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as S from '../dist/index.js';
import { peerTsv } from './peers/text.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench/.work/zhl');
mkdirSync(WORK, { recursive: true });
const AD = /退订|回T|拒收/;
const model = S.readModel();
const rows = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) rows.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
// The corpus's own label (scam / spam / ham), by text, read straight from the TSV (columns: data/README.md).
const kind = new Map();
for (const c of ['zh-hrwhisper', 'zh-telecom-fraud']) {
  for (const line of gunzipSync(readFileSync(join(ROOT, 'data', `${c}.tsv.gz`))).toString('utf8').split('\n').slice(1)) {
    const p = line.split('\t');
    if (p.length >= 8) kind.set(p[7], p[2] === 'ham' && AD.test(p[7]) ? 'ham-ad' : p[2]);
  }
}
const prepared = S.prepare(rows, model.features, model.types?.patterns);
const PEER_INPUT = process.env.PEER_INPUT ?? 'full';
const tsv = (rs) => peerTsv(rs, PEER_INPUT);
const readScores = (p) => readFileSync(p, 'utf8').trim().split('\n').map(Number);
const SUBSETS = {
  'zh-hrwhisper': { all: () => true, 'scam vs ham': (k) => k !== 'spam', 'spam (ads) vs ham': (k) => k !== 'scam' },
  'zh-telecom-fraud': { all: () => true, 'scam vs ham without opt-out ads': (k) => k !== 'ham-ad' },
};
console.log('| held-out corpus | rows | n | positives | scamscan AP | scikit-learn AP | fastText AP |');
console.log('|---|---|---|---|---|---|---|');
for (const [corpus, subsets] of Object.entries(SUBSETS)) {
  const held = prepared.rows.filter((r) => r.row.corpus === corpus);
  const rest = prepared.rows.filter((r) => r.row.corpus !== corpus);
  const ours = S.trainModel({ ...prepared, rows: rest }, model.features, { train: S.trainSettings(model), weakWeight: model.train.weakWeight, patterns: model.types?.patterns }).model;
  const scores = { scamscan: S.scorePrepared(ours, held).map((s) => s.score) };
  if (!process.env.OURS_ONLY) {
    const sk = join(WORK, `${corpus}.${PEER_INPUT}.sk.txt`), ft = join(WORK, `${corpus}.${PEER_INPUT}.ft.txt`);
    if (!existsSync(sk) || !existsSync(ft)) {
      writeFileSync(join(WORK, 'train.tsv'), tsv(rest.filter((r) => r.split === 'train')));
      writeFileSync(join(WORK, 'test.tsv'), tsv(held));
      execFileSync('/usr/bin/python3', [join(ROOT, 'bench/peers/sklearn_peer.py'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), sk], { stdio: 'ignore' });
      execFileSync('bash', [join(ROOT, 'bench/peers/fasttext_peer.sh'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), ft], { stdio: 'ignore' });
    }
    scores.sklearn = readScores(sk);
    scores.fastText = readScores(ft);
  }
  const k = held.map((r) => kind.get(r.row.text) ?? '?');
  for (const [name, keep] of Object.entries(subsets)) {
    const idx = k.map((x, i) => (keep(x) ? i : -1)).filter((i) => i >= 0);
    const y = idx.map((i) => held[i].row.y);
    const ap = (m) => (scores[m] ? S.averagePrecision(idx.map((i) => scores[m][i]), y).toFixed(3) : '–');
    console.log(`| ${corpus} | ${name} | ${idx.length.toLocaleString('en')} | ${y.filter((v) => v === 1).length.toLocaleString('en')} | ${ap('scamscan')} | ${ap('sklearn')} | ${ap('fastText')} |`);
  }
}
