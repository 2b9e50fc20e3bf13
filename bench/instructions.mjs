#!/usr/bin/env node
/**
 * Instructions per message of the batch scoring path, counted by valgrind (cachegrind) — a figure that does not
 * move with a shared machine's neighbours the way wall time does (±1 % between runs against ±20–30 %), so two builds can
 * be compared one change at a time. Needs `valgrind` (apt-get install -y valgrind) and `npm run build`.
 *
 *   node bench/instructions.mjs [DUMP]            instructions per message (runs of 2,000 and 12,000 rows; the
 *                                                 difference removes start-up and warm-up)
 *   node bench/instructions.mjs [DUMP] --by-function
 *                                                 also the functions that account for them (callgrind; JavaScript
 *                                                 names from node's --perf-basic-prof map)
 *   node bench/instructions.mjs --lang tha|cmn|mya|eng|mix [--by-function]
 *                                                 on a dump of one language (or the four evenly mixed) drawn from
 *                                                 data/, texts cut at 400 characters (bench/dumps.mjs; the same
 *                                                 dumps `npm run bench` times)
 *
 *   --rows SMALL,LARGE                            the two run lengths (default 2000,12000)
 *   --predictable-gc                              node runs with V8's --predictable-gc-schedule (heap growth not
 *                                                 set from measured GC speed): counts then repeat when the
 *                                                 machine is busy, where they otherwise moved by ~3 % (2026-12-06)
 *
 * DUMP defaults to the bench's bench/.work/dump-1000000.txt (made by `npm run bench`). Scoring runs in-process
 * on one thread (`node --single-threaded`: JIT and GC on the main thread, so the count is deterministic).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { processBatch } from '../dist/batch/rows.js';
import * as S from '../dist/index.js';
import { langDump } from './dumps.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

// Child mode: score the first N rows of DUMP in batches of 256, as a scoring thread does.
if (args[0] === '--child') {
  const [, dump, n, headBytes] = args;
  const model = S.readModel();
  // Only the head of the dump is read (a whole 243 MB dump would dominate the count under valgrind).
  const fd = openSync(dump, 'r');
  const head = Buffer.alloc(Number(headBytes)); // the same in every run, so that reading it cancels out of the difference
  const got = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const lines = head.subarray(0, got).toString('utf8').split('\n');
  if (got === head.length) lines.pop(); // a cut last line
  const items = lines.filter(Boolean).slice(0, Number(n)).map((text, i) => ({ row: i + 1, id: String(i + 1), text }));
  if (items.length < Number(n)) throw new Error(`${dump}: ${items.length} rows, ${n} needed`);
  const settings = { output: 'jsonl', keepColumns: [], reasons: 3 };
  let bytes = 0;
  for (let i = 0; i < items.length; i += 256) bytes += processBatch(model, items.slice(i, i + 256), settings).chunk.length;
  console.log(bytes);
  process.exit(0);
}

const byFunction = args.includes('--by-function');
const nodeFlags = args.includes('--predictable-gc') ? ['--predictable-gc-schedule'] : [];
const langAt = args.indexOf('--lang');
const rowsAt = args.indexOf('--rows');
const [SMALL, LARGE] = rowsAt >= 0 ? args[rowsAt + 1].split(',').map(Number) : [2000, 12000];
const dump = langAt >= 0
  ? await langDump(args[langAt + 1], 50_000)
  : resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang' && args[i - 1] !== '--rows') ?? join(ROOT, 'bench/.work/dump-1000000.txt'));
if (!existsSync(dump)) {
  console.error(`instructions: no dump at ${dump} (run npm run bench once, or pass a file of one message per line)`);
  process.exit(2);
}
// Bytes the children read: enough for LARGE rows (at least 8 MB), the same for both runs so that reading cancels out.
const HEAD = (() => {
  const fd = openSync(dump, 'r');
  const buf = Buffer.alloc(64 << 20);
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  let rows = 0, at = 0;
  while (rows < LARGE + 1 && at < got) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    at = nl + 1;
    rows++;
  }
  return Math.max(8 << 20, at + 1);
})();
const self = new URL(import.meta.url).pathname;

function run(tool, n, extra = []) {
  const out = join(tmpdir(), `scamscan-${tool}-${n}-${process.pid}.out`);
  const r = spawnSync('valgrind', [`--tool=${tool}`, '--smc-check=all-non-file', ...(tool === 'cachegrind' ? ['--cache-sim=no'] : []), `--${tool}-out-file=${out}`, process.execPath, ...nodeFlags, ...extra, '--single-threaded', self, '--child', dump, String(n), String(HEAD)], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: tmpdir() }); // --perf-basic-prof also writes an isolate log to the cwd
  if (r.error) throw new Error(`valgrind: ${r.error.message} (apt-get install -y valgrind)`);
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr) ?? /Collected\s*:\s*(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`valgrind printed no instruction count:\n${r.stderr.slice(-2000)}`);
  if (tool === 'cachegrind') rmSync(out);
  return { total: Number(m[1].replace(/,/g, '')), out, pid: Number(/==(\d+)==/.exec(r.stderr)?.[1]) };
}

const small = run('cachegrind', SMALL), large = run('cachegrind', LARGE);
console.log(`instructions per message: ${Math.round((large.total - small.total) / (LARGE - SMALL)).toLocaleString('en')} (${dump}, rows ${SMALL + 1}–${LARGE} of a run)`);

if (byFunction) {
  // Self instructions per function in both runs; the difference per message, JavaScript functions named from the perf map.
  const perFunction = (n) => {
    const r = run('callgrind', n, ['--perf-basic-prof']);
    const mapFile = `/tmp/perf-${r.pid}.map`; // node writes it there, named by its process id (valgrind's)
    const mapText = readFileSync(mapFile, 'utf8');
    rmSync(mapFile);
    const map = mapText.split('\n').filter(Boolean).map((l) => {
      const [a, s, ...name] = l.split(' ');
      return [parseInt(a, 16), parseInt(s, 16), name.join(' ').replace(/^JS:[*^~+]?/, '').replace(/^file:\/\/\//, '')];
    }).sort((x, y) => x[0] - y[0]);
    const nameAt = (addr) => {
      let lo = 0, hi = map.length - 1, best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (map[mid][0] <= addr) {
          best = mid;
          lo = mid + 1;
        }
        else hi = mid - 1;
      }
      return best >= 0 && addr < map[best][0] + map[best][1] ? map[best][2] : '(JIT code, unnamed)';
    };
    const ann = spawnSync('callgrind_annotate', ['--threshold=100', r.out], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    rmSync(r.out);
    if (!ann) throw new Error('callgrind_annotate printed nothing');
    const sums = new Map();
    for (const line of ann.split('\n')) {
      const m = /^\s*([\d,]+) \([^)]*\)\s+(.*)$/.exec(line);
      if (!m || m[2].startsWith('PROGRAM TOTALS')) continue;
      const addr = /0x([0-9a-f]{16})/.exec(m[2]);
      const key = addr && m[2].includes('[???]') ? nameAt(parseInt(addr[1], 16)) : m[2].replace(/^\?\?\?:/, '').replace(/\(.*$/, '').replace(/ \[.*$/, '');
      sums.set(key, (sums.get(key) ?? 0) + Number(m[1].replace(/,/g, '')));
    }
    return sums;
  };
  const a = perFunction(SMALL), b = perFunction(LARGE);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => [((b.get(k) ?? 0) - (a.get(k) ?? 0)) / (LARGE - SMALL), k]);
  const total = rows.reduce((s, [d]) => s + d, 0);
  rows.sort((x, y) => y[0] - x[0]);
  for (const [d, k] of rows.slice(0, 40)) console.log(`${Math.round(d).toLocaleString('en').padStart(8)}  ${((100 * d) / total).toFixed(1).padStart(5)} %  ${k.slice(0, 140)}`);
}
