/**
 * A run cut short — Ctrl-C on a terminal, SIGTERM, a closed pipe — leaves no temp output file, gives the
 * terminal its cursor and line wrap back, says so in one line and exits 130/143 (0 for a closed pipe).
 * The terminal is a pseudo-terminal from util-linux `script`, which turns a written ^C into SIGINT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const big = join(root, 'data/zh-hrwhisper.tsv.gz'); // 107,263 rows: a minute or more on one thread
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_ON = '\x1b[?7h';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Run a shell command line on a pseudo-terminal; `keys` are typed once `ready` holds. */
async function onTerminal(cmd: string, ready: (output: string) => boolean, keys?: string): Promise<{ code: number | null; output: string }> {
  const p = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  p.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  p.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
  try {
    await until('the run to start', () => ready(output));
    if (keys !== undefined) p.stdin.write(keys);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 30_000)));
    const code = await Promise.race([closed, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') throw new Error(`no exit after the keys were typed; output so far: ${JSON.stringify(output.slice(-300))}`);
    return { code, output };
  } finally {
    p.kill('SIGKILL');
    p.stdin.destroy();
  }
}

describe('interrupted runs', () => {
  test('Ctrl-C on a terminal: no temp file, cursor and line wrap restored, one line, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-int-'));
    const out = join(dir, 'out.jsonl');
    const r = await onTerminal(
      `node bin/scamscan score -j 1 -i ${quote(big)} --output-file ${quote(out)}`,
      (o) => o.includes('scoring [') && readdirSync(dir).length > 0,
      '\x03',
    );
    expect(r.code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
    const afterBar = r.output.slice(r.output.lastIndexOf(HIDE_CURSOR));
    expect(afterBar).toContain(SHOW_CURSOR);
    expect(afterBar).toContain(WRAP_ON);
    expect(r.output.match(/scamscan: [^\r\n]*/g)).toEqual(['scamscan: interrupted by SIGINT; no partial output file was left']);
  }, 90_000);

  test('SIGTERM while writing a .gz file from stdin: no temp file, one line on stderr, exit 143', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-int-'));
    const p = spawn(process.execPath, ['bin/scamscan', 'score', '-i', '-', '--output-file', join(dir, 'out.jsonl.gz')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
    p.stdin.write('hello there\nwin a prize now at bit.ly/x\n'); // hand-written; stdin stays open
    await until('the temp file', () => readdirSync(dir).length > 0);
    expect(readdirSync(dir)[0]).toMatch(/^\.out\.jsonl\.gz\.\d+\.tmp$/);
    p.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(stderr).toBe('scamscan: interrupted by SIGTERM; no partial output file was left\n');
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  test('| head with a progress bar on the terminal: exit quietly, cursor and line wrap restored', async () => {
    const r = await onTerminal(`node bin/scamscan score -j 1 -i ${quote(big)} | head -n 1 > /dev/null`, () => true);
    expect(r.code).toBe(0);
    expect(r.output).toContain(HIDE_CURSOR);
    const afterBar = r.output.slice(r.output.lastIndexOf(HIDE_CURSOR));
    expect(afterBar).toContain(SHOW_CURSOR);
    expect(afterBar).toContain(WRAP_ON);
    expect(r.output).not.toMatch(/scamscan:/);
  }, 90_000);
});
