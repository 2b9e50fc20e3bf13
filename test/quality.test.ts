/**
 * Quality floor and reproducibility. Retrains on the shipped corpora in data/ with the README's exact command
 * (`scamscan train data/*.tsv.gz --suite-train --seed 1 -o …`, run as a subprocess of the built CLI), then:
 *  - asserts the new model file is byte-for-byte the shipped one (same data, same seed → same model);
 *  - asserts a floor on held-out test-split AP per language and overall, set a little under the figures
 *    measured for the shipped model (models/MODEL_CARD.md), so a real regression fails;
 *  - asserts calibration (ECE ≤ 0.05 on the test split).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLOORS: Record<string, number> = { all: 0.96, tha: 0.94, cmn: 0.96, mya: 0.93, eng: 0.97 };

interface GroupMetrics {
  n: number;
  ap: number | null;
  ece: number;
}

describe('quality on the held-out test split', () => {
  let heldOut: { overall: GroupMetrics; byLang: Record<string, GroupMetrics> };
  let modelPath: string;
  beforeAll(() => {
    const root = process.cwd();
    const files = readdirSync(join(root, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort().map((f) => join('data', f));
    modelPath = join(mkdtempSync(join(tmpdir(), 'scamscan-quality-')), 'default.model');
    const r = spawnSync(process.execPath, ['bin/scamscan', 'train', ...files, '--suite-train', '--seed', '1', '-o', modelPath, '--json', '-q'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`train failed (${r.status}): ${r.stderr}`);
    heldOut = JSON.parse(r.stdout).test;
  }, 900_000);

  test.each(Object.entries(FLOORS))('AP %s ≥ %f', (group, floor) => {
    const m = group === "all" ? heldOut.overall : heldOut.byLang[group];
    expect(m).toBeDefined();
    expect(m.n).toBeGreaterThan(100);
    expect(m.ap).toBeGreaterThanOrEqual(floor);
  });

  test('calibrated: ECE on the test split ≤ 0.05', () => {
    expect(heldOut.overall.ece).toBeLessThanOrEqual(0.05);
  });

  test('retraining with the README command reproduces the shipped model byte for byte', () => {
    const shipped = readFileSync(join(process.cwd(), 'models/default.model'));
    expect(readFileSync(modelPath).equals(shipped)).toBe(true);
  });
});
