import fc from 'fast-check';
import { LineBytes } from '../../src/io/line-sink.js';

const utf8 = (lines: string[]) => new TextEncoder().encode(lines.map((l) => l + '\n').join(''));

describe('LineBytes: lines encoded as they arrive', () => {
  test('property: the bytes equal encoding the joined lines, and a taken chunk is not touched by later lines', () => {
    // Random text in all four scripts, astral characters and lone surrogates (encoded as U+FFFD, as TextEncoder does).
    const piece = fc.constantFrom('a', '"', '\\', 'ยินดี', '点击链接', 'ငွေ', '𠀋', '😀', '\uD800', '\uDC00', '\t', ' ');
    const line = fc.array(piece, { maxLength: 400 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.array(fc.array(line, { maxLength: 30 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 4096 }), (chunks, initial) => {
      const b = new LineBytes(initial);
      const taken = chunks.map((lines) => {
        for (const l of lines) b.add(l);
        expect(b.length).toBe(utf8(lines).length);
        return b.take();
      });
      taken.forEach((t, i) => expect(Buffer.from(t).equals(Buffer.from(utf8(chunks[i])))).toBe(true));
      expect(b.length).toBe(0);
    }), { numRuns: 300 });
  });

  test('a line far longer than the initial buffer', () => {
    const b = new LineBytes(16);
    const long = '您的快递'.repeat(50_000);
    b.add('x');
    b.add(long);
    expect(Buffer.from(b.take()).toString('utf8')).toBe(`x\n${long}\n`);
  });
});
