/**
 * Batch mode invariants: every input row comes back exactly once, in order, whatever is wrong with it; worker
 * threads change nothing; shards concatenate to the whole. Inputs are hand-written or built from the sample.
 */
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './harness.js';
import { NOT_UTF8 } from '../../src/io/records.js';

const sample = readFileSync(join(process.cwd(), 'data/samples/messages.tsv'), 'utf8');
const sampleRows = sample.trimEnd().split('\n').length - 1;

// Hand-written malformed input: each line is one kind of breakage.
const MALFORMED_JSONL = [
  '{"id":"a","text":"ยินดีด้วย คุณได้รับรางวัล"}',
  '{"id":"b","text":""}',
  '{"id":"c","text":"nul\\u0000byte"}',
  '{"id":"d"}',
  '{"id":"e","text":',
  '[1,2,3]',
  `{"id":"f","text":"${'long '.repeat(30000)}"}`,
  '{"id":"g","text":"\\ud800 lone surrogate"}',
  '{"id":"h","text":"你好"}',
].join('\n') + '\n';

describe('batch mode', () => {
  test('malformed JSONL: rows in = rows out, errors carry their row numbers, exit 1', async () => {
    const r = await run(['score', '-f', 'jsonl', '-o', 'jsonl', '-q', '-j', '1'], MALFORMED_JSONL);
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd', '5', '6', 'f', 'g', 'h']);
    expect(out.map((o) => o.error ?? 'ok')).toEqual([
      'ok',
      'row 2: empty text',
      'row 3: text contains NUL bytes',
      'row 4: expected a field "text"; found id',
      'row 5: not valid JSON',
      'row 6: expected a JSON object or string',
      'row 7: text is 150000 characters; at most 100000 are scored',
      'ok',
      'ok',
    ]);
  });

  test('invalid UTF-8 and CRLF in text input still give one row each; the bad row is an error naming --encoding', async () => {
    const bytes = Buffer.concat([Buffer.from('first\r\n'), Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from('third\r\n')]);
    for (const jobs of ['1', '2']) {
      const r = await run(['score', '-o', 'jsonl', '-q', '-j', jobs], bytes);
      const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; error?: string });
      expect(rows.map((x) => [x.id, x.error ?? 'ok'])).toEqual([
        ['1', 'ok'],
        ['2', 'row 2: not valid UTF-8 (if the input is in another encoding, pass --encoding, e.g. gb18030, big5, windows-874 or utf-16le)'],
        ['3', 'ok'],
      ]);
      expect(r.code).toBe(1);
    }
  });

  test('--encoding: a GB18030 dump scores as its UTF-8 original does; an unknown name is a usage error', async () => {
    // Hand-written message; the GB18030 bytes of 您好，您的快递已到，请点击链接 (standard code points).
    const gb = Buffer.from('c4fabac3a3acc4fab5c4bfecb5ddd2d1b5bda3acc7ebb5e3bbf7c1b4bdd30a', 'hex');
    const utf8 = await run(['score', '-o', 'jsonl', '-q'], '您好，您的快递已到，请点击链接\n');
    const decoded = await run(['score', '-o', 'jsonl', '-q', '--encoding', 'gb18030'], gb);
    expect(decoded.code).toBe(0);
    expect(decoded.stdout).toBe(utf8.stdout);
    expect(JSON.parse(utf8.stdout).lang).toBe('cmn');
    const bad = await run(['score', '-o', 'jsonl', '-q', '--encoding', 'klingon'], 'hi\n');
    expect([bad.code, bad.stdout, bad.stderr.trim()]).toEqual([2, '', 'scamscan: --encoding: expected an encoding name such as utf-8, gb18030, big5, windows-874 or utf-16le; found "klingon"']);
    const args = await run(['score', '--encoding', 'gb18030', '您好']);
    expect([args.code, args.stderr.trim()]).toEqual([2, 'scamscan: --encoding applies to input read from a file or stdin; messages given as arguments are already text']);
  });

  test('--jobs 2 output is byte-identical to --jobs 1', async () => {
    const big = sample + sample.split('\n').slice(1).join('\n').repeat(20);
    const one = await run(['score', '-f', 'tsv', '-o', 'jsonl', '-q', '-j', '1'], big);
    const two = await run(['score', '-f', 'tsv', '-o', 'jsonl', '-q', '-j', '2'], big);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout.split('\n').length).toBeGreaterThan(400);
    expect(two.stdout).toBe(one.stdout);
    // BOM and header are written before the workers' encoded batches; the summary counts every row once.
    const csv1 = await run(['score', '-f', 'jsonl', '-o', 'csv', '--bom', '-j', '1'], MALFORMED_JSONL);
    const csv2 = await run(['score', '-f', 'jsonl', '-o', 'csv', '--bom', '-j', '2'], MALFORMED_JSONL);
    expect(csv1.stdout.startsWith('\uFEFFid,')).toBe(true);
    expect(csv2.stdout).toBe(csv1.stdout);
    const counts = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('scamscan: 9 rows:'))?.replace(/; [\d.]+ s, \d+ rows\/s$/, '');
    expect(counts(csv1.stderr)).toMatch(/^scamscan: 9 rows: high \d, medium \d, low \d, errors 6;/);
    expect(counts(csv2.stderr)).toBe(counts(csv1.stderr));
  });

  test('long posts with --explain on worker threads: batches stay small enough for the workers\' bounded heaps', async () => {
    // Hand-written phrases repeated to the longest text scored (100,000 characters), three languages, 24 rows.
    const long = (s: string) => s.repeat(Math.floor(99_000 / s.length));
    const rows = ['您的账户存在异常请立即点击链接验证身份否则将被冻结', 'ချေးငွေအမြန်ရယူပါအတိုးနည်း', 'win a prize now call 09061701461 '].map(long);
    const input = Array.from({ length: 8 }, () => rows.join('\n')).join('\n') + '\n';
    const two = await run(['score', '-o', 'jsonl', '-q', '-j', '2', '--explain'], input);
    expect(two.code).toBe(0);
    const records = two.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; error?: string; explain?: unknown });
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 24 }, (_, i) => String(i + 1)));
    expect(records.every((r) => r.error === undefined && r.explain !== undefined)).toBe(true);
  }, 60_000);

  test('shards scored separately and concatenated equal the whole (with an id column)', async () => {
    const lines = sample.trimEnd().split('\n');
    const head = lines[0];
    const body = lines.slice(1);
    const whole = await run(['score', '-f', 'tsv', '-o', 'jsonl', '-q'], sample);
    const parts: string[] = [];
    for (let i = 0; i < body.length; i += 7) {
      const shard = [head, ...body.slice(i, i + 7)].join('\n') + '\n';
      parts.push((await run(['score', '-f', 'tsv', '-o', 'jsonl', '-q'], shard)).stdout);
    }
    expect(parts.join('')).toBe(whole.stdout);
    expect(whole.stdout.trimEnd().split('\n')).toHaveLength(sampleRows);
  });

  test('--output-file with .gz writes compressed output, complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const path = join(dir, 'out.jsonl.gz');
    const r = await run(['score', '-f', 'tsv', '-o', 'jsonl', '-q', '--output-file', path], sample);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(gunzipSync(readFileSync(path)).toString('utf8').trimEnd().split('\n')).toHaveLength(sampleRows);
  });

  test('CSV written by scamscan reads back with csv-parse unchanged (quotes, commas, newlines)', async () => {
    const { parse } = await import('csv-parse/sync');
    const input = 'id,text,note\n1,"hello, ""world""","multi\nline"\n2,สวัสดี,plain\n';
    const r = await run(['score', '-f', 'csv', '-o', 'csv', '-q', '--keep-columns', 'note,text', '--bom'], input);
    const rows = parse(r.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => [x.id, x.note, x.text])).toEqual([
      ['1', 'multi\nline', 'hello, "world"'],
      ['2', 'plain', 'สวัสดี'],
    ]);
  });

  test('property: random rows with random breakage → rows in = rows out, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const text = (l: string) => Buffer.from(l.replace(/[\r\n\u2028\u2029\u0085]/g, ' '));
    const row = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((t) => text(JSON.stringify({ id: 'x', text: t }))),
      fc.string({ maxLength: 20 }).map(text),
      fc.constant(text('{"text":')),
      fc.constant(text('{}')),
      fc.constant(text('null')),
      // Raw bytes: not UTF-8 (a stray byte, a cut multi-byte character, GBK), NUL, or a UTF-8 line with a CR in it.
      // (Never starting with 0xFF or 0xFE: a file that begins with a UTF-16 byte-order mark is read as UTF-16.)
      fc.uint8Array({ maxLength: 12 }).map((b) => {
        const bytes = Buffer.from(b.filter((x) => x !== 0x0a));
        if (bytes[0] >= 0xfe) bytes[0] = 0x20;
        return bytes;
      }),
      fc.constantFrom(Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xe4, 0xbd, 0x22, 0x7d]), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('a\rb')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), fc.boolean(), async (lines, two) => {
        const path = join(dir, 'in.jsonl');
        writeFileSync(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
        const r = await run(['score', '-i', path, '-o', 'jsonl', '-q', '-j', two ? '2' : '1']);
        expect([0, 1]).toContain(r.code);
        const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; error?: string });
        expect(out).toHaveLength(lines.length);
        // Every row that is not UTF-8 comes back as an error naming its own row number.
        lines.forEach((l, i) => {
          if (!isUtf8(l)) expect(out[i].error).toBe(`row ${i + 1}: ${NOT_UTF8}`);
        });
      }),
      { numRuns: 40 },
    );
  });
});
