#!/usr/bin/env node
/**
 * Checks the hand-written behavioural test cases in data/suite/*.jsonl (format: data/suite/README*.md):
 * every line is a JSON object with the keys in order, known test kinds, `variant` exactly for inv/dir, ids unique
 * across files, form matching the file, Chinese script matching the form (opencc-js). Prints counts per
 * form × test × capability. Exit code 1 on any error.  Usage: node bench/suite-check.mjs [files...]
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as OpenCC from 'opencc-js';

const dir = new URL('../data/suite/', import.meta.url);
const files = process.argv.length > 2 ? process.argv.slice(2)
  : readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => new URL(f, dir).pathname);
const tw2cn = OpenCC.Converter({ from: 'tw', to: 'cn' });
const KEYS = ['id', 'form', 'test', 'capability', 'text'];
const TESTS = new Set(['flag', 'pass', 'inv', 'dir']);
const CHANGES = { inv: ['name', 'amount', 'brand', 'url', 'phone', 'script'], dir: ['add_link', 'add_fee', 'ask_code', 'move_to_chat'] };
const errors = [];
const ids = new Set();
const counts = new Map(); // form -> test -> capability -> n
const script = new Map(); // form -> [texts checked, texts that convert tw→cn]

for (const file of files) {
  const form = file.split('/').pop().replace(/\.jsonl$/, '');
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line === '') return;
    const at = `${file}:${i + 1}`;
    let o;
    try { o = JSON.parse(line); } catch (e) { errors.push(`${at}: not JSON (${e.message})`); return; }
    const keys = Object.keys(o);
    const want = TESTS.has(o.test) && (o.test === 'inv' || o.test === 'dir') ? [...KEYS, 'variant'] : KEYS;
    if (keys.join() !== want.join()) errors.push(`${at}: keys ${keys.join()} (want ${want.join()})`);
    for (const k of want) if (typeof o[k] !== 'string' || o[k].trim() === '') errors.push(`${at}: ${k} missing or empty`);
    if (!TESTS.has(o.test)) errors.push(`${at}: test ${o.test}`);
    if (o.form !== form) errors.push(`${at}: form ${o.form} in ${form}.jsonl`);
    if (typeof o.id === 'string' && !o.id.startsWith(`${form}-`)) errors.push(`${at}: id ${o.id} does not start with ${form}-`);
    if (ids.has(o.id)) errors.push(`${at}: duplicate id ${o.id}`);
    ids.add(o.id);
    if (o.test === 'inv' || o.test === 'dir') {
      const [kind, change] = String(o.capability).split(':');
      if (kind !== o.test || !CHANGES[o.test].includes(change)) errors.push(`${at}: capability ${o.capability} for ${o.test}`);
      if (o.variant === o.text) errors.push(`${at}: variant equals text`);
      // a directional variant is the text with something added: it starts with the text (bar its final full stop)
      if (o.test === 'dir' && typeof o.text === 'string' && !String(o.variant).startsWith(o.text.replace(/[。.!！]$/u, ''))) errors.push(`${at}: dir variant does not extend text`);
    } else if (String(o.capability).includes(':')) errors.push(`${at}: capability ${o.capability} for ${o.test}`);
    if (form === 'cmn-Hant' || form === 'cmn-Hans') {
      const texts = o.capability === 'inv:script' ? [o.text] : [o.text, o.variant].filter(Boolean);
      const s = script.get(form) ?? [0, 0];
      for (const t of texts) {
        s[0]++;
        const converted = tw2cn(t) !== t;
        if (converted) s[1]++;
        if (form === 'cmn-Hans' && converted) errors.push(`${at}: cmn-Hans text changes under tw→cn: ${t}`);
      }
      script.set(form, s);
    }
    if (o.capability === 'inv:script' && typeof o.variant === 'string') {
      // the variant is the same message in the other script: Simplified for cmn-Hant, Traditional for cmn-Hans
      const simplified = form === 'cmn-Hant' ? o.variant : o.text;
      const traditional = form === 'cmn-Hant' ? o.text : o.variant;
      if (tw2cn(simplified) !== simplified || tw2cn(traditional) === traditional) errors.push(`${at}: inv:script variant is not the other script`);
    }
    const byTest = counts.get(form) ?? new Map();
    const byCap = byTest.get(o.test) ?? new Map();
    byCap.set(o.capability, (byCap.get(o.capability) ?? 0) + 1);
    byTest.set(o.test, byCap);
    counts.set(form, byTest);
  });
}

const [hChecked, hConverted] = script.get('cmn-Hant') ?? [0, 0];
if (hChecked > 0 && hConverted / hChecked < 0.9) errors.push(`cmn-Hant: only ${hConverted}/${hChecked} texts change under tw→cn`);
for (const [form, byTest] of counts) {
  console.log(form);
  for (const test of ['flag', 'pass', 'inv', 'dir']) {
    const byCap = byTest.get(test);
    if (!byCap) continue;
    const total = [...byCap.values()].reduce((a, b) => a + b, 0);
    console.log(`  ${test.padEnd(4)} ${String(total).padStart(3)}  ${[...byCap].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
}
for (const [form, [n, c]] of script) console.log(`${form}: ${c}/${n} texts change under opencc tw→cn`);
console.log(`${ids.size} cases in ${files.length} files`);
for (const e of errors) console.error(e);
if (errors.length) { console.error(`${errors.length} errors`); process.exitCode = 1; }
