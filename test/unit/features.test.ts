import fc from 'fast-check';
import { fnv1a, featureNames, hashFeatures, vectorize, vectorOf, DEFAULT_FEATURES, type FeatureConfig } from '../../src/features/index.js';
import { fnv1aMore, FNV_BASIS } from '../../src/features/hash.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';
import { TYPED } from '../fixtures/typed-messages.js';
import { compilePatterns, matchPatterns } from '../../src/patterns/index.js';
import { readPatterns } from '../../src/io/patterns.js';
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

// The scoring path hashes features without building their names; it must give exactly the reference's features.
describe('hashFeatures (fast path) equals featureNames + vectorize', () => {
  const patterns = compilePatterns(readPatterns());
  const configs: FeatureConfig[] = [
    DEFAULT_FEATURES,
    { ...DEFAULT_FEATURES, langFeature: true, charNgrams: 3, bits: 16 },
    { ...DEFAULT_FEATURES, wordBigrams: false, hanBigrams: false, patternFeatures: false },
  ];
  const same = (text: string, cfg: FeatureConfig) => {
    const n = normalize(text).text;
    const tokens = tokenize(n);
    const hits = matchPatterns(patterns, n);
    const ref = featureNames(tokens, n, 'cmn', cfg, hits);
    const fast = hashFeatures(tokens, n, 'cmn', cfg, hits);
    expect(fast.toArray()).toEqual(ref);
    const v = vectorize(ref, cfg), w = vectorOf(fast);
    expect(Array.from(w.nameIndex)).toEqual(Array.from(v.nameIndex));
    expect(Array.from(w.indices)).toEqual(Array.from(v.indices));
    expect(Array.from(w.values)).toEqual(Array.from(v.values));
  };

  test('continuing the hash over parts equals hashing the joined string', () => {
    expect(fnv1aMore(fnv1aMore(FNV_BASIS, 'w:'), 'รางวัล') >>> 0).toBe(fnv1a('w:รางวัล'));
    expect(fnv1aMore(fnv1aMore(fnv1aMore(FNV_BASIS, 'h:'), '点'), '击') >>> 0).toBe(fnv1a('h:点击'));
  });

  test('hand-written messages in all four languages, under three feature configurations', () => {
    const texts = [
      ...Object.values(HAND_WRITTEN).flatMap((m) => Object.values(m) as string[]),
      ...Object.values(TYPED).flatMap((l) => [...l.typed.map(([, t]) => t), ...l.ham]),
    ];
    expect(texts.length).toBeGreaterThan(100);
    for (const cfg of configs) for (const t of texts) same(t, cfg);
  });

  test('property: random text mixing scripts, entities and astral characters', () => {
    const piece = fc.constantFrom('点击', '链接', '𠀋𠀌', 'รางวัล', 'ငွေချေး', 'win', 'Prize', ' ', '  ', '09123456789', 'bit.ly/x', '$500', '@abc', 'line id: abc123', '。', '😀', 'OTP');
    fc.assert(fc.property(fc.array(piece, { maxLength: 25 }), fc.integer({ min: 0, max: 2 }), (parts, c) => {
      same(parts.join(''), configs[c]);
    }), { numRuns: 300 });
  });
});
