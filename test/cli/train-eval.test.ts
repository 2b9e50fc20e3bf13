/** train and eval through the CLI on the hand-written tiny corpus (fixtures), plus a subprocess smoke test of bin/. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import Module from 'node:module';
import { Script } from 'node:vm';
import { run } from './harness.js';

const corpus = join(process.cwd(), 'test/fixtures/tiny-corpus.tsv');

describe('train and eval', () => {
  test('train writes a model; the same seed gives the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const a = await run(['train', corpus, '-o', join(dir, 'a.json'), '--bits', '12', '--seed', '7', '-q', '--json']);
    const b = await run(['train', corpus, '-o', join(dir, 'b.json'), '--bits', '12', '--seed', '7', '-q', '--json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
    const out = JSON.parse(a.stdout);
    expect(out.split.train + out.split.validation + out.split.test).toBe(10);
  });

  test('eval --split all --json reports per language and per corpus', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    await run(['train', corpus, '-o', join(dir, 'm.json'), '--bits', '12', '--epochs', '30', '-q']);
    const r = await run(['eval', corpus, '-m', join(dir, 'm.json'), '--split', 'all', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.n).toBe(10);
    expect(Object.keys(e.byLang).sort()).toEqual(['cmn', 'eng', 'mya', 'tha']);
    expect(Object.keys(e.byCorpus)).toEqual(['tiny-corpus']);
    expect(e.confusion.positive.high + e.confusion.positive.medium + e.confusion.positive.low).toBe(5);
  });

  test('eval on a file in a legacy encoding: one clear line naming --encoding; with it, every row is read', async () => {
    // The hand-written tiny corpus with its Thai rows only, in TIS-620 / windows-874 (Thai U+0E01–U+0E5B at
    // bytes 0xA1–0xFB; the rest is ASCII).
    const [header, ...rows] = readFileSync(corpus, 'utf8').trimEnd().split('\n');
    const thai = [header, ...rows.filter((r) => r.split('\t')[1] === 'tha')];
    expect(thai.length).toBeGreaterThan(2);
    const bytes = Buffer.from([...(thai.join('\n') + '\n')].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x0e01 && c <= 0x0e5b) return c - 0x0e00 + 0xa0;
      throw new Error(`not in windows-874: ${ch}`);
    }));
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const file = join(dir, 'thai-874.tsv');
    writeFileSync(file, bytes);
    const bad = await run(['eval', file, '--split', 'all', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`scamscan: ${file}: no usable labeled rows; first problem: row 1: not valid UTF-8 (if the input is in another encoding, pass --encoding, e.g. gb18030, big5, windows-874 or utf-16le)\n`);
    const good = await run(['eval', file, '--split', 'all', '--json', '--encoding', 'windows-874']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).n).toBe(thai.length - 1);
  });

  test('train: a bad label column is a clear error; a bad --bits a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const r = await run(['train', corpus, '-o', join(dir, 'm.json'), '--label-column', 'verdict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`scamscan: ${corpus}: expected a column "verdict"; found id, lang, label, quality, text\n`);
    const u = await run(['train', corpus, '-o', join(dir, 'm.json'), '--bits', '40']);
    expect(u.code).toBe(2);
    expect(u.stderr).toBe('scamscan: --bits: expected an integer 10–24; found "40"\n');
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });
});

describe('train and eval refuse to measure or learn nothing', () => {
  const samples = join(process.cwd(), 'data/samples/messages.tsv');

  test('the shipped samples (labels scam/spam and ham): no row falls in the train split → exit 1 naming --all-rows; with it a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const r = await run(['train', samples, '-o', join(dir, 'm.model'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`scamscan: train: none of the 24 labeled rows of ${samples} fall in the train split (80 % of rows, by hash); for a small file, train on every row with --all-rows\n`);
    expect(existsSync(join(dir, 'm.model'))).toBe(false);
    const all = await run(['train', samples, '--all-rows', '--bits', '12', '-o', join(dir, 'm.model'), '-q']);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toBe('Trained on every row (--all-rows): no rows were held out, so there is no test evaluation.\n');
    const e = await run(['eval', samples, '-m', join(dir, 'm.model'), '--split', 'all', '--json']);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).overall).toMatchObject({ n: 24, positives: 12 });
  });

  test('a file of ham only: train and eval exit 1 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    // Hand-written messages.
    const ham = join(dir, 'ham.tsv');
    writeFileSync(ham, 'label\ttext\nham\tsee you at six\nham\tthe meeting moved to Monday\n');
    const t = await run(['train', ham, '--all-rows', '-o', join(dir, 'm.model'), '-q']);
    expect(t.code).toBe(1);
    expect(t.stderr).toBe(`scamscan: train: the 2 training rows of ${ham} are all ham; a model needs both positive and negative rows\n`);
    const e = await run(['eval', ham, '--split', 'all']);
    expect(e.code).toBe(1);
    expect(e.stderr).toBe(`scamscan: eval: the 2 rows of the all split of ${ham} hold no scam/spam rows; precision and recall need some\n`);
    expect(e.stdout).toBe('');
  });

  test('a file with no labeled rows at all: train exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const none = join(dir, 'none.tsv');
    writeFileSync(none, 'label\ttext\nunlabeled\tsee you at six\n');
    const t = await run(['train', none, '--all-rows', '-o', join(dir, 'm.model'), '-q']);
    expect(t.code).toBe(1);
    expect(t.stderr).toBe(`scamscan: train: no labeled rows in ${none} (labels: scam, spam or scam/spam positive, ham negative)\n`);
  });
});

describe('bin/scamscan as a process', () => {
  test('the bundled launcher (dist/cli/scamscan.cjs) answers exactly as the CLI run in-process from src/', async () => {
    // Hand-written messages in the four languages (one Zawgyi-free Burmese line), with URLs, phones and money.
    const input = 'ยินดีด้วย คุณได้รับรางวัล 10,000 บาท กดรับที่ bit.ly/abc\n您好，我是市公安局民警，请联系微信号 police110cn\nမင်္ဂလာပါ ဆုငွေ ရရှိပါပြီ 09123456789\nWin a $1,000 gift card at www.example-prize.xyz now\n\n';
    for (const args of [['score', '-q', '-o', 'jsonl', '--reasons', '5'], ['score', '-q', '-o', 'csv', '-j', '2'], ['score', '--output', 'xml']]) {
      const proc = spawnSync(process.execPath, ['bin/scamscan', ...args], { input, encoding: 'utf8' });
      const inProcess = await run(args, input);
      expect(proc.stdout).toBe(inProcess.stdout);
      expect(proc.stderr).toBe(inProcess.stderr);
      expect(proc.status).toBe(inProcess.code);
    }
    const one = spawnSync(process.execPath, ['bin/scamscan', 'score', '您好，您的快递已到，请点击链接领取退款 bit.ly/abc'], { encoding: 'utf8' });
    expect(one.stdout).toBe((await run(['score', '您好，您的快递已到，请点击链接领取退款 bit.ly/abc'])).stdout);
    expect(one.stdout).toContain('"lang":"cmn"');
  });

  test('the build wrote a V8 code cache that this Node accepts; a Node whose flags reject it gives the same output', () => {
    const bundle = join(process.cwd(), 'dist/cli/scamscan.cjs');
    const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(bundle.replace(/\.cjs$/, '.v8cache')) });
    expect(script.cachedDataRejected).toBe(false);
    // Hand-written message. --stack-size changes V8's flags, so V8 refuses the cache and compiles the bundle.
    const msg = 'ยินดีด้วย คุณได้รับรางวัล 10,000 บาท กดรับที่ bit.ly/abc';
    const cached = spawnSync(process.execPath, ['bin/scamscan', 'score', msg], { encoding: 'utf8' });
    const compiled = spawnSync(process.execPath, ['--stack-size=2000', 'bin/scamscan', 'score', msg], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    expect(compiled.stdout).toBe(cached.stdout);
    expect(JSON.parse(cached.stdout).lang).toBe('tha');
  });

  test('a rebuilt bundle of the same length runs its own code, not the old code cache (V8 checks only the length)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-cache-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist/cli'), { recursive: true });
    copyFileSync(join(process.cwd(), 'bin/scamscan'), join(dir, 'bin/scamscan'));
    const bundle = join(dir, 'dist/cli/scamscan.cjs');
    const build = (word: string) => {
      writeFileSync(bundle, `exports.run = () => { const f = (s) => s + '!'; console.log(f('${word}')); };\n`);
      return spawnSync(process.execPath, [join(dir, 'bin/scamscan')], { encoding: 'utf8', env: { ...process.env, SCAMSCAN_WRITE_CODE_CACHE: '1' } });
    };
    const run = () => spawnSync(process.execPath, [join(dir, 'bin/scamscan')], { encoding: 'utf8' }).stdout;
    expect(build('AAAA').stdout).toBe('AAAA!\n');
    expect(run()).toBe('AAAA!\n');
    expect(build('BBBB').stdout).toBe('BBBB!\n');
    expect(run()).toBe('BBBB!\n');
  });

  test('piped stdin → JSONL on stdout, rows in = rows out, exit 0', () => {
    const input = 'hello there\nยินดีด้วย คุณได้รับรางวัล\n你好\n';
    const r = spawnSync(process.execPath, ['bin/scamscan', 'score'], { input, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['1', '2', '3']);
  });

  test('franc and opencc load lazily through require, and eagerly where Node cannot require ES modules: same output', () => {
    // Hand-written: Traditional Chinese (opencc), a long French message (franc), Thai and English (neither).
    const input = '您的帳戶已被凍結，請聯繫客服\nFélicitations vous avez gagné un prix de mille euros veuillez appeler ce numéro immédiatement\nยินดีด้วย คุณได้รับรางวัล\nwin a prize now\n';
    const lazy = spawnSync(process.execPath, ['bin/scamscan', 'score', '-q'], { input, encoding: 'utf8' });
    // Eager on two worker threads: the workers preload too.
    const eager = spawnSync(process.execPath, ['--no-experimental-require-module', 'bin/scamscan', 'score', '-q', '-j', '2'], { input, encoding: 'utf8' });
    expect(lazy.status).toBe(0);
    expect(eager.status).toBe(0);
    expect(eager.stderr).toBe('');
    expect(eager.stdout).toBe(lazy.stdout);
    expect(lazy.stdout.trim().split('\n').map((l) => JSON.parse(l).lang)).toEqual(['cmn', 'und', 'tha', 'eng']);
    const explained = spawnSync(process.execPath, ['bin/scamscan', 'score', '-q', '--explain'], { input: input.split('\n')[0], encoding: 'utf8' });
    expect(explained.stdout).toContain('"normalized":"您的账户已被冻结,请联系客服"'); // read as Simplified: opencc ran
  });

  test('the library: CommonJS can require it (no top-level await); on a Node that cannot require ES modules, franc needs preloadEsmDependencies() first', () => {
    const cjs = spawnSync(process.execPath, ['-e', 'const S = require("./dist/index.js"); console.log(typeof S.scoreText, S.detectLanguage("Félicitations vous avez gagné un prix de mille euros veuillez appeler ce numéro immédiatement").lang)'], { encoding: 'utf8' });
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout).toBe('function und\n');
    const french = 'Félicitations vous avez gagné un prix de mille euros veuillez appeler ce numéro immédiatement';
    const script = (preload: boolean) =>
      `import('./dist/index.js').then(async (S) => { ${preload ? 'await S.preloadEsmDependencies();' : ''} console.log(S.detectLanguage(${JSON.stringify(french)}).lang); }).catch((e) => console.log(e.message))`;
    const without = spawnSync(process.execPath, ['--no-experimental-require-module', '-e', script(false)], { encoding: 'utf8' });
    expect(without.stdout).toMatch(/^franc is an ES module that Node v[\d.]+ cannot require: use Node ≥ 20\.19, or await preloadEsmDependencies\(\) from scamscan before scoring\n$/);
    const withPreload = spawnSync(process.execPath, ['--no-experimental-require-module', '-e', script(true)], { encoding: 'utf8' });
    expect(withPreload.stdout).toBe('und\n');
  });

  test('--line-buffered answers each message before the next one is sent (resident use through a pipe)', async () => {
    const p = spawn(process.execPath, ['bin/scamscan', 'score', '-o', 'jsonl', '-q', '--line-buffered'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer while stdin stays open')), 20_000)));
      try {
        const r = await Promise.race([lines.next(), timeout]);
        return r.value as string;
      } finally {
        clearTimeout(timer);
      }
    };
    try {
      // Hand-written messages; each is written only after the previous answer has arrived.
      p.stdin.write('ยินดีด้วย คุณได้รับรางวัล 50,000 บาท กดรับที่ bit.ly/3abcd\n');
      const first = JSON.parse(await next());
      p.stdin.write('晚上一起吃饭吗？我六点下班\n');
      const second = JSON.parse(await next());
      expect([first.id, first.lang, second.id, second.lang]).toEqual(['1', 'tha', '2', 'cmn']);
    } finally {
      p.stdin.end();
    }
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    expect(code).toBe(0);
  }, 60_000);

  test('--line-buffered with more than one job is a usage error', async () => {
    const r = spawnSync(process.execPath, ['bin/scamscan', 'score', '--line-buffered', '-j', '2', '-q'], { input: 'hello\n', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('scamscan: --line-buffered scores on one thread; found --jobs 2\n');
    expect(r.stdout).toBe('');
  });

  test('a closed pipe (| head) ends quietly', () => {
    const input = 'one message\n'.repeat(20000);
    const r = spawnSync('bash', ['-c', 'node bin/scamscan score | head -n 1'], { input, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});

describe('eval --loco and --report', () => {
  test('leave-one-corpus-out covers every corpus; the HTML report is self-contained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const lines = readFileSync(corpus, 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'a.tsv'), [lines[0], ...lines.slice(1, 7)].join('\n') + '\n');
    writeFileSync(join(dir, 'b.tsv'), [lines[0], ...lines.slice(7)].join('\n') + '\n');
    const model = join(dir, 'm.json');
    await run(['train', join(dir, 'a.tsv'), join(dir, 'b.tsv'), '-o', model, '--bits', '12', '-q']);
    const report = join(dir, 'r.html');
    const r = await run(['eval', join(dir, 'a.tsv'), join(dir, 'b.tsv'), '-m', model, '--split', 'all', '--loco', '--json', '--report', report]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(Object.keys(e.loco)).toEqual(['a', 'b']);
    expect(e.loco.a.n).toBe(6);
    expect(e.loco.b.n).toBe(4);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('Leave-one-corpus-out');
    expect(html).not.toMatch(/(src|href)="https?:/);
    // Wide tables scroll inside their own box; the legend sits right of the plot area, off the curves.
    expect(html).toContain('.scroll{overflow-x:auto');
    expect(html.match(/<table>/g)!.length).toBe(html.match(/<div class="scroll"><table>/g)!.length);
    const plotRight = Number(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(html)!.slice(1, 3).reduce((a, b) => String(Number(a) + Number(b))));
    const legendX = [...html.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="11" text-anchor="start"/g)].map((m) => Number(m[1]));
    expect(legendX.length).toBeGreaterThan(0);
    expect(Math.min(...legendX)).toBeGreaterThan(plotRight);
  });

  test('typed rows: eval reports per-type precision/recall and the type confusion, in JSON and in the report', async () => {
    // The hand-written tiny corpus with a scam_type column added (prize for every scam row).
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const lines = readFileSync(corpus, 'utf8').trimEnd().split('\n');
    const typed = [lines[0] + '\tscam_type', ...lines.slice(1).map((l) => l + '\t' + (l.split('\t')[2] === 'scam' ? 'prize' : ''))];
    writeFileSync(join(dir, 't.tsv'), typed.join('\n') + '\n');
    const model = join(dir, 'm.json');
    expect((await run(['train', join(dir, 't.tsv'), '-o', model, '--bits', '12', '-q'])).code).toBe(0);
    const report = join(dir, 'r.html');
    const r = await run(['eval', join(dir, 't.tsv'), '-m', model, '--split', 'all', '--json', '--report', report]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as { types: { n: number; byType: Record<string, { n: number; recall: number }>; confusion: Record<string, Record<string, number>> } };
    const scams = lines.slice(1).filter((l) => l.split('\t')[2] === 'scam').length;
    expect(e.types.n).toBe(scams);
    expect(e.types.byType.prize.n).toBe(scams);
    expect(Object.values(e.types.confusion.prize).reduce((a, b) => a + b, 0)).toBe(scams);
    expect(readFileSync(report, 'utf8')).toContain(`Scam types (${scams} typed scam/spam messages`);
  });
});
