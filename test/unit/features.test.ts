import fc from 'fast-check';
import { fnv1a, featureNames, vectorize, DEFAULT_FEATURES } from '../../src/features/index.js';
import { tokenize } from '../../src/tokenize/index.js';
import { normalize } from '../../src/normalize/index.js';

function reference(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

const names = (t: string, lang: 'tha' | 'cmn' | 'mya' | 'eng') => {
  const n = normalize(t).text;
  return featureNames(tokenize(n), n, lang, DEFAULT_FEATURES).map((x) => x[0]);
};

describe('feature hash (frozen: saved models depend on it)', () => {
  test('known outputs for Thai, Chinese, Burmese, English and astral text', () => {
    expect(fnv1a('')).toBe(2166136261);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('w:รางวัล')).toBe(4107806705);
    expect(fnv1a('h:点击')).toBe(3583600658);
    expect(fnv1a('w:ငွေ')).toBe(2123162959);
    expect(fnv1a('w:win')).toBe(2623660330);
    expect(fnv1a('😀')).toBe(866293256);
  });

  test('property: equals FNV-1a over the UTF-8 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => fnv1a(s) === reference(s)), { numRuns: 1000 });
  });
});

// Hand-written examples, not collected data.
describe('featureNames', () => {
  test('namespaces: words, bigrams, Han character bigrams (no language feature by default)', () => {
    expect(names('点击链接', 'cmn')).toEqual(['w:点', 'w:击', 'w:链', 'w:接', 'h:点击', 'h:击链', 'h:链接']);
    expect(names('win a prize', 'eng')).toEqual(['w:win', 'w:a', 'b:win a', 'w:prize', 'b:a prize']);
  });

  test('entities become class features, not their digits or letters', () => {
    const f = names('รับเงินที่ bit.ly/xyz โทร 0812345678', 'tha');
    expect(f).toEqual(expect.arrayContaining(['u:any', 'u:tld:ly', 'u:host:bit.ly', 'u:shortener', 'p:any', 'p:th-mobile', 'b:<url> โทร']));
    expect(f.some((x) => x.includes('0812345678'))).toBe(false);
  });

  test('Burmese syllable unigrams and bigrams', () => {
    expect(names('ငွေချေး', 'mya')).toEqual(['w:ငွေ', 'w:ချေး', 'b:ငွေ ချေး']);
  });

  test('vectorize: sorted unique indices, L2-normalised values', () => {
    const v = vectorize([['w:a', 0, 1], ['w:b', 2, 3], ['w:a', 4, 5]], DEFAULT_FEATURES);
    expect(v.indices.length).toBe(2);
    expect(v.indices[0]).toBeLessThan(v.indices[1]);
    expect(v.values[0]).toBeCloseTo(1 / Math.sqrt(2));
    expect(v.nameIndex[0]).toBe(v.nameIndex[2]);
  });
});

test('the language feature is emitted when the configuration asks for it', () => {
  const n = normalize('win').text;
  expect(featureNames(tokenize(n), n, 'eng', { ...DEFAULT_FEATURES, langFeature: true }).map((x) => x[0])).toEqual(['l:eng', 'w:win']);
});
