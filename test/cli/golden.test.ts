/**
 * Golden CLI cases, kept as data in golden-cases.json (after Vowpal Wabbit's core.vwtest.json): arguments + stdin
 * → exact stdout, exact stderr and exit code. Scores depend on the model, so scored rows are checked on the
 * fields a person can verify (id, label, lang, row count); everything else is compared exactly. Below them,
 * cases that need more than a comparison (terminal tables, --explain). Messages are hand-written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './harness.js';
import { HAND_WRITTEN as H } from '../fixtures/messages.js';

interface Case {
  name: string;
  note?: string;
  args: string[];
  stdin?: string;
  code: number;
  stdout?: string;
  stderr?: string;
  /** For JSONL output: the expected [id, label, lang] of each row (label null for an error row). */
  rows?: Array<[string, string | null, string | null]>;
  /** For JSONL output: the expected scam type of each row (null: none). */
  types?: Array<string | null>;
  /** For JSONL output: the expected entities of each row as `kind:text`. */
  entities?: string[][];
}

const CASES = (JSON.parse(readFileSync(join(process.cwd(), 'test/cli/golden-cases.json'), 'utf8')) as { cases: Case[] }).cases;

describe('golden CLI cases', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await run(c.args, c.stdin);
    if (c.stderr !== undefined) expect(r.stderr).toBe(c.stderr);
    else if (c.name.startsWith('summary')) {
      expect(r.stderr).toMatch(/^scamscan: 3 rows: high 1, medium 0, low 1, errors 1; eng 1, tha 1; [\d.]+ s, \d+ rows\/s\nscamscan: 1 row could not be scored \(see the "error" field; first: row 3: empty text\)\n$/);
    }
    expect(r.code).toBe(c.code);
    if (c.stdout !== undefined) expect(r.stdout).toBe(c.stdout);
    if (c.rows) {
      const got = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; label: string | null; lang: string | null; score: number | null });
      expect(got.map((g) => [g.id, g.label, g.lang])).toEqual(c.rows);
      for (const g of got) {
        if (g.score === null) continue;
        expect(g.score).toBeGreaterThanOrEqual(0);
        expect(g.score).toBeLessThanOrEqual(1);
      }
    }
    if (c.types || c.entities) {
      const got = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: { name: string } | null; entities: Array<{ kind: string; text: string }> });
      if (c.types) expect(got.map((g) => g.type?.name ?? null)).toEqual(c.types);
      if (c.entities) expect(got.map((g) => g.entities.map((e) => `${e.kind}:${e.text}`))).toEqual(c.entities);
    }
  });

  test('score --explain adds the stages and the top features with spans in the original message', async () => {
    // Hand-written message with a zero-width space inside a word.
    const text = 'ยินดีด้วย คุณได้รับ\u200bรางวัล 10,000 บาท กดรับที่ bit.ly/abc';
    const r = await run(['score', '--explain', '-o', 'jsonl', text]);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout) as { explain: { normalized: string; features: Array<{ feature: string; span: [number, number] | null; text: string | null }>; tokens: Array<{ kind: string; original: string }> } };
    expect(rec.explain.normalized).toBe('ยินดีด้วย คุณได้รับรางวัล 10,000 บาท กดรับที่ bit.ly/abc');
    expect(rec.explain.tokens.find((t) => t.kind === 'url')?.original).toBe('bit.ly/abc');
    for (const f of rec.explain.features) if (f.span) expect(text.slice(f.span[0], f.span[1])).toBe(f.text);
    expect(rec.explain.features.length).toBe(10);
  });

  test('on a terminal score prints a table (no colour when colour is off); -o jsonl still gives JSONL there', async () => {
    const texts = [H.tha.scam, H.cmn.ham];
    const plain = await run(['score', ...texts], undefined, { tty: true, color: false });
    expect(plain.code).toBe(0);
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id  risk    score  lang  message');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1 {3}high {4}0\.\d{3} {2}tha {3}\[prize\] ยินดีด้วย! คุณได้รับรางวัล/);
    expect(lines[2]).toMatch(/^2 {3}low {5}0\.\d{3} {2}cmn {3}晚上一起吃饭吗/);
    expect(plain.stdout).not.toContain('\x1b[');
    const coloured = await run(['score', ...texts], undefined, { tty: true, color: true });
    expect(coloured.stdout.split('\n')[0]).toBe('\x1b[1mid  risk    score  lang  message\x1b[22m');
    expect(coloured.stdout.split('\n')[1]).toMatch(/^1 {3}\x1b\[31m\x1b\[1mhigh\x1b\[22m\x1b\[39m {4}0\.\d{3}/); // red bold, aligned as without colour
    const jsonl = await run(['score', '-o', 'jsonl', ...texts], undefined, { tty: true, color: true });
    expect(jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).lang)).toEqual(['tha', 'cmn']);
  });

  test('every command has --help', async () => {
    for (const cmd of ['score', 'train', 'eval']) {
      const r = await run([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: scamscan ${cmd}`);
      expect(r.stdout).toContain('Example');
    }
  });
});
