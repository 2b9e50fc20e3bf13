/**
 * The behavioural suite (data/suite/, hand-written cases) on the shipped model, with floors a little under what
 * the shipped model reaches (models/MODEL_CARD.md), so a regression fails. They are below the project's targets
 * (≥ 90 % of lures flagged, ≤ 5 % of genuine messages flagged in every language form): the card says where the
 * model still falls short.
 */
import { readModel } from '../src/io/modelfile.js';
import { readSuite } from '../src/io/suite.js';
import { halfOf, runSuite, suiteSummary, SUITE_FORMS } from '../src/suite.js';

const model = readModel();
const cases = readSuite();
const summary = suiteSummary(runSuite(model, cases));

const SCAM_FLAGGED_FLOOR = 0.8;
const GENUINE_FLAGGED_CEILING = 0.16;

describe('behavioural suite on the shipped model', () => {
  test('every language form has cases of all four kinds', () => {
    for (const form of SUITE_FORMS) {
      for (const test of ['flag', 'pass', 'dir']) expect(cases.filter((c) => c.form === form && c.test === test).length).toBeGreaterThanOrEqual(8);
      expect(cases.filter((c) => c.form === form && c.test === 'inv').length).toBeGreaterThanOrEqual(form === 'eng' ? 8 : 10);
    }
  });

  test.each(SUITE_FORMS.map((f) => [f]))('%s: lures flagged and genuine messages left low', (form) => {
    const s = summary[form];
    expect(s.scamFlagged).toBeGreaterThanOrEqual(SCAM_FLAGGED_FLOOR);
    expect(s.genuineFlagged).toBeLessThanOrEqual(GENUINE_FLAGGED_CEILING);
  });

  test('invariance and directional cases hold overall', () => {
    expect(summary.all.invariance).toBeGreaterThanOrEqual(0.95);
    expect(summary.all.directional).toBeGreaterThanOrEqual(0.95);
  });

  test('a Zawgyi case lands in the same half as its Unicode twin, and both halves are used', () => {
    const zawgyi = cases.filter((c) => c.form === 'mya-Zawgyi' && c.test !== 'inv');
    expect(zawgyi.length).toBeGreaterThan(50);
    for (const c of zawgyi) expect(halfOf(c.id)).toBe(halfOf(c.id.replace('mya-Zawgyi-', 'mya-')));
    const dev = cases.filter((c) => halfOf(c.id) === 'dev').length;
    expect(dev / cases.length).toBeGreaterThan(0.35);
    expect(dev / cases.length).toBeLessThan(0.65);
  });
});
