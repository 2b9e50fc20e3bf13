import fc from 'fast-check';
import { copyI32, copyU32, f32, i32, u32 } from '../../src/features/arena.js';

describe('typed arrays carved from shared blocks (src/features/arena.ts)', () => {
  test('property: each array starts zeroed and keeps its contents whatever is allocated after it', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('u32', 'i32', 'f32'), fc.integer({ min: 0, max: 20_000 })), { minLength: 1, maxLength: 120 }), (specs) => {
      const made = specs.map(([kind, n], k) => {
        const a = kind === 'u32' ? u32(n) : kind === 'i32' ? i32(n) : f32(n);
        expect(a.length).toBe(n);
        expect(a.every((x) => x === 0)).toBe(true);
        expect(a.byteOffset % 8).toBe(0);
        a.fill(k + 1);
        return a;
      });
      made.forEach((a, k) => expect(a.every((x) => x === k + 1)).toBe(true));
    }), { numRuns: 200 });
  });

  test('copies hold the first n elements and are independent of the source', () => {
    const src = Uint32Array.from([5, 4, 3, 2, 1]);
    const c = copyU32(src, 3);
    src[0] = 99;
    expect(Array.from(c)).toEqual([5, 4, 3]);
    expect(Array.from(copyI32(Int32Array.from([-1, 7]), 2))).toEqual([-1, 7]);
  });
});
