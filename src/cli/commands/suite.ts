/** `scamscan eval --suite`: pass rates of a model on the behavioural suite, per language form and capability. */
import type { Context } from '../context.js';
import { readModel } from '../../io/modelfile.js';
import { readSuite } from '../../io/suite.js';
import { UsageError } from '../../io/errors.js';
import { rate, runSuite, suiteSummary, type SuiteHalf } from '../../suite.js';
import { table } from '../render.js';

export interface SuiteOptions {
  model?: string;
  suite?: string | true;
  half?: string;
  json?: boolean;
  failures?: boolean;
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

export async function runSuiteCommand(opts: SuiteOptions, ctx: Context): Promise<number> {
  const half = (opts.half ?? 'all') as SuiteHalf | 'all';
  if (!['dev', 'held', 'all'].includes(half)) throw new UsageError(`--half: expected dev, held or all; found "${opts.half}"`);
  const model = readModel(opts.model);
  const cases = readSuite(typeof opts.suite === 'string' ? opts.suite : undefined);
  const report = runSuite(model, cases, half === 'all' ? undefined : half);
  const summary = suiteSummary(report);
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ half, summary, byForm: report.byForm, byCapability: report.byCapability, ...(opts.failures ? { failures: report.cases.filter((c) => !c.pass) } : {}) }, null, 2) + '\n');
    return 0;
  }
  const head = ['form', 'cases', 'scams flagged', 'genuine flagged', 'invariance', 'directional'];
  const body = Object.entries(summary).map(([f, s]) => [f, String(s.n), pct(s.scamFlagged), pct(s.genuineFlagged), pct(s.invariance), pct(s.directional)]);
  ctx.stdout.write(`Behavioural suite (${half === 'all' ? 'all cases' : `${half} half`}; flagged = high or medium risk)\n${table([head, ...body], ctx.color)}\n`);
  const caps = Object.entries(report.byCapability).sort(([a], [b]) => (a < b ? -1 : 1));
  ctx.stdout.write(`\nBy capability (pass rate over every form)\n${table([['test:capability', 'n', 'pass'], ...caps.map(([k, r]) => [k, String(r.n), pct(rate(r))])], ctx.color)}\n`);
  if (opts.failures) {
    const failed = report.cases.filter((c) => !c.pass);
    ctx.stdout.write(`\nFailed cases (${failed.length})\n`);
    for (const c of failed) ctx.stdout.write(`${c.id}\t${c.test}\t${c.label} ${c.score}${c.variantLabel ? ` → ${c.variantLabel} ${c.variantScore}` : ''}\n`);
  }
  return 0;
}
