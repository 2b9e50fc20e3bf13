/**
 * Mistakes a newcomer makes and what scamscan says back: a file given without -i, an output file whose
 * extension names a format, a compressed dump without a format in its name, a directory or a binary file
 * given as input, no command at all; colour settings; the terminal table's widths. Messages are hand-written.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PassThrough, Writable } from 'node:stream';
import { run } from './harness.js';
import { main } from '../../src/cli/main.js';
import { colorAllowed } from '../../src/cli/context.js';
import { clip, clipMiddle, displayWidth } from '../../src/cli/render.js';

const samples = join(process.cwd(), 'data/samples/messages.tsv');
const tmp = () => mkdtempSync(join(tmpdir(), 'scamscan-use-'));

describe('mistakes that used to give silent wrong output', () => {
  test('score with a file path as the message (no -i): a warning naming -i, the path still scored', async () => {
    const r = await run(['score', '-o', 'jsonl', samples]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`scamscan: warning: "${samples}" is scored as a message, but it names a file; to score the file's rows: scamscan score -i ${samples}\n`);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--output-file o.csv writes CSV and o.tsv.gz gzipped TSV when -o is not given', async () => {
    const dir = tmp();
    expect((await run(['score', '-q', '--output-file', join(dir, 'o.csv'), 'hello there'])).code).toBe(0);
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toMatch(/^id,label,score,lang,type,type_confidence,reasons,error\n1,low,/);
    expect((await run(['score', '-q', '--output-file', join(dir, 'o.tsv.gz'), 'hello there'])).code).toBe(0);
    expect(gunzipSync(readFileSync(join(dir, 'o.tsv.gz'))).toString('utf8')).toMatch(/^id\tlabel\tscore\t/);
    expect((await run(['score', '-q', '-o', 'jsonl', '--output-file', join(dir, 'x.csv'), 'hello there'])).code).toBe(0);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toMatch(/^\{"v":1,/); // -o given: it wins
  });

  test('a dump whose name states no format (dump.gz) is read by what its first line looks like', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'dump.gz'), gzipSync('id\tnote\ttext\nm1\tx\thello there\nm2\ty\tsee you at six\n'));
    const tsv = await run(['score', '-q', '-o', 'jsonl', '-i', join(dir, 'dump.gz')]);
    expect(tsv.code).toBe(0);
    expect(tsv.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(['m1', 'm2']);
    writeFileSync(join(dir, 'posts'), '{"id":"a","text":"hello there"}\n');
    expect(JSON.parse((await run(['score', '-q', '-o', 'jsonl', '-i', join(dir, 'posts')])).stdout).id).toBe('a');
    writeFileSync(join(dir, 'export.gz'), gzipSync('id,text\nc1,"hello, there"\n'));
    expect(JSON.parse((await run(['score', '-q', '-o', 'jsonl', '-i', join(dir, 'export.gz')])).stdout).id).toBe('c1');
    writeFileSync(join(dir, 'plain.gz'), gzipSync('hello there\nsee you\n'));
    expect((await run(['score', '-q', '-o', 'jsonl', '-i', join(dir, 'plain.gz')])).stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  test('a directory as input or output: one line in words, nothing left behind', async () => {
    const dir = tmp();
    const r = await run(['score', '-i', dir]);
    expect([r.code, r.stderr]).toEqual([1, `scamscan: ${dir}: cannot read: is a directory; give a file\n`]);
    const w = await run(['score', '-q', '--output-file', dir, 'hello']);
    expect([w.code, w.stderr]).toEqual([1, `scamscan: ${dir}: cannot write: is a directory; give a file name\n`]);
    const t = await run(['train', join(process.cwd(), 'test/fixtures/tiny-corpus.tsv'), '--bits', '12', '-q', '-o', dir]);
    expect([t.code, t.stderr]).toEqual([1, `scamscan: ${dir}: cannot write: is a directory; give a file name\n`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a binary file as input: one line saying it looks binary', async () => {
    const model = join(process.cwd(), 'models/default.model');
    const r = await run(['score', '-i', model]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`scamscan: ${model}: this looks like a binary file (NUL bytes near the start), not text, CSV, TSV or JSONL; UTF-16 text without a byte-order mark needs --encoding utf-16le\n`);
  });

  test('bare scamscan: the usage on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: scamscan \[options\] \[command\]\n/);
  });

  test('eval -q prints no notices; train on rows without scam types prints no "accuracy 0.000"', async () => {
    const dir = tmp();
    const corpus = join(process.cwd(), 'test/fixtures/tiny-corpus.tsv');
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, readFileSync(corpus, 'utf8') + 'tx\teng\tmaybe\tgold\tan odd label\n');
    const model = join(dir, 'm.model');
    const t = await run(['train', corpus, '--bits', '12', '-q', '-o', model]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Scam types: no typed scam/spam messages to measure');
    expect(t.stdout).not.toContain('accuracy 0.000');
    const loud = await run(['eval', bad, '-m', model, '--split', 'all']);
    expect(loud.stderr).toMatch(/1 bad row not evaluated/);
    const quiet = await run(['eval', bad, '-m', model, '--split', 'all', '-q']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

describe('colour', () => {
  test('FORCE_COLOR=0, TERM=dumb and NO_COLOR turn it off on a terminal; FORCE_COLOR=1 turns it on anywhere', () => {
    expect(colorAllowed({}, true)).toBe(true);
    expect(colorAllowed({}, false)).toBe(false);
    expect(colorAllowed({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorAllowed({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorAllowed({ TERM: 'dumb' }, true)).toBe(false);
    expect(colorAllowed({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorAllowed({ FORCE_COLOR: '1' }, false)).toBe(true);
  });
});

describe('the score table on a terminal', () => {
  class Capture extends Writable {
    text = '';
    isTTY = true;
    override _write(chunk: Buffer, _enc: string, cb: () => void) {
      this.text += chunk.toString('utf8');
      cb();
    }
  }

  test('display widths count grapheme clusters: Thai and Burmese marks ride on their letter, Han and emoji take two', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('ที่นี่')).toBe(2); // ท+ี+่ and น+ี+่
    expect(displayWidth('မြန်မာ')).toBeLessThan(4); // 6 code points; ICU joins some syllables further
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth(clip('ยินดีด้วย คุณได้รับรางวัล 10,000 บาท', 10))).toBeLessThanOrEqual(10);
    expect(clipMiddle('th-ssivakorn-1d18718-long-id', 12)).toBe('th-ssi…ng-id');
  });

  test('long ids are cut in the middle and every column starts where the header says; rows fit the terminal', async () => {
    const input = 'id\ttext\n' + [
      ['a-very-long-identifier-from-an-export-0001', 'ยินดีด้วย คุณได้รับรางวัล 10,000 บาท กดรับที่ bit.ly/abc ภายในวันนี้เท่านั้น อย่าพลาด'],
      ['m2', 'ငွေချေးမည် ကျပ် 50000 ချက်ချင်းရမည် ဖုန်း 09123456789 ဆက်သွယ်ပါ အတိုးနည်း'],
      ['3', '您好，我是市公安局民警，您的银行卡涉嫌洗钱，请把资金转入安全账户，联系微信号 police110cn'],
    ].map((r) => r.join('\t')).join('\n') + '\n';
    for (const columns of [80, 160]) {
      const out = new Capture();
      const stdin = new PassThrough();
      stdin.end(input);
      const code = await main(['score', '-q', '-f', 'tsv', '-i', '-', '-o', 'table'], { stdin, stdout: out, stderr: new Capture(), color: false, columns });
      expect(code).toBe(0);
      const lines = out.text.trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      const riskAt = lines[0].indexOf('risk');
      for (const line of lines.slice(1)) {
        const [id] = line.split('  ');
        expect(displayWidth(id.trimEnd())).toBeLessThanOrEqual(riskAt - 2);
        expect(displayWidth(line.slice(0, riskAt))).toBe(riskAt); // the risk column starts at the same column
        expect(line.slice(riskAt)).toMatch(/^(high|medium|low) /);
        expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      }
      if (columns === 160) expect(lines[1]).toContain('ภายในวันนี้'); // a wide terminal shows more of the message
    }
  });
});
