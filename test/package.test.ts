/**
 * The package as a user gets it: `npm pack`, install the tarball into an empty folder, then run `score`,
 * `train`, `eval` and the README's library example from there. Needs `dist/` built (npm test builds first)
 * and the dependencies in npm's cache (an `npm ci` of this repository puts them there; otherwise npm fetches
 * what is missing from the registry).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
// npm run-script passes its configuration down as npm_* variables; the inner npm must not inherit them.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

function sh(cmd: string, args: string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', input, timeout: 180_000, maxBuffer: 64 << 20 });
}

/** The first ```js block after the README's "## Library" heading. */
function readmeLibraryExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf('\n## Library');
  expect(at).toBeGreaterThan(0);
  const m = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m).not.toBeNull();
  return m![1];
}

describe('the packed tarball, installed', () => {
  let dir: string;
  let app: string;
  let bin: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scamscan-pack-'));
    const pack = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], root);
    expect(pack.stderr).toBe('');
    expect(pack.status).toBe(0);
    const tarball = join(dir, pack.stdout.trim().split('\n').pop()!);
    app = join(dir, 'app');
    sh('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'try-scamscan', version: '1.0.0', private: true, type: 'module' }));
    const flags = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball];
    // From the cache alone when it holds everything; else npm may fetch what is missing.
    let inst = sh('npm', [...flags, '--offline'], app);
    if (inst.status !== 0) inst = sh('npm', [...flags, '--prefer-offline'], app);
    if (inst.status !== 0) throw new Error(`npm install of the tarball failed:\n${inst.stderr}`);
    bin = join(app, 'node_modules', '.bin', 'scamscan');
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('ships the lexicons, the samples with their licence note, and the top-level LICENSE', () => {
    const pkg = join(app, 'node_modules', 'scamscan');
    for (const f of ['LICENSE', 'src/patterns/tha.json', 'src/patterns/eng.json', 'data/samples/messages.tsv', 'data/samples/README.md', 'models/default.model']) {
      expect([f, existsSync(join(pkg, f))]).toEqual([f, true]);
    }
  });

  test('score: the samples, one JSONL record per row', () => {
    const r = sh(bin, ['score', '-q', '-o', 'jsonl', '-i', 'node_modules/scamscan/data/samples/messages.tsv'], app);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(24);
    expect(rows.every((x) => ['high', 'medium', 'low'].includes(x.label))).toBe(true);
  });

  test('train on every row of the samples, then eval that model', () => {
    const samples = 'node_modules/scamscan/data/samples/messages.tsv';
    const t = sh(bin, ['train', samples, '--all-rows', '--bits', '14', '-q', '-o', 'mine.model'], app);
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    const e = sh(bin, ['eval', samples, '-m', 'mine.model', '--split', 'all', '--json'], app);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const ev = JSON.parse(e.stdout);
    expect(ev.n).toBe(24);
    expect(ev.overall.positives).toBe(12);
  });

  test('explain, inspect, eval --suite, campaigns and iocs run from the package', () => {
    const samples = 'node_modules/scamscan/data/samples/messages.tsv';
    const x = sh(bin, ['explain', '--json', 'Hi, I sent a code to your phone by mistake, can you send me the code please?'], app);
    expect(x.status).toBe(0);
    expect(JSON.parse(x.stdout).cues.fired.map((c: { cue: string }) => c.cue)).toContain('ask_code');
    const i = sh(bin, ['inspect', '--json'], app);
    expect(i.status).toBe(0);
    expect(JSON.parse(i.stdout).version).toBe(6);
    const s = sh(bin, ['eval', '--suite', '--json'], app);
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).summary.all.n).toBeGreaterThan(500);
    for (const cmd of ['campaigns', 'iocs']) {
      const c = sh(bin, [cmd, '-q', '-o', 'jsonl', '-i', samples], app);
      expect([cmd, c.status, c.stderr]).toEqual([cmd, 0, '']);
    }
  });

  test("the README's library example runs", () => {
    const r = sh('node', ['--input-type=module'], app, readmeLibraryExample());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/label/);
  });
});
