#!/usr/bin/env node
/**
 * npm run bench — a benchmark, not a test.
 *
 *  1. per-stage cost (µs/message) per language on messages from data/;
 *  2. batch throughput of `scamscan score` on a large dump built from data/ (messages/s, peak RSS), and of
 *     `campaigns` and `iocs` on the same dump, with the ratio of their time to score's;
 *  3. throughput per language (Thai, Chinese, Burmese, English, and the four evenly mixed; texts cut at 400
 *     characters, bench/dumps.mjs) next to fastText `predict-prob` in the same run on the same messages (one
 *     thread, the text pre-segmented by ICU as for the peers below: fastText's best case; trained once on the
 *     training split and kept in bench/.work), with peak RSS at --jobs 1 and the default;
 *  4. single-message wall time, and per-message latency of one resident `score --line-buffered` process;
 *  5. with peers installed (apt-get install -y fasttext python3-sklearn): AP per language on the test split for
 *     scamscan, fastText and scikit-learn trained on the same training split; the peers twice, on all of ICU's
 *     segments and on the word-like ones only (bench/peers/text.mjs).
 *
 * Environment: BENCH_ROWS (dump size, default 1000000; 0 skips batch scoring), BENCH_PEERS=0 to skip the peers
 * (fastText in 3 too), BENCH_FT_RUNS (default 3), BENCH_LANG_ROWS (rows per language dump in 3, default 50000;
 * the mixed dump has four times as many; 0 skips 3), BENCH_LANG_RUNS (runs of each timing in 3, alternating
 * scamscan and fastText, best kept; default 2).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as S from '../dist/index.js';
import { peerText, peerTsv } from './peers/text.mjs';
import { langDump, LANGS, readCorpora } from './dumps.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench/.work');
mkdirSync(WORK, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BIN = join(ROOT, 'bin/scamscan');

const corpora = readCorpora();
const model = S.readModel();
const fmt = (x, d = 1) => x.toFixed(d);

// 1. Stage costs per language.
console.log('## Per-stage cost (µs/message, one core; 1,000 messages per language from data/)\n');
console.log('| lang | chars/msg | normalize | language | tokenize | features | type patterns | type (patterns + learned) | whole score (batch path) |');
console.log('|---|---|---|---|---|---|---|---|---|');
const patternSet = model.types ? S.compilePatterns(model.types.patterns) : S.compilePatterns([]);
for (const lang of ['tha', 'cmn', 'mya', 'eng']) {
  const msgs = corpora.filter((r) => r.lang === lang).filter((_, i) => i % 7 === 0).slice(0, 1000).map((r) => r.text);
  const chars = msgs.reduce((a, m) => a + m.length, 0) / msgs.length;
  const norm = msgs.map((m) => S.normalizeText(m).text);
  const langs = norm.map((n) => S.detectLanguage(n).lang);
  const toks = norm.map((n) => S.tokenize(n));
  const hits = norm.map((n) => S.matchPatterns(patternSet, n));
  const vecs = toks.map((t, i) => S.vectorOf(S.hashFeatures(t, langs[i], model.features, hits[i], norm[i])));
  const time = (f) => {
    for (let i = 0; i < msgs.length; i++) f(i); // warm-up
    // Minimum of five passes: timings on a shared machine wander by ±20 %, the minimum least.
    let best = Infinity;
    for (let rep = 0; rep < 5; rep++) {
      const t0 = performance.now();
      for (let i = 0; i < msgs.length; i++) f(i);
      best = Math.min(best, performance.now() - t0);
    }
    return fmt((best * 1000) / msgs.length);
  };
  const cols = [
    time((i) => S.normalizeText(msgs[i])),
    time((i) => S.detectLanguage(norm[i])),
    time((i) => S.tokenize(norm[i])),
    time((i) => S.vectorOf(S.hashFeatures(toks[i], langs[i], model.features, hits[i], norm[i]))),
    time((i) => S.matchPatterns(patternSet, norm[i])),
    model.types ? time((i) => S.predictType(model.types, langs[i], norm[i], vecs[i])) : '—',
    time((i) => S.scoreText(model, msgs[i], 3, false)),
  ];
  console.log(`| ${lang} | ${fmt(chars, 0)} | ${cols.join(' | ')} |`);
}

// 2. Batch throughput on a large dump (deterministic order: corpora interleaved by a fixed stride).
const dump = join(WORK, `dump-${ROWS}.txt`);
if (ROWS > 0 && !existsSync(dump)) {
  const out = createWriteStream(dump);
  const texts = corpora.map((r) => r.text);
  for (let i = 0, j = 0; i < ROWS; i++, j = (j + 7919) % texts.length) out.write(texts[j] + '\n');
  await new Promise((r) => out.end(r));
}
const size = ROWS > 0 ? statSync(dump).size : 0;
const hasTime = existsSync('/usr/bin/time');
function timed(args, input) {
  const t0 = performance.now();
  const r = spawnSync(hasTime ? '/usr/bin/time' : process.execPath, hasTime ? ['-f', '%M', process.execPath, BIN, ...args] : [BIN, ...args], {
    input, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26,
  });
  const secs = (performance.now() - t0) / 1000;
  const lines = r.stderr.toString().trim().split('\n');
  const rss = hasTime ? Number(lines[lines.length - 1]) / 1024 : NaN;
  return { secs, rss, status: r.status };
}
if (ROWS > 0) console.log(`\n## Batch scoring: ${ROWS.toLocaleString('en')} messages (${fmt(size / 1e6)} MB) built from data/\n`);
const cores = (await import('node:os')).availableParallelism();
const scoreSecs = {};
for (const jobs of ROWS > 0 ? [1, cores] : []) {
  const b = timed(['score', '-i', dump, '-o', 'jsonl', '-q', '--jobs', String(jobs)]);
  scoreSecs[jobs] = b.secs;
  console.log(`score -o jsonl --jobs ${jobs}: ${fmt(b.secs)} s, ${Math.round(ROWS / b.secs).toLocaleString('en')} messages/s, peak RSS ${fmt(b.rss, 0)} MB (exit ${b.status})`);
}
// campaigns and iocs score every row as score does, then group the risky ones: their time next to score's
// (the bar: within 2× of score at its default --jobs).
for (const cmd of ROWS > 0 ? ['campaigns', 'iocs'] : []) {
  const b = timed([cmd, '-i', dump, '-o', 'jsonl', '-q']);
  const ratio = (j) => fmt(b.secs / scoreSecs[j], 2);
  console.log(`${cmd} -o jsonl: ${fmt(b.secs)} s, ${Math.round(ROWS / b.secs).toLocaleString('en')} messages/s, peak RSS ${fmt(b.rss, 0)} MB (exit ${b.status}); ${ratio(cores)}× score --jobs ${cores}'s time, ${ratio(1)}× --jobs 1's`);
}
// 3. Throughput per language, next to fastText predict-prob on the same messages in the same run.
const LANG_ROWS = Number(process.env.BENCH_LANG_ROWS ?? 50_000);
const LANG_RUNS = Math.max(1, Number(process.env.BENCH_LANG_RUNS ?? 2));
const withFt = process.env.BENCH_PEERS !== '0' && spawnSync('sh', ['-c', 'command -v fasttext']).status === 0;
/** Wall time and peak RSS of a command (its output discarded). */
function timedCmd(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(hasTime ? '/usr/bin/time' : cmd, hasTime ? ['-f', '%M', cmd, ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const secs = (performance.now() - t0) / 1000;
  const lines = r.stderr.toString().trim().split('\n');
  return { secs, rss: hasTime ? Number(lines[lines.length - 1]) / 1024 : NaN, status: r.status };
}
/** fastText trained once on the training split (same settings as the peers below), kept in bench/.work by the hash of its input. */
async function fastTextModel() {
  const seen = new Set();
  const train = [];
  for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) {
    for (const row of (await S.readDataset(join(ROOT, 'data', f))).rows) {
      const key = S.dedupKey(row.text);
      if (seen.has(key)) continue;
      seen.add(key);
      if (S.splitOf(key) === 'train') train.push({ row, lang: row.lang });
    }
  }
  const tsv = peerTsv(train, 'full');
  const bin = join(WORK, `ft-train-${S.fnv1a(tsv).toString(16)}.bin`);
  if (!existsSync(bin)) {
    const txt = join(WORK, 'ft-train.txt');
    writeFileSync(txt, tsv.split('\n').slice(1).filter(Boolean).map((l) => { const c = l.split('\t'); return `__label__${c[0]} ${c.slice(3).join(' ').replace(/__label__/g, '_label_')}`; }).join('\n') + '\n');
    const t0 = performance.now();
    // Trained under a temporary name and renamed when complete: an interrupted run must not leave a model file
    // that later runs would take as trained.
    const tmp = bin.replace(/\.bin$/, `.tmp${process.pid}`);
    execFileSync('fasttext', ['supervised', '-input', txt, '-output', tmp, '-epoch', '25', '-lr', '0.5', '-wordNgrams', '2', '-minn', '2', '-maxn', '4', '-dim', '64', '-bucket', '1000000', '-thread', '2', '-seed', '1', '-verbose', '0'], { stdio: ['ignore', 'ignore', 'inherit'] });
    renameSync(`${tmp}.bin`, bin);
    rmSync(`${tmp}.vec`, { force: true }); // fastText also writes the word vectors, which nothing here reads
    console.log(`(fastText trained on ${train.length.toLocaleString('en')} training-split messages in ${fmt((performance.now() - t0) / 1000)} s, kept as ${bin.slice(ROOT.length)})\n`);
  }
  return bin;
}
if (LANG_ROWS > 0) {
  console.log(`\n## Throughput per language: ${LANG_ROWS.toLocaleString('en')} messages per language, ${(4 * LANG_ROWS).toLocaleString('en')} evenly mixed (texts cut at 400 characters, bench/dumps.mjs)\n`);
  const ftBin = withFt ? await fastTextModel() : null;
  // Start-up (a one-message file: Node and the model, fastText's 1M-bucket model) measured apart, so that the
  // table also gives each tool's rate net of it.
  const one = join(WORK, 'lang-one.txt');
  writeFileSync(one, 'hello\n');
  const start = {};
  for (let run = 0; run < LANG_RUNS; run++) {
    for (const [k, r] of [['def', timed(['score', '-i', one, '-o', 'jsonl', '-q'])], ['one', timed(['score', '-i', one, '-o', 'jsonl', '-q', '--jobs', '1'])], ...(ftBin ? [['ft', timedCmd('fasttext', ['predict-prob', ftBin, one, '2'])]] : [])]) {
      if (!start[k] || r.secs < start[k].secs) start[k] = r;
    }
  }
  const rows = [];
  for (const lang of [...LANGS, 'mix']) {
    const n = lang === 'mix' ? 4 * LANG_ROWS : LANG_ROWS;
    const file = await langDump(lang, n);
    const seg = file.replace(/\.txt$/, '.seg.txt');
    if (ftBin && !existsSync(seg)) writeFileSync(seg, readFileSync(file, 'utf8').split('\n').slice(0, n).map((t) => peerText(t, 'full')).join('\n') + '\n');
    const best = {};
    const keep = (k, r) => { if (!best[k] || r.secs < best[k].secs) best[k] = r; };
    for (let run = 0; run < LANG_RUNS; run++) {
      keep('def', timed(['score', '-i', file, '-o', 'jsonl', '-q']));
      if (ftBin) keep('ft', timedCmd('fasttext', ['predict-prob', ftBin, seg, '2']));
      keep('one', timed(['score', '-i', file, '-o', 'jsonl', '-q', '--jobs', '1']));
      // --jobs given: every thread from the first batch, whatever the input's size (the default uses workers
      // only for inputs long enough to repay them).
      if (cores > 1) keep('all', timed(['score', '-i', file, '-o', 'jsonl', '-q', '--jobs', String(cores)]));
    }
    rows.push({ lang, n, ...best });
  }
  const rate = (r, n) => Math.round(n / r.secs);
  // Net of start-up only where start-up is under half the run (otherwise the difference is mostly noise).
  const net = (r, k, n) => (r.secs > 2 * start[k].secs ? Math.round(n / (r.secs - start[k].secs)) : NaN);
  const num = (x) => (Number.isFinite(x) ? x.toLocaleString('en') : '—');
  console.log(`| language | scamscan msg/s (default: up to ${cores} threads) | fastText msg/s | ratio | net of start-up: scamscan | fastText | ratio | scamscan msg/s --jobs 1 | --jobs ${cores} | peak RSS default | --jobs 1 | --jobs ${cores} | fastText peak RSS |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const names = { tha: 'Thai', cmn: 'Chinese', mya: 'Burmese', eng: 'English', mix: 'all four' };
  for (const r of rows) {
    const ours = rate(r.def, r.n), ft = r.ft ? rate(r.ft, r.n) : NaN;
    const oursNet = net(r.def, 'def', r.n), ftNet = r.ft ? net(r.ft, 'ft', r.n) : NaN;
    const bad = [r.def, r.one, r.all, r.ft].some((x) => x && x.status !== 0) ? ' (a run failed)' : '';
    console.log(`| ${names[r.lang]} | ${num(ours)} | ${num(ft)} | ${r.ft ? fmt(ours / ft, 2) : '—'} | ${num(oursNet)} | ${num(ftNet)} | ${Number.isFinite(oursNet / ftNet) ? fmt(oursNet / ftNet, 2) : '—'} | ${num(rate(r.one, r.n))} | ${r.all ? num(rate(r.all, r.n)) : '—'} | ${fmt(r.def.rss, 0)} MB | ${fmt(r.one.rss, 0)} MB | ${r.all ? `${fmt(r.all.rss, 0)} MB` : '—'} | ${r.ft ? `${fmt(r.ft.rss, 0)} MB` : '—'} |${bad}`);
  }
  console.log(`\n(best of ${LANG_RUNS} alternating runs each; msg/s from the wall time of the whole process, start-up and model loading included; "net of start-up" subtracts each tool's best time on a one-message file: scamscan ${fmt(start.def.secs, 2)} s (default), ${fmt(start.one.secs, 2)} s (--jobs 1)${ftBin ? `, fastText ${fmt(start.ft.secs, 2)} s` : ''})`);
  if (!withFt) console.log('(fastText skipped: BENCH_PEERS=0, or install it with `apt-get install -y fasttext`)');
}

// One hand-written message per language (each language loads different parts: ICU's Thai dictionary, the
// Traditional-Chinese table, the Zawgyi detector, the stemmer), plus `node -e 1` for Node's own start-up.
const SINGLE = {
  tha: 'ยินดีด้วย คุณได้รับรางวัล 10,000 บาท กดรับที่ bit.ly/abc',
  cmn: '您好，您的快递已到，请点击链接领取退款 bit.ly/abc',
  mya: 'ဂုဏ်ယူပါတယ် သင် ဆုငွေ ၁၀၀၀၀၀ ကျပ် ရရှိပါပြီ bit.ly/abc',
  eng: 'Congratulations! You won a $1,000 gift card, claim it at bit.ly/abc',
};
const median5 = (args, bin) => {
  const t = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, bin ? [BIN, ...args] : args, { stdio: 'ignore' });
    t.push(performance.now() - t0);
  }
  return t.sort((x, y) => x - y)[2];
};
const singles = Object.entries(SINGLE).map(([lang, text]) => `${lang} ${fmt(median5(['score', text], true), 0)}`);
console.log(`single message wall time (median of 5), ms: ${singles.join(', ')}; node -e 1: ${fmt(median5(['-e', '1'], false), 0)}`);

// Resident use: one `score --line-buffered` process, messages sent one at a time, each after the previous
// answer (300 messages drawn across data/, mixed languages); the first answer includes start-up.
{
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const msgs = corpora.filter((_, i) => i % 331 === 0).slice(0, 300).map((r) => r.text.replace(/[\r\n]+/g, ' '));
  const p = spawn(process.execPath, [BIN, 'score', '-o', 'jsonl', '-q', '--line-buffered'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
  const lat = [];
  for (const m of msgs) {
    const t0 = performance.now();
    p.stdin.write(m + '\n');
    await answers.next();
    lat.push(performance.now() - t0);
  }
  p.stdin.end();
  const first = lat.shift();
  lat.sort((x, y) => x - y);
  console.log(`resident (score --line-buffered, ${msgs.length} messages one at a time): first ${fmt(first, 0)} ms, then median ${fmt(lat[lat.length >> 1], 2)} ms, p95 ${fmt(lat[Math.floor(lat.length * 0.95)], 2)} ms, max ${fmt(lat[lat.length - 1], 1)} ms`);
}

// 5. Peers on the same split.
const haveFt = spawnSync('sh', ['-c', 'command -v fasttext']).status === 0;
const haveSk = spawnSync('/usr/bin/python3', ['-c', 'import sklearn']).status === 0;
if (process.env.BENCH_PEERS === '0') process.exit(0);
if (!haveFt || !haveSk) {
  console.log('\n(peers skipped: install with `apt-get update && apt-get install -y fasttext python3-sklearn`)');
  process.exit(0);
}
console.log('\n## AP and F1 per language on the test split (same training split for all three)\n');
const labeled = [];
for (const f of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort()) {
  labeled.push(...(await S.readDataset(join(ROOT, 'data', f))).rows);
}
const prepared = S.prepare(labeled, model.features, model.types?.patterns);
const split = (name) => prepared.rows.filter((r) => r.split === name);
const train = split('train'), val = split('validation'), test = split('test');
const readScores = (p) => readFileSync(p, 'utf8').trim().split('\n').map(Number);
const ftRuns = Number(process.env.BENCH_FT_RUNS ?? 3);
// The peers on two inputs (bench/peers/text.mjs): every non-space segment, and only the word-like ones — the
// information scamscan's features have (it reads no punctuation; zh-hrwhisper's ham has none).
const peerRuns = {};
let skSecs = 0;
for (const input of ['full', 'words']) {
  writeFileSync(join(WORK, 'train.tsv'), peerTsv(train, input));
  // The peers score the validation split too (its rows first), for the F1 at a cut chosen on validation.
  writeFileSync(join(WORK, 'test.tsv'), peerTsv([...val, ...test], input));
  const t0 = performance.now();
  execFileSync('/usr/bin/python3', [join(ROOT, 'bench/peers/sklearn_peer.py'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), join(WORK, `sk-${input}.txt`)], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (input === 'full') skSecs = (performance.now() - t0) / 1000;
  const ft = [];
  for (let i = 0; i < ftRuns; i++) {
    execFileSync('bash', [join(ROOT, 'bench/peers/fasttext_peer.sh'), join(WORK, 'train.tsv'), join(WORK, 'test.tsv'), join(WORK, `ft-${input}${i}.txt`)], { stdio: ['ignore', 'ignore', 'inherit'] });
    ft.push(readScores(join(WORK, `ft-${input}${i}.txt`)));
  }
  const valTest = (scores) => ({ val: scores.slice(0, val.length), test: scores.slice(val.length) });
  peerRuns[input] = { sk: valTest(readScores(join(WORK, `sk-${input}.txt`))), ft: ft.map(valTest) };
}
const ours = { val: S.scorePrepared(model, val).map((s) => s.score), test: S.scorePrepared(model, test).map((s) => s.score) };
const groups = ['tha', 'cmn', 'mya', 'eng', 'all'];
// AP (ranking) and F1 at a score of 0.5 (each model's own probability: scamscan's calibrated score, the peers'
// raw class probability), per language.
const inGroup = (rows, scores, g) => {
  const idx = rows.map((r, i) => (g === 'all' || r.lang === g ? i : -1)).filter((i) => i >= 0);
  return { s: idx.map((i) => scores[i]), y: idx.map((i) => rows[i].row.y) };
};
const metricsOf = (m, g, cut = 0.5) => {
  const t = inGroup(test, m.test, g);
  return S.binaryMetrics(t.s, t.y, cut);
};
const cell = (m) => `${fmt(m.ap, 3)} / ${fmt(m.f1, 3)}`;
// fastText: of its runs, the one with the best test AP in that group (flattering fastText).
const ftRun = (runs, g) => runs.reduce((a, b) => (metricsOf(b, g).ap > metricsOf(a, g).ap ? b : a));
const ftBest = (runs, g) => metricsOf(ftRun(runs, g), g);
// Test F1 at the cut that maximises F1 on the validation split, per model and group: each model at its own
// operating point, chosen without looking at the test split.
const valCut = (m, g) => {
  const v = inGroup(val, m.val, g);
  return S.thresholdForBestF1(v.s, v.y)?.threshold ?? 0.5;
};
const f1AtValCut = (m, g) => {
  const cut = valCut(m, g);
  return `${fmt(metricsOf(m, g, cut).f1, 3)} (${fmt(cut, 2)})`;
};
console.log(`| lang | n | scamscan AP / F1 | fastText AP / F1 (best AP of ${ftRuns}) | scikit-learn AP / F1 | fastText, words only | scikit-learn, words only |`);
console.log('|---|---|---|---|---|---|---|');
for (const g of groups) {
  const n = g === 'all' ? test.length : test.filter((r) => r.lang === g).length;
  const { full, words } = peerRuns;
  console.log(`| ${g} | ${n} | ${cell(metricsOf(ours, g))} | ${cell(ftBest(full.ft, g))} | ${cell(metricsOf(full.sk, g))} | ${cell(ftBest(words.ft, g))} | ${cell(metricsOf(words.sk, g))} |`);
}
console.log(`\n(scikit-learn trained in ${fmt(skSecs)} s; the test split is ${test.length} messages, train ${train.length})`);
console.log('\n### Test F1 at each model\'s own cut, chosen on the validation split per language (the cut in brackets)\n');
console.log(`| lang | scamscan | fastText | scikit-learn | fastText, words only | scikit-learn, words only |`);
console.log('|---|---|---|---|---|---|');
for (const g of groups) {
  const { full, words } = peerRuns;
  console.log(`| ${g} | ${f1AtValCut(ours, g)} | ${f1AtValCut(ftRun(full.ft, g), g)} | ${f1AtValCut(full.sk, g)} | ${f1AtValCut(ftRun(words.ft, g), g)} | ${f1AtValCut(words.sk, g)} |`);
}
