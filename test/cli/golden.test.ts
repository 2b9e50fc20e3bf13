/**
 * Golden CLI cases as data (after Vowpal Wabbit's core.vwtest.json): arguments + stdin → exact stdout, exact
 * stderr and exit code. Scores depend on the model, so scored rows are checked on the fields a person can
 * verify (id, label, lang, row count); everything else is compared exactly. Messages are hand-written.
 */
import { run } from './harness.js';
import { HAND_WRITTEN as H } from '../fixtures/messages.js';

interface Case {
  name: string;
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

const CASES: Case[] = [
  {
    name: '--explain with CSV output: usage error, exit 2',
    args: ['score', '--explain', '-o', 'csv', 'hello'],
    code: 2,
    stdout: '',
    stderr: 'scamscan: --explain: needs JSONL or table output; found -o csv\n',
  },
  {
    // Hand-written messages: a Thai parcel-fee scam, a Chinese fake-police message, an English ham.
    name: 'scam types and entities in JSONL; ham gets no type',
    args: ['score', '-o', 'jsonl', '-q'],
    stdin:
      'ไปรษณีย์ไทย: พัสดุของท่านจัดส่งไม่สำเร็จ กรุณาชำระค่าจัดส่ง 35 บาท ที่ kerry-th[.]top/pay ภายใน 24 ชม.\n' +
      '您好，我是市公安局民警，您的银行卡涉嫌洗钱，请把资金转入安全账户，联系微信号 police110cn\n' +
      'See you at the cafe at 6, I will bring the book\n',
    code: 0,
    rows: [['1', 'medium', 'tha'], ['2', 'high', 'cmn'], ['3', 'low', 'eng']],
    types: ['parcel_delivery', 'impersonation_authority', null],
    entities: [['money:35 บาท', 'url:kerry-th[.]top/pay'], ['messenger:police110cn'], []],
  },
  {
    name: 'one Thai scam from stdin → one JSONL record, high risk',
    args: ['score'],
    stdin: `${H.tha.scam}\n`,
    code: 0,
    rows: [['1', 'high', 'tha']],
  },
  {
    name: 'arguments in four languages, scams high or medium and ham low',
    args: ['score', '-o', 'jsonl', H.tha.scam, H.mya.scam, H.eng.scam, H.tha.ham, H.cmn.ham, H.mya.ham, H.eng.ham],
    code: 0,
    rows: [
      ['1', 'high', 'tha'],
      // The hand-written Burmese loan ad scores 0.75 with the shipped model, just under its Burmese `high`
      // threshold (0.76, set at precision 0.95 on validation); the model before naive-Bayes scaling gave 0.89.
      ['2', 'medium', 'mya'],
      ['3', 'high', 'eng'],
      ['4', 'low', 'tha'],
      ['5', 'low', 'cmn'],
      ['6', 'low', 'mya'],
      ['7', 'low', 'eng'],
    ],
  },
  {
    name: 'an empty line is an error record with its row number, rows stay in order, exit 1',
    args: ['score', '-o', 'jsonl', '-q'],
    stdin: `${H.eng.ham}\n\n${H.cmn.ham}\n`,
    code: 1,
    rows: [
      ['1', 'low', 'eng'],
      ['2', null, null],
      ['3', 'low', 'cmn'],
    ],
    stderr: 'scamscan: 1 row could not be scored (see the "error" field; first: row 2: empty text)\n',
  },
  {
    name: 'exact error record',
    args: ['score', '-o', 'jsonl', '-f', 'jsonl', '-q'],
    stdin: '{broken\n',
    code: 1,
    stdout: '{"v":1,"id":"1","label":null,"score":null,"lang":null,"type":null,"reasons":[],"entities":[],"error":"row 1: not valid JSON"}\n',
    stderr: 'scamscan: 1 row could not be scored (see the "error" field; first: row 1: not valid JSON)\n',
  },
  {
    name: 'CSV output of an error row: header and quoting exact',
    args: ['score', '-o', 'csv', '-f', 'csv', '--keep-columns', 'note', '-q'],
    stdin: 'id,text,note\nm1,,"a, b"\n',
    code: 1,
    stdout: 'note,id,label,score,lang,type,type_confidence,reasons,error\n"a, b",m1,,,,,,,row 1: empty text\n',
    stderr: 'scamscan: 1 row could not be scored (see the "error" field; first: row 1: empty text)\n',
  },
  {
    name: '--keep-columns: a column named like an output field is written with the prefix input_, in CSV and JSONL',
    args: ['score', '-o', 'csv', '-f', 'tsv', '--keep-columns', 'label,lang,note', '-q'],
    stdin: 'id\tlabel\tlang\tnote\ttext\nm1\tham\ttha\tx\t\n',
    code: 1,
    stdout: 'input_label,input_lang,note,id,label,score,lang,type,type_confidence,reasons,error\nham,tha,x,m1,,,,,,,row 1: empty text\n',
    stderr: 'scamscan: 1 row could not be scored (see the "error" field; first: row 1: empty text)\n',
  },
  {
    name: '--keep-columns in JSONL: kept label and id do not overwrite the scored ones',
    args: ['score', '-o', 'jsonl', '-f', 'tsv', '--keep-columns', 'id,label', '-q'],
    stdin: 'id\tlabel\ttext\nm1\tham\t\n',
    code: 1,
    stdout: '{"v":1,"input_id":"m1","input_label":"ham","id":"m1","label":null,"score":null,"lang":null,"type":null,"reasons":[],"entities":[],"error":"row 1: empty text"}\n',
    stderr: 'scamscan: 1 row could not be scored (see the "error" field; first: row 1: empty text)\n',
  },
  {
    name: '--keep-columns naming a column the input does not have: usage error, exit 2',
    args: ['score', '-o', 'jsonl', '-f', 'csv', '--keep-columns', 'note,nope'],
    stdin: 'id,text,note\nm1,hello,a\n',
    code: 2,
    stdout: '',
    stderr: 'scamscan: --keep-columns: stdin has no column "nope"; found id, text, note\n',
  },
  {
    name: '--keep-columns: two columns that would be written under one name: usage error, exit 2',
    args: ['score', '-o', 'jsonl', '-f', 'csv', '--keep-columns', 'label,input_label'],
    stdin: 'label,input_label,text\na,b,hello\n',
    code: 2,
    stdout: '',
    stderr: 'scamscan: --keep-columns: two kept columns would both be written as "input_label" (a column named like an output field is written with the prefix input_)\n',
  },
  {
    name: 'missing column: one line naming what was expected and found, exit 1',
    args: ['score', '-f', 'tsv'],
    stdin: 'id\tbody\n1\thello\n',
    code: 1,
    stdout: '',
    stderr: 'scamscan: stdin: expected a column "text"; found id, body\n',
  },
  {
    name: 'unknown flag is a usage error, exit 2',
    args: ['score', '--bogus'],
    code: 2,
    stdout: '',
    stderr: "scamscan score: unknown option '--bogus'\n",
  },
  {
    name: 'bad output format is a usage error, exit 2',
    args: ['score', '-o', 'xml', 'hi'],
    code: 2,
    stdout: '',
    stderr: "scamscan score: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are table, jsonl, csv, tsv.\n",
  },
  {
    name: 'nothing to score on a terminal is a usage error',
    args: ['score'],
    code: 2,
    stdout: '',
    stderr: 'scamscan: nothing to score: give a message, -i FILE, or pipe messages to stdin (see scamscan score --help)\n',
  },
  {
    name: 'missing model file: one line, exit 1',
    args: ['score', '-m', 'no/such.model.json', 'hi'],
    code: 1,
    stdout: '',
    stderr: 'scamscan: no/such.model.json: cannot read model: no such file\n',
  },
  {
    name: 'missing input file: one line, exit 1',
    args: ['score', '-i', 'no/such/file.txt'],
    code: 1,
    stdout: '',
    stderr: 'scamscan: no/such/file.txt: cannot read: no such file\n',
  },
  {
    name: 'CI: --fail-on high with one high-risk row fails (exit 1) with one line',
    args: ['score', '-o', 'jsonl', '-q', '--fail-on', 'high'],
    stdin: `${H.eng.scam}\n`,
    code: 1,
    rows: [['1', 'high', 'eng']],
    stderr: 'scamscan: --fail-on high: 1 of 1 rows (100.0%) reached high risk or above; --max-rate allows 0.0%\n',
  },
  {
    name: 'CI: --max-rate 0.5 lets one high row in three pass',
    args: ['score', '-o', 'jsonl', '-q', '--fail-on', 'high', '--max-rate', '0.5'],
    stdin: `${H.eng.scam}\n${H.eng.ham}\n${H.tha.ham}\n`,
    code: 0,
    rows: [['1', 'high', 'eng'], ['2', 'low', 'eng'], ['3', 'low', 'tha']],
    stderr: '',
  },
  {
    name: 'summary on stderr for batch input',
    args: ['score', '-o', 'jsonl', '-j', '1'],
    stdin: `${H.eng.scam}\n${H.tha.ham}\n\n`,
    code: 1,
    rows: [['1', 'high', 'eng'], ['2', 'low', 'tha'], ['3', null, null]],
  },
  {
    name: '--max-rate without --fail-on is a usage error',
    args: ['score', '--max-rate', '0.1', 'hi'],
    code: 2,
    stdout: '',
    stderr: 'scamscan: --max-rate needs --fail-on high|medium\n',
  },
  {
    name: '--jobs 0 is a usage error',
    args: ['score', '--jobs', '0', 'hi'],
    code: 2,
    stdout: '',
    stderr: 'scamscan: --jobs: expected an integer 1–256; found "0"\n',
  },
  {
    name: '--version',
    args: ['--version'],
    code: 0,
    stdout: '0.1.0\n',
    stderr: '',
  },
  {
    name: 'unknown command, exit 2',
    args: ['frobnicate'],
    code: 2,
    stdout: '',
    stderr: "scamscan: unknown command 'frobnicate'\n",
  },
  {
    name: 'eval without files, exit 2',
    args: ['eval'],
    code: 2,
    stdout: '',
    stderr: "scamscan eval: missing required argument 'files'\n",
  },
];

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
