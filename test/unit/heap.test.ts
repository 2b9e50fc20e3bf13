import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HEAP_FLAGS_VERIFIED } from '../../src/batch/heap.js';

// Each case runs in a fresh Node process: the new-space size and V8's growth factor are per process, and the
// Jest worker's own heap has long since grown.
const helper = fileURLToPath(new URL('../fixtures/heap/grow.mjs', import.meta.url));
const heapModule = new URL('../../dist/batch/heap.js', import.meta.url).href;
const maxNewSpaceMb = (capMb: number, worker = false) => Number(execFileSync(process.execPath, [helper, heapModule, String(capMb), ...(worker ? ['worker'] : [])], { encoding: 'utf8' }).trim());

// The heap settings use V8 flags only on the V8 they were verified on (Node 20's 11.x); elsewhere they do nothing.
const describeCap = HEAP_FLAGS_VERIFIED ? describe : describe.skip;

describeCap('young-generation cap (src/batch/heap.ts)', () => {
  test('without a cap the workload grows new space past 16 MB (so the cases below can fail)', () => {
    expect(maxNewSpaceMb(0)).toBeGreaterThan(16);
  });

  test.each([4, 8, 16])('a %i MB cap holds new space at that size', (cap) => {
    expect(maxNewSpaceMb(cap)).toBe(cap);
  });

  test('the cap holds when a worker thread starts after it was reached (V8 resets the growth factor for a new isolate)', () => {
    expect(maxNewSpaceMb(16, true)).toBe(16);
  });
});

describeCap('old-generation growth pinned (src/batch/heap.ts)', () => {
  const oldgen = fileURLToPath(new URL('../fixtures/heap/oldgen.mjs', import.meta.url));
  // The growth factor V8 printed with the first old-generation limit it set (--trace-gc-verbose).
  const firstFactor = (pin: boolean) => {
    const out = execFileSync(process.execPath, ['--trace-gc-verbose', oldgen, heapModule, pin ? 'pin' : 'none'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /\[HeapController\] Limit: .*\(([\d.]+)\)/.exec(out);
    return m ? Number(m[1]) : NaN;
  };

  test('without it the first full collection takes the maximum factor (so the case below can fail)', () => {
    expect(firstFactor(false)).toBeGreaterThanOrEqual(2);
  });

  test('with it every limit, the first included, is set at 1.1 times the live size', () => {
    expect(firstFactor(true)).toBe(1.1);
  });
});
