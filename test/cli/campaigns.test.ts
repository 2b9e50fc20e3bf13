/**
 * `scamscan campaigns` and `iocs` on a constructed dump (test/fixtures/campaign-dump.ts, HAND-WRITTEN templates):
 * exactly the known campaigns and indicators; disguised variants of one template in one campaign; two templates
 * sharing a URL are two campaigns linked by it; rows in = rows out; shards merged = whole file; STIX validates.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { run } from './harness.js';
import { BANK_ZH, EXPECTED_INDICATORS, FILLED, LOAN_MY, LOAN_TH, PARCEL, SHARED_URL, tsv, type Filled } from '../fixtures/campaign-dump.js';
import { validateStix } from '../unit/stix-schemas.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'scamscan-campaigns-'));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** Campaign id per row, from a --rows JSONL file. */
function rowsOf(path: string): Array<string | null> {
  return jsonl(readFileSync(path, 'utf8')).map((r: { campaign: string | null }) => r.campaign);
}

/** Rows grouped by template must be exactly the campaigns found (template → one campaign, one campaign → one template). */
function expectTemplates(rows: readonly Filled[], campaigns: Array<string | null>): Map<string, string> {
  const byTemplate = new Map<string, string>();
  rows.forEach((r, i) => {
    if (r.template === null) return;
    expect({ row: i + 1, campaign: campaigns[i] }).toEqual({ row: i + 1, campaign: expect.any(String) });
    if (!byTemplate.has(r.template)) byTemplate.set(r.template, campaigns[i]!);
    expect({ row: i + 1, template: r.template, campaign: campaigns[i] }).toEqual({ row: i + 1, template: r.template, campaign: byTemplate.get(r.template) });
  });
  expect(new Set(byTemplate.values()).size).toBe(byTemplate.size);
  return byTemplate;
}

describe('campaigns on a constructed dump', () => {
  const input = file('dump.tsv', tsv(FILLED));

  test('gives exactly the templates as campaigns, ordinary messages in none; rows in = rows out', async () => {
    const rowsFile = join(dir, 'rows.jsonl');
    const r = await run(['campaigns', '-i', input, '-o', 'jsonl', '-q', '--rows', rowsFile]);
    expect(r.code).toBe(0);
    const campaigns = jsonl(r.stdout);
    const rows = rowsOf(rowsFile);
    expect(rows).toHaveLength(FILLED.length);
    const byTemplate = expectTemplates(FILLED, rows);
    FILLED.forEach((f, i) => {
      if (f.template === null) expect(rows[i]).toBeNull();
    });
    expect(campaigns.map((c: { id: string }) => c.id).sort()).toEqual([...byTemplate.values()].sort());
    for (const [template, id] of byTemplate) {
      const c = campaigns.find((x: { id: string }) => x.id === id);
      expect(c.size).toBe(FILLED.filter((f) => f.template === template).length);
      const got = c.indicators.filter((i: { shared?: boolean }) => !i.shared).map((i: { kind: string; value: string }) => `${i.kind}=${i.value}`).sort();
      expect({ template, indicators: got }).toEqual({ template, indicators: [...EXPECTED_INDICATORS[template]].sort() });
      expect(c.representative).toBe(FILLED.find((f) => f.text === c.representative)?.text);
    }
    // CSV rows file too, with the ids of the input.
    const csvRows = join(dir, 'rows.csv');
    await run(['campaigns', '-i', input, '-o', 'csv', '-q', '--rows', csvRows]);
    const lines = readFileSync(csvRows, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,campaign');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(FILLED.map((_, i) => `m${i + 1}`));
  });

  test('two templates sharing a URL are two campaigns linked by it', async () => {
    const rowsFile = join(dir, 'rows2.jsonl');
    const r = await run(['campaigns', '-i', input, '-o', 'jsonl', '-q', '--rows', rowsFile]);
    const byTemplate = expectTemplates(FILLED, rowsOf(rowsFile));
    const campaigns = jsonl(r.stdout);
    const parcel = campaigns.find((c: { id: string }) => c.id === byTemplate.get('parcel'));
    const prize = campaigns.find((c: { id: string }) => c.id === byTemplate.get('prize'));
    expect(parcel.id).not.toBe(prize.id);
    expect(parcel.linked).toEqual([prize.id]);
    expect(prize.linked).toEqual([parcel.id]);
    const iocs = jsonl((await run(['iocs', '-i', input, '-o', 'jsonl', '-q'])).stdout);
    const shared = iocs.find((i: { kind: string; value: string }) => i.kind === 'url' && i.value === SHARED_URL);
    expect(shared.campaigns.sort()).toEqual([parcel.id, prize.id].sort());
    expect(shared.count).toBe(FILLED.filter((f) => f.text.includes(SHARED_URL)).length);
    expect(shared.types.sort()).toEqual(['parcel_delivery', 'prize'].sort());
  });

  test('iocs lists exactly the indicators of the risky rows, with counts and rows', async () => {
    const iocs = jsonl((await run(['iocs', '-i', input, '-o', 'jsonl', '-q'])).stdout);
    const expected = new Set(Object.values(EXPECTED_INDICATORS).flat());
    expect(new Set(iocs.map((i: { kind: string; value: string }) => `${i.kind}=${i.value}`))).toEqual(expected);
    const phone = iocs.find((i: { value: string }) => i.value === '+66812345678');
    // Written 0812345678 and 081-234-5678 in rows 1 and 2.
    expect(phone).toMatchObject({ kind: 'phone', count: 2, first_row: 1, last_row: 2, types: ['parcel_delivery'] });
  });

  test('iocs -o stix is a STIX 2.1 bundle that validates against the OASIS schemas', async () => {
    const r = await run(['iocs', '-i', input, '-o', 'stix', '-q', '--stix-time', '2026-12-06T00:00:00Z']);
    expect(r.code).toBe(0);
    const bundle = JSON.parse(r.stdout);
    expect(validateStix(bundle)).toEqual([]);
    const types = bundle.objects.map((o: { type: string }) => o.type);
    expect(types.filter((t: string) => t === 'campaign')).toHaveLength(5);
    expect(types.filter((t: string) => t === 'indicator')).toHaveLength(new Set(Object.values(EXPECTED_INDICATORS).flat()).size);
    const rel = bundle.objects.filter((o: { type: string }) => o.type === 'relationship');
    expect(rel.every((o: { relationship_type: string }) => o.relationship_type === 'indicates')).toBe(true);
    // The shared URL indicates both campaigns.
    const url = bundle.objects.find((o: { pattern?: string }) => o.pattern === `[url:value = '${SHARED_URL}']`);
    expect(rel.filter((o: { source_ref: string }) => o.source_ref === url.id)).toHaveLength(2);
    // Same dump, same time: same bundle.
    expect((await run(['iocs', '-i', input, '-o', 'stix', '-q', '--stix-time', '2026-12-06T00:00:00Z'])).stdout).toBe(r.stdout);
  });

  test('shards run with --min-size 1 and --row-offset, then --merge, equal the whole file', async () => {
    const half = 11;
    const a = file('a.tsv', tsv(FILLED.slice(0, half)));
    const b = file('b.tsv', tsv(FILLED.slice(half)).replace(/^m(\d+)\t/gm, (_, n) => `m${Number(n) + half}\t`));
    for (const minSize of ['1', '2']) {
      const whole = await run(['campaigns', '-i', input, '-o', 'jsonl', '-q', '--min-size', minSize]);
      const ra = await run(['campaigns', '-i', a, '-o', 'jsonl', '-q', '--min-size', '1']);
      const rb = await run(['campaigns', '-i', b, '-o', 'jsonl', '-q', '--min-size', '1', '--row-offset', String(half)]);
      const fa = file('a.jsonl', ra.stdout), fb = file('b.jsonl', rb.stdout);
      const merged = await run(['campaigns', '--merge', fb, fa, '-o', 'jsonl', '-q', '--min-size', minSize]);
      expect(merged.code).toBe(0);
      expect(merged.stdout).toBe(whole.stdout);
      // iocs from the merged shards = iocs of the whole file.
      const iocsMerged = await run(['iocs', '--merge', fa, fb, '-o', 'jsonl', '-q']);
      expect(iocsMerged.stdout).toBe((await run(['iocs', '-i', input, '-o', 'jsonl', '-q'])).stdout);
    }
  });

  test('scored on worker threads (-j 3, batches of 256 rows) the output is byte-identical to one thread', async () => {
    // The hand-written dump thirty times over (ids renumbered), so that rows span several batches and threads.
    const many = file('many.tsv', tsv(Array.from({ length: 30 }, () => FILLED).flat()));
    for (const cmd of [['campaigns', '--rows'], ['iocs']]) {
      const out = (jobs: string) => {
        const args = [cmd[0], '-i', many, '-o', 'jsonl', '-q', '-j', jobs];
        const rowsFile = join(dir, `rows-${jobs}.jsonl`);
        return cmd[1] ? run([...args, cmd[1], rowsFile]).then((r) => ({ ...r, rows: readFileSync(rowsFile, 'utf8') })) : run(args).then((r) => ({ ...r, rows: '' }));
      };
      const one = await out('1');
      const three = await out('3');
      expect(one.code).toBe(0);
      expect(three.code).toBe(0);
      expect(one.stdout.length).toBeGreaterThan(0);
      expect(three.stdout).toBe(one.stdout);
      expect(three.rows).toBe(one.rows);
    }
    const rows = rowsOf(join(dir, 'rows-3.jsonl'));
    expect(rows).toHaveLength(30 * FILLED.length);
    expect(rows.filter((c) => c !== null).length).toBeGreaterThan(0);
  });

  test('usage errors', async () => {
    expect((await run(['campaigns', '-i', input, '--merge', 'x.jsonl'])).code).toBe(2);
    expect((await run(['campaigns', '-i', input, '--min-score', '2'])).code).toBe(2);
    const keys = await run(['campaigns', '-i', input, '--max-keys', '10']);
    expect(keys.code).toBe(2);
    expect(keys.stderr).toMatch(/--max-keys: expected an integer 48–1073741824; found "10"/);
    expect((await run(['campaigns', '-i', file('t.txt', 'hello\n'), '--time-column', 'ts'])).code).toBe(2);
    const bad = await run(['campaigns', '--merge', file('bad.jsonl', '{"v":1}\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a campaign record/);
  });

  test('a budget of two messages\' keys: still one line per row, and the sweeps are reported', async () => {
    const rowsFile = join(dir, 'budget-rows.jsonl');
    const r = await run(['campaigns', '-i', input, '-o', 'jsonl', '--max-keys', '48', '--rows', rowsFile]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/band keys held \(--max-keys 48\); \d+ sweeps? forgot \d+ keys/);
    expect(rowsOf(rowsFile)).toHaveLength(FILLED.length);
    const ids = new Set(jsonl(r.stdout).map((c: { id: string }) => c.id));
    for (const id of rowsOf(rowsFile)) if (id !== null) expect(ids.has(id)).toBe(true);
  });

  test('--time-column gives first/last seen', async () => {
    const withTime = 'id\tts\ttext\n' + FILLED.map((f, i) => `m${i + 1}\t2026-11-${String(10 + i).padStart(2, '0')}T08:00:00Z\t${f.text}`).join('\n') + '\n';
    const r = await run(['campaigns', '-i', file('t.tsv', withTime), '-o', 'jsonl', '-q', '--time-column', 'ts']);
    const parcel = jsonl(r.stdout).find((c: { type: string }) => c.type === 'parcel_delivery');
    expect(parcel).toMatchObject({ first_seen: '2026-11-10T08:00:00Z', last_seen: '2026-11-13T08:00:00Z' });
  });
});

describe('disguised variants of one template land in one campaign', () => {
  const HOMO: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с' };
  const homoglyphs = (s: string) => s.replace(/[aeopc]/g, (ch, i: number) => (i % 2 === 0 ? HOMO[ch] : ch));
  const fullWidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  const zeroWidth = (s: string) => Array.from(s).map((ch, i) => (i % 5 === 4 ? ch + '\u200b' : ch)).join('');
  const thaiDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
  const t2tw = require('opencc-js').Converter({ from: 'cn', to: 'tw' }) as (s: string) => string;
  const zawgyi = new (require('myanmar-tools').ZawgyiConverter)() as { unicodeToZawgyi(s: string): string };

  const rows: Filled[] = [
    // English: other names, amounts, links and numbers; homoglyphs, spaced letters, full-width forms, zero-width spaces.
    { template: 'parcel', text: PARCEL('Somchai', '45', 'kerry-th-parcel.xyz/pay', '0812345678') },
    { template: 'parcel', text: homoglyphs(PARCEL('Anna', '80', 'kerry-th-post.top/p', '0899999999')) },
    { template: 'parcel', text: PARCEL('Peter', '50', 'th-kerry.cc/x', '0823456789').replace('parcel', 'p a r c e l') },
    { template: 'parcel', text: fullWidth(PARCEL('Linda', '25', 'kerry-fee.xyz/a', '0861234567')) },
    { template: 'parcel', text: zeroWidth(PARCEL('Mike', '45', 'bit.ly/3kerry', '0877654321')) },
    // Thai: other amounts, LINE IDs and numbers; Thai digits, zero-width spaces.
    { template: 'loan_th', text: LOAN_TH('50,000', '@fastloan88', '0898765432') },
    { template: 'loan_th', text: thaiDigits(LOAN_TH('80,000', '@loanfast7', '0891112233')) },
    { template: 'loan_th', text: zeroWidth(LOAN_TH('20,000', '@cashnow', '0865554444')) },
    // Chinese: Traditional characters, full-width digits and links, other numbers.
    { template: 'bank_zh', text: BANK_ZH('icbc-verify.top/login', '13812345678', '24') },
    { template: 'bank_zh', text: t2tw(BANK_ZH('icbc-check.vip/a', '13711112222', '12')) },
    { template: 'bank_zh', text: BANK_ZH(fullWidth('icbc-safe.xyz/b'), fullWidth('13655556666'), fullWidth('48')) },
    // Burmese: Zawgyi encoding, Myanmar digits, other numbers and links.
    { template: 'loan_my', text: LOAN_MY('50', '09123456789', 'loanmm.xyz/apply') },
    { template: 'loan_my', text: zawgyi.unicodeToZawgyi(LOAN_MY('100', '09987654321', 'mmloan.top/go')) },
    { template: 'loan_my', text: LOAN_MY('၃၀', '09777888999', 'fastkyat.cc/in') },
    { template: null, text: 'Are we still meeting for lunch tomorrow? I can book the table for twelve.' },
  ];

  test('one campaign per template, whatever the disguise', async () => {
    const rowsFile = join(dir, 'disguised.rows.jsonl');
    const r = await run(['campaigns', '-i', file('disguised.tsv', tsv(rows)), '-o', 'jsonl', '-q', '--rows', rowsFile, '--min-label', 'low']);
    expect(r.code).toBe(0);
    const byTemplate = expectTemplates(rows, rowsOf(rowsFile));
    expect(byTemplate.size).toBe(4);
  });
});
