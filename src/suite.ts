/**
 * The behavioural suite (CheckList, Ribeiro et al. 2020): hand-written messages with the decision a user
 * expects — `flag` (a lure: high or medium risk), `pass` (a genuine look-alike: low risk), `inv` (a variant
 * with another name, amount, brand, link or script keeps the flagged/not-flagged decision) and `dir` (a
 * variant that adds a risky element must not score lower). Composition only: scoring is `scoreText`.
 */
import { fnv1a } from './features/hash.js';
import type { Model } from './model/format.js';
import { scoreText } from './score.js';

export const SUITE_FORMS = ['tha', 'cmn-Hans', 'cmn-Hant', 'mya', 'mya-Zawgyi', 'eng'] as const;
export type SuiteForm = (typeof SUITE_FORMS)[number];
export const SUITE_TESTS = ['flag', 'pass', 'inv', 'dir'] as const;
export type SuiteTest = (typeof SUITE_TESTS)[number];

export interface SuiteCase {
  readonly id: string;
  readonly form: SuiteForm;
  readonly test: SuiteTest;
  readonly capability: string;
  readonly text: string;
  /** The changed message of an `inv` or `dir` case. */
  readonly variant?: string;
}

/**
 * Which half of the suite a case is in, by a hash of its id: `dev` may be looked at and trained on; `held` is
 * only reported. A Zawgyi case goes where its Unicode twin goes (same id without `-Zawgyi`): normalized, they
 * are the same message.
 */
export type SuiteHalf = 'dev' | 'held';
export const halfOf = (id: string): SuiteHalf => ((fnv1a(`suite:${id.replace('-Zawgyi-', '-')}`) >>> 0) % 2 === 0 ? 'dev' : 'held');

/** A `dir` variant may score this much lower and still pass (scores are printed to four places). */
export const DIR_TOLERANCE = 0.01;

export interface CaseResult {
  readonly id: string;
  readonly form: SuiteForm;
  readonly test: SuiteTest;
  readonly capability: string;
  readonly half: SuiteHalf;
  readonly pass: boolean;
  readonly score: number;
  readonly label: string;
  readonly variantScore?: number;
  readonly variantLabel?: string;
}

export interface Rate {
  n: number;
  passed: number;
}

export interface SuiteReport {
  readonly cases: CaseResult[];
  /** form → test → pass counts (for `pass` cases, `passed` counts those left low). */
  readonly byForm: Record<string, Record<string, Rate>>;
  /** test:capability → pass counts over every form. */
  readonly byCapability: Record<string, Rate>;
}

const flagged = (label: string) => label !== 'low';

/** Score every case and tally pass rates per form × test and per capability. Pure for a given model. */
export function runSuite(model: Model, cases: readonly SuiteCase[], half?: SuiteHalf): SuiteReport {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const h = halfOf(c.id);
    if (half && h !== half) continue;
    const s = scoreText(model, c.text, 0, false);
    const base = { id: c.id, form: c.form, test: c.test, capability: c.capability, half: h, score: s.score, label: s.label };
    if (c.test === 'flag' || c.test === 'pass') {
      results.push({ ...base, pass: flagged(s.label) === (c.test === 'flag') });
    } else {
      const v = scoreText(model, c.variant ?? '', 0, false);
      const pass = c.test === 'inv' ? flagged(v.label) === flagged(s.label) : v.score >= s.score - DIR_TOLERANCE;
      results.push({ ...base, pass, variantScore: v.score, variantLabel: v.label });
    }
  }
  const byForm: Record<string, Record<string, Rate>> = {};
  const byCapability: Record<string, Rate> = {};
  const add = (r: Rate, ok: boolean) => {
    r.n++;
    if (ok) r.passed++;
  };
  for (const r of results) {
    const f = (byForm[r.form] ??= {});
    add((f[r.test] ??= { n: 0, passed: 0 }), r.pass);
    const key = r.capability.startsWith(`${r.test}:`) ? r.capability : `${r.test}:${r.capability}`;
    add((byCapability[key] ??= { n: 0, passed: 0 }), r.pass);
  }
  return { cases: results, byForm, byCapability };
}

export const rate = (r: Rate | undefined): number | null => (r && r.n > 0 ? r.passed / r.n : null);

/** The headline numbers per form: scams flagged, genuine messages flagged, invariance and directional pass rates. */
export function suiteSummary(r: SuiteReport): Record<string, { scamFlagged: number | null; genuineFlagged: number | null; invariance: number | null; directional: number | null; n: number }> {
  const out: ReturnType<typeof suiteSummary> = {};
  for (const form of [...SUITE_FORMS, 'all'] as const) {
    const get = (test: string) => {
      const rates = form === 'all' ? Object.values(r.byForm).map((f) => f[test]).filter(Boolean) : [r.byForm[form]?.[test]].filter(Boolean);
      return rates.reduce((a, b) => ({ n: a.n + b!.n, passed: a.passed + b!.passed }), { n: 0, passed: 0 });
    };
    const flag = get('flag'), pass = get('pass'), inv = get('inv'), dir = get('dir');
    const n = flag.n + pass.n + inv.n + dir.n;
    if (n === 0) continue;
    const genuine = rate(pass);
    out[form] = { scamFlagged: rate(flag), genuineFlagged: genuine === null ? null : 1 - genuine, invariance: rate(inv), directional: rate(dir), n };
  }
  return out;
}
