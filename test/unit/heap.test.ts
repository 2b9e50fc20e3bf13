import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each case runs in a fresh Node process: the new-space size and V8's growth factor are per process, and the
// Jest worker's own heap has long since grown.
const helper = fileURLToPath(new URL('../fixtures/heap/grow.mjs', import.meta.url));
const heapModule = new URL('../../dist/batch/heap.js', import.meta.url).href;
const maxNewSpaceMb = (capMb: number) => Number(execFileSync(process.execPath, [helper, heapModule, String(capMb)], { encoding: 'utf8' }).trim());

describe('young-generation cap (src/batch/heap.ts)', () => {
  test('without a cap the workload grows new space past 16 MB (so the cases below can fail)', () => {
    expect(maxNewSpaceMb(0)).toBeGreaterThan(16);
  });

  test.each([4, 8, 16])('a %i MB cap holds new space at that size', (cap) => {
    expect(maxNewSpaceMb(cap)).toBe(cap);
  });
});
