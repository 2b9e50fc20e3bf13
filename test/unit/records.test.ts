import fc from 'fast-check';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainFileSize, readRecords, MAX_LINE_BYTES, NOT_UTF8, type InputRecord } from '../../src/io/records.js';
import { MAX_QUOTED_LINES } from '../../src/io/formats/csv.js';
import { UsageError, UserError } from '../../src/io/errors.js';

async function read(input: string | Buffer | Buffer[], format: 'text' | 'csv' | 'tsv' | 'jsonl', opts = {}): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  const chunks = Array.isArray(input) ? input : [Buffer.from(input)];
  for await (const r of readRecords('-', { format, ...opts }, Readable.from(chunks))) out.push(r);
  return out;
}

/** `buf` cut into chunks at the given offsets (sorted, deduplicated, within bounds). */
function cut(buf: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((x) => x % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) out.push(buf.subarray(from, p));
    from = Math.max(from, p);
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

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

  test('csv: a stray quote does not swallow the rows after it; the broken row is an error whose id is its row number', async () => {
    // Hand-written rows: an unclosed quote on row 1 and on the last row.
    const csv = 'id,text\n1,"hello world\n2,normal message\n3,"unclosed quote at the end\n';
    const r = await read(csv, 'csv');
    expect(r.map((x) => [x.row, x.id, x.text, x.error])).toEqual([
      [1, '1', undefined, 'row 1: CSV: a closing quote is followed by "u" instead of a comma or the end of the line; the lines after it are read as rows of their own'],
      [2, '2', 'normal message', undefined],
      [3, '3', undefined, 'row 3: CSV: a quoted field opened on this line never closes; the lines after it are read as rows of their own'],
    ]);
  });

  test('csv: rows in = rows out around broken quotes, and text from a broken row never becomes an id', async () => {
    const lines = ['m1,fine', '"oops,"half quoted', 'm3,"a ""quoted"" word"', 'm4,"two', 'lines, both kept"', 'm5,tail " quote', '"m6', 'm7,last'];
    const r = await read(['id,text', ...lines].join('\n') + '\n', 'csv');
    expect(r.map((x) => [x.id, x.text ?? null, x.error === undefined])).toEqual([
      ['m1', 'fine', true],
      ['2', null, false],
      ['m3', 'a "quoted" word', true],
      ['m4', 'two\nlines, both kept', true],
      ['m5', 'tail " quote', true],
      ['6', null, false],
      ['m7', 'last', true],
    ]);
  });

  test('csv: a quoted field over MAX_QUOTED_LINES lines is taken for a stray quote', async () => {
    const body = Array.from({ length: MAX_QUOTED_LINES + 5 }, (_, i) => `r${i},message ${i}`);
    const r = await read(['id,text', 'r,"stray', ...body].join('\n') + '\n', 'csv');
    expect(r).toHaveLength(body.length + 1);
    expect(r[0].error).toMatch(/^row 1: CSV: a quoted field opened on this line runs past 200 lines/);
    expect(r.slice(1).every((x) => x.error === undefined)).toBe(true);
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

// Hand-written inputs (the legacy-encoded bytes are the standard code points of the characters shown).
describe('bytes and encodings', () => {
  const notUtf8 = (row: number) => `row ${row}: ${NOT_UTF8}`;

  test('text: a line that is not UTF-8 is an error record; a real U+FFFD in UTF-8 input is text', async () => {
    const r = await read(bytes('สวัสดี\n', [0x68, 0x69, 0xff, 0xfe, 0x0a], '你好 \uFFFD ok\r\n', [0xe4, 0xbd, 0x0a], 'last'), 'text');
    expect(r.map((x) => [x.row, x.text, x.error])).toEqual([
      [1, 'สวัสดี', undefined],
      [2, undefined, notUtf8(2)],
      [3, '你好 \uFFFD ok', undefined],
      [4, undefined, notUtf8(4)],
      [5, 'last', undefined],
    ]);
  });

  test('tsv, jsonl and csv: the row that is not UTF-8 is an error with its row number, the others are read', async () => {
    const bad = [0xc4, 0xe3, 0xba, 0xc3]; // 你好 in GBK
    const tsv = await read(bytes('id\ttext\nm1\tok\nm2\t', bad, '\nm3\tfine\n'), 'tsv');
    expect(tsv.map((x) => x.error ?? x.text)).toEqual(['ok', notUtf8(2), 'fine']);
    const jsonl = await read(bytes('{"text":"ok"}\n{"text":"', bad, '"}\n"fine"\n'), 'jsonl');
    expect(jsonl.map((x) => x.error ?? x.text)).toEqual(['ok', notUtf8(2), 'fine']);
    const csv = await read(bytes('id,text\nm1,ok\nm2,"', bad, ', quoted"\nm3,fine\n'), 'csv');
    expect(csv.map((x) => x.error ?? x.text)).toEqual(['ok', notUtf8(2), 'fine']);
  });

  test('a header that is not UTF-8 stops the read with one line naming the problem', async () => {
    await expect(read(bytes([0xce, 0xc4], '\ttext\n1\thi\n'), 'tsv')).rejects.toThrow(new UserError(`stdin: header row: ${NOT_UTF8}`));
    await expect(read(bytes('id,', [0xce, 0xc4], '\n1,hi\n'), 'csv')).rejects.toThrow(new UserError(`stdin: header row: ${NOT_UTF8}`));
  });

  test('--encoding decodes GB18030, Big5 and TIS-620 (windows-874) input', async () => {
    const gbk = await read(bytes([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xc7, 0xeb, 0xb5, 0xe3, 0xbb, 0xf7], '\n'), 'text', { encoding: 'gb18030' });
    expect(gbk.map((x) => x.text)).toEqual(['你好，请点击']);
    const big5 = await read(bytes([0xa7, 0x41, 0xa6, 0x6e, 0x0a]), 'text', { encoding: 'big5' });
    expect(big5.map((x) => x.text)).toEqual(['你好']);
    const tis = await read(bytes('id\ttext\n1\t', [0xca, 0xc7, 0xd1, 0xca, 0xb4, 0xd5], '\n'), 'tsv', { encoding: 'tis-620' });
    expect(tis.map((x) => x.text)).toEqual(['สวัสดี']);
  });

  test('UTF-16 with a byte-order mark is recognised without --encoding, whatever the chunking', async () => {
    const le = Buffer.from('\uFEFFid\ttext\n1\tမင်္ဂလာပါ\n2\t你好\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const input of [[le], cut(le, [1, 3, 7]), [be], cut(be, [1, 2, 5])]) {
      expect((await read(input, 'tsv')).map((x) => x.text)).toEqual(['မင်္ဂလာပါ', '你好']);
    }
    // A one-byte input is read as it is.
    expect((await read([Buffer.from('x')], 'text')).map((x) => x.text)).toEqual(['x']);
  });

  test('a byte-order mark (UTF-8, or GB18030 with --encoding) is dropped in every format, whatever the chunking', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const csv = Buffer.concat([bom, Buffer.from('"id",text\r\nm1,"hello, world"\r\n')]);
    for (const opts of [{}, { encoding: 'utf-8' }]) {
      for (const input of [[csv], cut(csv, [1, 2, 4])]) {
        expect((await read(input, 'csv', opts)).map((x) => [x.id, x.text, x.error])).toEqual([['m1', 'hello, world', undefined]]);
      }
      expect((await read(Buffer.concat([bom, Buffer.from('id\ttext\nm1\thi\n')]), 'tsv', opts)).map((x) => [x.id, x.text])).toEqual([['m1', 'hi']]);
      expect((await read(Buffer.concat([bom, Buffer.from('{"text":"hi"}\n')]), 'jsonl', opts)).map((x) => x.text)).toEqual(['hi']);
      expect((await read([bom.subarray(0, 1), bom.subarray(1), Buffer.from('hi\n')], 'text', opts)).map((x) => x.text)).toEqual(['hi']);
    }
    // GB18030 has its own byte-order mark, which its decoder reads as U+FEFF: dropped as well (the TSV header's
    // first column is then "id", not "\uFEFFid").
    const gbBom = bytes([0x84, 0x31, 0x95, 0x33], 'id\ttext\nm1\t', [0xc4, 0xe3, 0xba, 0xc3], '\n');
    expect((await read(gbBom, 'tsv', { encoding: 'gb18030' })).map((x) => [x.id, x.text])).toEqual([['m1', '你好']]);
    // Inputs shorter than a byte-order mark are read as they are.
    expect((await read([Buffer.from('ab')], 'text')).map((x) => x.text)).toEqual(['ab']);
  });

  test('lines end at LF only: a lone CR stays in the message, so rows in = LF-terminated lines', async () => {
    expect((await read('one\rstill one\r\ntwo\n', 'text')).map((x) => x.text)).toEqual(['one\rstill one', 'two']);
  });

  test('an unknown encoding name is a usage error', async () => {
    await expect(read('hi\n', 'text', { encoding: 'klingon' })).rejects.toThrow(UsageError);
  });

  test('a line over MAX_LINE_BYTES is one error record and is not kept in memory; the next line is read', async () => {
    const chunk = Buffer.alloc(1 << 16, 0x61);
    const long = Array.from({ length: (MAX_LINE_BYTES >> 16) + 2 }, () => chunk);
    const r = await read([Buffer.from('first\n'), ...long, Buffer.from('\nnext\n')], 'text');
    expect(r.map((x) => x.error ?? x.text)).toEqual(['first', `row 2: line is longer than ${MAX_LINE_BYTES >> 20} MiB; not read`, 'next']);
  });

  test('property: any chunking of the bytes gives the same records (multi-byte characters, CRLF, bad bytes)', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'สวัสดี', '你好', 'မင်္ဂလာ', '😀', ' ', '\t', '\n', '\r\n', '\r', '\uFFFD').map((t) => Buffer.from(t)),
      fc.constantFrom([0xff], [0xe4, 0xbd], [0xc0, 0x80], [0xed, 0xa0, 0x80]).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), async (pieces, at) => {
        const buf = Buffer.concat(pieces);
        const whole = await read([buf], 'text');
        expect(await read(cut(buf, at), 'text')).toEqual(whole);
        // and every line is accounted for: as many records as LF-terminated lines (plus an unterminated last one)
        const lf = buf.filter((b) => b === 0x0a).length;
        expect(whole).toHaveLength(lf + (buf.length > 0 && buf[buf.length - 1] !== 0x0a ? 1 : 0));
      }),
      { numRuns: 200 },
    );
  });
});

describe('plainFileSize (the input size the scoring pool decides its threads by)', () => {
  test('a plain file gives its size; gzip, a directory and a missing path give undefined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-size-'));
    try {
      const plain = join(dir, 'a.txt');
      writeFileSync(plain, 'hello\nworld\n');
      const gz = join(dir, 'a.txt.gz');
      writeFileSync(gz, gzipSync('hello\n'));
      const disguised = join(dir, 'b.txt'); // gzip under a plain name: sized by content, not by name
      writeFileSync(disguised, gzipSync('hello\n'));
      expect(plainFileSize(plain)).toBe(12);
      expect(plainFileSize(gz)).toBeUndefined();
      expect(plainFileSize(disguised)).toBeUndefined();
      expect(plainFileSize(dir)).toBeUndefined();
      expect(plainFileSize(join(dir, 'missing.txt'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
