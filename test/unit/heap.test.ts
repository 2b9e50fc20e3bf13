import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { YOUNG_GENERATION_FLAGS_VERIFIED } from '../../src/batch/heap.js';

// Each case runs in a fresh Node process: the new-space size and V8's growth factor are per process, and the
// Jest worker's own heap has long since grown.
const helper = fileURLToPath(new URL('../fixtures/heap/grow.mjs', import.meta.url));
const heapModule = new URL('../../dist/batch/heap.js', import.meta.url).href;
const maxNewSpaceMb = (capMb: number) => Number(execFileSync(process.execPath, [helper, heapModule, String(capMb)], { encoding: 'utf8' }).trim());

// The cap uses V8 flags only on the V8 they were verified on (Node 20's 11.x); elsewhere it does nothing.
const describeCap = YOUNG_GENERATION_FLAGS_VERIFIED ? describe : describe.skip;

describeCap('young-generation cap (src/batch/heap.ts)', () => {
  test('without a cap the workload grows new space past 16 MB (so the cases below can fail)', () => {
    expect(maxNewSpaceMb(0)).toBeGreaterThan(16);
  });

  test.each([4, 8, 16])('a %i MB cap holds new space at that size', (cap) => {
    expect(maxNewSpaceMb(cap)).toBe(cap);
  });
});
