#!/usr/bin/env node
/**
 * Benchmark of `scamscan campaigns` / `iocs` (a benchmark, not a test; `node bench/campaigns.mjs` after `npm run build`).
 *
 *  1. Campaign assignment quality: real scam/spam messages from data/ (mutually dissimilar ones, by character
 *     trigrams), each expanded into a family of disguised variants — another name, other amounts/codes/numbers,
 *     another link, plus homoglyphs, spacing (zero-width and letter spacing), full-width forms, Traditional for
 *     Chinese, Zawgyi for Burmese — mixed with other messages (ham and other scam rows). Pairwise precision and
 *     recall over pairs with at least one family member (pairs of two mixed-in messages are not judged).
 *  2. Peak RSS of `campaigns` (and `iocs`, and `campaigns` without a budget, at the largest size) on dumps of
 *     growing size whose risky messages are nearly all distinct, to show it levels off. Throughput next to
 *     `score` is in bench.mjs, section 2.
 *  3. The five largest campaigns in data/ (scam and spam rows) with their top indicators.
 *
 * Environment: BENCH_SEEDS (families, default 200), BENCH_VARIANTS (per family, default 8),
 * BENCH_CAMPAIGN_ROWS (largest dump in 2, default 1000000; 0 skips).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readCorpora } from './dumps.mjs';

const require = createRequire(import.meta.url);
const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench/.work');
mkdirSync(WORK, { recursive: true });
const BIN = join(ROOT, 'bin/scamscan');
const SEEDS = Number(process.env.BENCH_SEEDS ?? 200);
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 8);
const ROWS = Number(process.env.BENCH_CAMPAIGN_ROWS ?? 1_000_000);

// A fixed pseudo-random sequence (mulberry32), so every run builds the same benchmark.
let seed = 12345;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const trigrams = (s) => {
  const t = s.toLowerCase().replace(/\s+/g, ' ');
  const out = new Set();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
};
const jaccard = (a, b) => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / (a.size + b.size - n || 1);
};

const t2tw = require('opencc-js').Converter({ from: 'cn', to: 'tw' });
const zawgyi = new (require('myanmar-tools').ZawgyiConverter)();

const NAMES = {
  eng: ['John', 'Mary', 'Peter', 'Linda', 'David', 'Susan', 'Mike', 'Anna'],
  tha: ['คุณสมชาย', 'คุณสมหญิง', 'คุณวิชัย', 'คุณมาลี', 'คุณประเสริฐ', 'คุณนภา'],
  cmn: ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊'],
  mya: ['ကိုအောင်', 'မမြ', 'ကိုဇော်', 'မသီတာ', 'ဦးလှ', 'ဒေါ်ခင်'],
};
const GREET = { eng: (n) => `Dear ${n}, `, tha: (n) => `${n} `, cmn: (n) => `${n}您好，`, mya: (n) => `${n} `, und: (n) => `${n} ` };
const HOMO = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і' };
const randDigits = (n) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
const randWord = (n) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rand() * 26)]).join('');

/** One disguised variant of a scam message. */
function variant(text, lang) {
  let s = text;
  // Other amounts, codes and numbers (same length, other digits).
  s = s.replace(/\d+/g, (d) => randDigits(d.length));
  // Another link.
  s = s.replace(/(?:https?:\/\/)?(?:[a-z0-9-]+\.)+(?:com|net|ly|cc|xyz|top|me|link|co|th|cn|io|vip|club|asia)(?:\/[\w\-./?=&%]*)?/gi, () => `${randWord(6)}.${pick(['com', 'xyz', 'top', 'cc'])}/${randWord(5)}`);
  // Another name, in front.
  s = GREET[lang in GREET ? lang : 'und'](pick(NAMES[lang] ?? NAMES.eng)) + s;
  // One or two disguises the normalizer undoes.
  const disguises = [
    () => s.replace(/[aeopcxyi]/g, (ch) => (rand() < 0.5 ? HOMO[ch] : ch)),
    () => s.replace(/[!-~]/g, (ch) => (rand() < 0.6 ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)),
    () => Array.from(s).map((ch) => (rand() < 0.15 ? ch + '\u200b' : ch)).join(''),
    () => s.replace(/\b([A-Za-z]{4,8})\b/, (w) => w.split('').join(' ')),
  ];
  if (lang === 'cmn') disguises.push(() => t2tw(s), () => t2tw(s));
  if (lang === 'mya') disguises.push(() => zawgyi.unicodeToZawgyi(s), () => zawgyi.unicodeToZawgyi(s));
  const k = 1 + Math.floor(rand() * 2);
  for (let i = 0; i < k; i++) s = pick(disguises)();
  return s.replace(/[\t\n\r]/g, ' ');
}

const corpora = readCorpora();
const risky = corpora.filter((r) => (r.label === 'scam' || r.label === 'spam') && r.text.length >= 40 && r.text.length <= 400);
// Seeds: spread over corpora, mutually dissimilar (character-trigram Jaccard < 0.3 to every seed kept).
const seeds = [];
const seedGrams = [];
const byCorpus = new Map();
for (const r of risky) (byCorpus.get(r.corpus) ?? byCorpus.set(r.corpus, []).get(r.corpus)).push(r);
const queues = [...byCorpus.values()].map((l) => l.filter((_, i) => i % 13 === 0));
for (let round = 0; seeds.length < SEEDS && queues.some((q) => q.length > 0); round++) {
  for (const q of queues) {
    const r = q.shift();
    if (!r || seeds.length >= SEEDS) continue;
    const g = trigrams(r.text);
    if (seedGrams.some((h) => jaccard(g, h) >= 0.3)) continue;
    seeds.push(r);
    seedGrams.push(g);
  }
}
const items = []; // { text, family } (family −1: mixed-in message)
seeds.forEach((r, f) => {
  items.push({ text: r.text.replace(/[\t\n\r]/g, ' '), family: f });
  for (let v = 0; v < VARIANTS; v++) items.push({ text: variant(r.text, r.lang), family: f });
});
const seedSet = new Set(seeds.map((r) => r.text));
const others = corpora.filter((r, i) => i % 17 === 0 && !seedSet.has(r.text) && r.text.length > 0).slice(0, items.length * 2);
for (const r of others) {
  const g = trigrams(r.text);
  // Mixed-in messages close to a seed are left out (they would be true members of its campaign).
  if (seedGrams.some((h) => jaccard(g, h) >= 0.3)) continue;
  items.push({ text: r.text.replace(/[\t\n\r]/g, ' '), family: -1 });
}
for (let i = items.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [items[i], items[j]] = [items[j], items[i]];
}
const file = join(WORK, 'campaigns-families.tsv');
writeFileSync(file, 'id\ttext\n' + items.map((it, i) => `${i + 1}\t${it.text}`).join('\n') + '\n');
const rowsFile = join(WORK, 'campaigns-families.rows.jsonl');
const r = spawnSync(process.execPath, [BIN, 'campaigns', '-i', file, '--min-label', 'low', '--min-size', '1', '-o', 'jsonl', '-q', '--rows', rowsFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (r.status !== 0) throw new Error(r.stderr);
const assigned = readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).campaign);
let tp = 0, fp = 0, fn = 0;
for (let i = 0; i < items.length; i++) {
  for (let j = i + 1; j < items.length; j++) {
    const fi = items[i].family, fj = items[j].family;
    if (fi < 0 && fj < 0) continue;
    const same = fi === fj;
    const pred = assigned[i] !== null && assigned[i] === assigned[j];
    if (same && pred) tp++;
    else if (pred) fp++;
    else if (same) fn++;
  }
}
const famLangs = {};
for (const s of seeds) famLangs[s.lang] = (famLangs[s.lang] ?? 0) + 1;
console.log(`## Campaign assignment: ${seeds.length} families × ${VARIANTS + 1} messages (${Object.entries(famLangs).map(([k, v]) => `${k} ${v}`).join(', ')}) among ${items.length} messages\n`);
console.log(`pairwise precision ${(tp / (tp + fp)).toFixed(4)}, recall ${(tp / (tp + fn)).toFixed(4)} (${tp} true pairs found, ${fp} false, ${fn} missed)`);
// Families split, for a look at what was missed.
const split = seeds.map((_, f) => new Set(items.map((it, i) => (it.family === f ? assigned[i] : undefined)).filter((x) => x !== undefined)).size).filter((n) => n > 1).length;
console.log(`families split over more than one campaign: ${split} of ${seeds.length}`);

// Memory as the dump grows, on dumps whose risky messages are nearly all distinct (the case that used to grow
// memory without bound): each row glues the first half of one scam/spam text from data/ to the second half of
// another, with a made-up word between, so templates almost never repeat.
const letters = (n) => {
  let w = '';
  for (let i = 0; i < 7; i++, n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
  return w;
};
function distinctDump(rows) {
  const file = join(WORK, `distinct-${rows}.txt`);
  if (existsSync(file)) return file;
  const risky = corpora.filter((r) => r.label === 'scam' || r.label === 'spam').map((r) => r.text.replace(/[\r\n]+/g, ' ')).filter((t) => t.length > 20);
  seed = 777;
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const a = pick(risky), b = pick(risky);
    lines.push(`${a.slice(0, a.length >> 1)} ${letters(Math.floor(rand() * 26 ** 7))} ${b.slice(b.length >> 1)}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

if (ROWS > 0) {
  console.log('\n## Peak RSS as the dump grows: nearly every risky message a new template (data/ texts glued in random halves)\n');
  console.log('(throughput next to score on the 1,000,000-row dump: `npm run bench`, section 2)\n');
  console.log('| rows | command | time | peak RSS | band keys held, sweeps | campaigns ≥ 2 |');
  console.log('|---|---|---|---|---|---|');
  for (const rows of [ROWS / 8, ROWS / 4, ROWS / 2, ROWS].map(Math.round)) {
    const file = distinctDump(rows);
    // Without a budget (as before there was one) only at the smaller sizes: it grows with every distinct message.
    const runs = [['campaigns', []], ...(rows <= ROWS / 4 ? [['campaigns --max-keys 1000000000', ['--max-keys', '1000000000']]] : []), ...(rows === ROWS ? [['iocs', []]] : [])];
    for (const [name, extra] of runs) {
      const cmd = name.split(' ')[0];
      // Output discarded: on these dumps `linked` makes it grow with the square of the campaigns (over 512 MB at 1M rows).
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, cmd, '-i', file, '-o', 'jsonl', ...extra], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'ignore', 'pipe'] });
      const err = r.stderr.trim().split('\n');
      const [secs, kb] = err.pop().split(' ').map(Number);
      const held = /(\d+) band keys held[^;]*(?:; (\d+) sweeps?)?/.exec(err.join(' '));
      const n = /(\d+) campaigns? of at least/.exec(err.join(' '))?.[1] ?? '—';
      console.log(`| ${rows.toLocaleString('en')} | ${name} | ${secs.toFixed(1)} s | ${(kb / 1024).toFixed(0)} MB | ${held ? `${Number(held[1]).toLocaleString('en')}, ${held[2] ?? 0}` : '?'} | ${n} |`);
    }
  }
}

// The five largest campaigns in the real corpora (scam and spam rows).
const realFile = join(WORK, 'campaigns-real.tsv');
writeFileSync(realFile, 'id\tlang\ttext\n' + corpora.filter((r) => r.label === 'scam' || r.label === 'spam').map((r, i) => `${i + 1}\t${r.lang}\t${r.text.replace(/[\t\n\r]/g, ' ')}`).join('\n') + '\n');
const real = spawnSync(process.execPath, [BIN, 'campaigns', '-i', realFile, '--min-label', 'low', '-o', 'jsonl', '-q'], { encoding: 'utf8', maxBuffer: 1 << 30 });
const top = real.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).slice(0, 5);
console.log('\n## Five largest campaigns in data/ (scam and spam rows)\n');
console.log('| campaign | messages | languages | type | top indicators | representative |');
console.log('|---|---|---|---|---|---|');
for (const c of top) {
  const ind = c.indicators.filter((i) => !i.shared).slice(0, 3).map((i) => `${i.value} ×${i.count}`).join(', ') || '—';
  console.log(`| ${c.id} | ${c.size} | ${Object.entries(c.languages).map(([k, v]) => `${k} ${v}`).join(', ')} | ${c.type ?? '—'} | ${ind} | ${c.representative.slice(0, 60).replace(/\|/g, '/')}… |`);
}
