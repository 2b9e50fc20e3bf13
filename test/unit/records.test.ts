import fc from 'fast-check';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readRecords, type InputRecord } from '../../src/io/records.js';
import { UserError } from '../../src/io/errors.js';

async function read(input: string | Buffer, format: 'text' | 'csv' | 'tsv' | 'jsonl', opts = {}): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of readRecords('-', { format, ...opts }, Readable.from([Buffer.from(input)]))) out.push(r);
  return out;
}

// Hand-written inputs.
describe('record readers', () => {
  test('text: one record per line, CRLF and BOM handled, empty lines become errors', async () => {
    const r = await read('\uFEFFสวัสดี\r\n\r\n你好\n', 'text');
    expect(r.map((x) => [x.row, x.id, x.text, x.error])).toEqual([
      [1, '1', 'สวัสดี', undefined],
      [2, '2', undefined, 'row 2: empty text'],
      [3, '3', '你好', undefined],
    ]);
  });

  test('gzip input is recognised by its magic bytes', async () => {
    const r = await read(gzipSync('a message\nanother\n'), 'text');
    expect(r.map((x) => x.text)).toEqual(['a message', 'another']);
  });

  test('csv: quoted commas and newlines, id column, a short row is an error', async () => {
    const csv = 'id,text\nm1,"hello, world"\nm2,"two\nlines"\nm3\n';
    const r = await read(csv, 'csv');
    expect(r.map((x) => [x.id, x.text, x.error])).toEqual([
      ['m1', 'hello, world', undefined],
      ['m2', 'two\nlines', undefined],
      ['m3', undefined, 'row 3: expected 2 fields, found 1'],
    ]);
  });

  test('tsv: missing column is one clear error naming what was found', async () => {
    await expect(read('id\tbody\n1\thi\n', 'tsv')).rejects.toThrow(new UserError('stdin: expected a column "text"; found id, body'));
  });

  test('tsv: wrong field count is a row error, the rest still read', async () => {
    const r = await read('id\ttext\na\tone\nb\ttwo\textra\nc\tthree\n', 'tsv');
    expect(r.map((x) => x.error ?? x.text)).toEqual(['one', 'row 2: expected 2 tab-separated fields, found 3', 'three']);
  });

  test('jsonl: objects, strings, bad JSON and missing field each yield one record', async () => {
    const r = await read('{"id":"x","text":"hi"}\n"just text"\n{broken\n{"body":"no text"}\n', 'jsonl');
    expect(r.map((x) => [x.id, x.text ?? x.error])).toEqual([
      ['x', 'hi'],
      ['2', 'just text'],
      ['3', 'row 3: not valid JSON'],
      ['4', 'row 4: expected a field "text"; found body'],
    ]);
  });

  test('NUL bytes and over-long rows are errors, not crashes', async () => {
    const r = await read(`ok\nbad\u0000nul\n${'x'.repeat(100_001)}\n`, 'text');
    expect(r.map((x) => x.error ?? 'ok')).toEqual(['ok', 'row 2: text contains NUL bytes', 'row 3: text is 100001 characters; at most 100000 are scored']);
  });

  test('property: rows in = rows out for text input, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ')), { maxLength: 40 }), async (lines) => {
        const r = await read(lines.map((l) => l + '\n').join(''), 'text');
        expect(r.map((x) => x.row)).toEqual(lines.map((_, i) => i + 1));
      }),
      { numRuns: 100 },
    );
  });
});
