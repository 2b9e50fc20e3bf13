#!/usr/bin/env node
/**
 * Leave-one-corpus-out for the peers: for each corpus X, train scikit-learn (and fastText with LOCO_FASTTEXT=1)
 * on the other corpora's training split and score every row of X; prints AP per held-out corpus next to
 * scamscan's (`scamscan eval --loco` trains the same way). Slow: minutes per corpus.
 *   node bench/loco-peers.mjs
 *   LOCO_FASTTEXT=1 LOCO_ONLY=en-mendeley,th-ssivakorn node bench/loco-peers.mjs
 * LOCO_SKLEARN=0 skips scikit-learn (its column then shows –). PEER_INPUT=words gives the peers only ICU's word-like
 * segments, the information scamscan's features have (bench/peers/text.mjs); default `full`.
 *
 * Each cell is AP / F1 at 0.5 / F1 at the model's own cut, chosen (best F1) on the validation split of the
 * training corpora in the held-out corpus's language — an operating point picked without the held-out corpus,
 * as a user would pick one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as S from '../dist/index.js';
import { peerTsv } from './peers/text.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench/.work/loco');
mkdirSync(WORK, { recursive: true });
const model = S.readModel();
const rows = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) rows.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
const prepared = S.prepare(rows, model.features, model.types?.patterns);
const PEER_INPUT = process.env.PEER_INPUT ?? 'full';
const tsv = (rs) => peerTsv(rs, PEER_INPUT);
const readScores = (p) => readFileSync(p, 'utf8').trim().split('\n').map(Number);
// AP, F1 at a score of 0.5 (scamscan's calibrated score; the peers' own class probability), and F1 at the cut
// that is best on `val` (scores and labels of validation rows from the training corpora).
const cell = (scores, y, val) => {
  const m = S.binaryMetrics(scores, y, 0.5);
  const cut = S.thresholdForBestF1(val.s, val.y)?.threshold ?? 0.5;
  return `${m.ap.toFixed(3)} / ${m.f1.toFixed(3)} / ${S.binaryMetrics(scores, y, cut).f1.toFixed(3)}`;
};
console.log('| held-out corpus | n | scamscan AP / F1 / F1 at val cut | scikit-learn, same |' + (process.env.LOCO_FASTTEXT ? ' fastText, same |' : ''));
console.log('|---|---|---|---|' + (process.env.LOCO_FASTTEXT ? '---|' : ''));
const only = process.env.LOCO_ONLY ? new Set(process.env.LOCO_ONLY.split(',')) : undefined;
for (const corpus of [...new Set(prepared.rows.map((r) => r.row.corpus))].sort().filter((c) => !only || only.has(c))) {
  const held = prepared.rows.filter((r) => r.row.corpus === corpus);
  const rest = prepared.rows.filter((r) => r.row.corpus !== corpus);
  const ours = S.trainModel({ ...prepared, rows: rest }, model.features, { train: S.trainSettings(model), weakWeight: model.train.weakWeight, patterns: model.types?.patterns }).model;
  const y = held.map((r) => r.row.y);
  // Validation rows of the training corpora in the held-out corpus's language (its cut is chosen on them).
  const lang = held[0].lang;
  const valRows = rest.filter((r) => r.split === 'validation' && r.lang === lang);
  const valY = valRows.map((r) => r.row.y);
  const apOurs = cell(S.scorePrepared(ours, held).map((s) => s.score), y, { s: S.scorePrepared(ours, valRows).map((s) => s.score), y: valY });
  writeFileSync(join(WORK, 'train.tsv'), tsv(rest.filter((r) => r.split === 'train')));
  // The peers score the validation rows first, then the held-out corpus.
  writeFileSync(join(WORK, 'test.tsv'), tsv([...valRows, ...held]));
  const split = (scores) => ({ val: { s: scores.slice(0, valRows.length), y: valY }, held: scores.slice(valRows.length) });
  let apSk = '–';
  if (process.env.LOCO_SKLEARN !== '0') {
    execFileSync('/usr/bin/python3', [join(ROOT, 'bench/peers/sklearn_peer.py'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), join(WORK, 'sk.txt')], { stdio: ['ignore', 'ignore', 'ignore'] });
    const sk = split(readScores(join(WORK, 'sk.txt')));
    apSk = cell(sk.held, y, sk.val);
  }
  let ft = '';
  if (process.env.LOCO_FASTTEXT) {
    execFileSync('bash', [join(ROOT, 'bench/peers/fasttext_peer.sh'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), join(WORK, 'ft.txt')], { stdio: ['ignore', 'ignore', 'ignore'] });
    const f = split(readScores(join(WORK, 'ft.txt')));
    ft = ` ${cell(f.held, y, f.val)} |`;
  }
  console.log(`| ${corpus} | ${held.length} | ${apOurs} | ${apSk} |${ft}`);
}
