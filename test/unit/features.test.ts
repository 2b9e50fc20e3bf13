import fc from 'fast-check';
import { fnv1a, featureNames, hashFeatures, vectorize, vectorOf, DEFAULT_FEATURES, type FeatureConfig } from '../../src/features/index.js';
import { SHORTENERS, type Token } from '../../src/tokenize/index.js';
import type { Lang } from '../../src/lang/index.js';
import type { PatternHit } from '../../src/patterns/index.js';
import { fnv1aMore, fnv1aRange, FNV_BASIS } from '../../src/features/hash.js';
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

// The implementation that built every feature name as a string, kept here as the reference for the fast path.
function tokenName(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.text;
    case 'number':
      return '<num>';
    default:
      return `<${t.kind}>`;
  }
}

function referenceFeatureNames(tokens: readonly Token[], text: string, lang: Lang, cfg: FeatureConfig, hits?: readonly PatternHit[]): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  if (cfg.langFeature) out.push([`l:${lang}`, 0, 0]);
  if (cfg.patternFeatures && hits) {
    const seen = new Set<string>();
    for (const h of hits) {
      // Intent cues feed the cue layer, not the text model.
      if (h.cue || seen.has(h.type)) continue;
      seen.add(h.type);
      out.push([`t:${h.type}`, h.spans[0][0], h.spans[0][1]]);
    }
  }
  let prev: Token | undefined;
  let hanRun: number[] = [];
  const flushHan = () => {
    if (cfg.hanBigrams && hanRun.length > 0) {
      // Bigrams over the Han characters of a contiguous run of Han tokens.
      let chars = '';
      const start = hanRun[0];
      for (let i = 0; i < hanRun.length; i += 2) chars += text.slice(hanRun[i], hanRun[i + 1]);
      const cps = Array.from(chars);
      let off = start;
      for (let i = 0; i + 1 < cps.length; i++) {
        out.push([`h:${cps[i]}${cps[i + 1]}`, off, off + cps[i].length + cps[i + 1].length]);
        off += cps[i].length;
      }
    }
    hanRun = [];
  };
  for (const t of tokens) {
    const name = tokenName(t);
    if (t.kind === 'word') {
      out.push([`w:${name}`, t.start, t.end]);
      if (cfg.charNgrams > 0 && (t.script === 'thai' || t.script === 'myanmar')) {
        const cps = Array.from(t.text);
        const n = cfg.charNgrams;
        if (cps.length > n) for (let i = 0; i + n <= cps.length; i++) out.push([`c:${cps.slice(i, i + n).join('')}`, t.start, t.end]);
      }
    } else if (t.kind === 'url') {
      const host = t.detail ?? '';
      const info = t.url;
      out.push(['u:any', t.start, t.end]);
      if (host !== 'masked') {
        out.push([`u:tld:${info ? info.suffix : host.slice(host.lastIndexOf('.') + 1)}`, t.start, t.end]);
        out.push([`u:host:${info ? info.domain : host.split('.').slice(-2).join('.')}`, t.start, t.end]);
      }
      if (info ? info.shortener : SHORTENERS.has(host)) out.push(['u:shortener', t.start, t.end]);
      if (info?.ip) out.push(['u:ip', t.start, t.end]);
      if (info?.lookalike) out.push(['u:lookalike', t.start, t.end]);
    } else if (t.kind === 'phone') {
      out.push(['p:any', t.start, t.end]);
      out.push([`p:${t.detail}`, t.start, t.end]);
    } else if (t.kind === 'number') {
      out.push([`n:${t.detail}`, t.start, t.end]);
    } else {
      out.push([`e:${t.kind}`, t.start, t.end]);
      if (t.detail) out.push([`e:${t.kind}:${t.detail}`, t.start, t.end]);
    }
    if (t.kind === 'word' && t.script === 'han') {
      if (hanRun.length > 0 && hanRun[hanRun.length - 1] !== t.start) flushHan();
      hanRun.push(t.start, t.end);
    } else flushHan();
    // Adjacent Han characters are already covered by the h: bigrams.
    if (cfg.wordBigrams && prev && !(prev.script === 'han' && t.script === 'han' && prev.end === t.start)) {
      out.push([`b:${tokenName(prev)} ${name}`, prev.start, t.end]);
    }
    prev = t;
  }
  flushHan();
  return out;
}

// The scoring path hashes features without building their names; it must give exactly the reference's features,
// and each bucket must be the hash of the feature's name.
describe('hashFeatures (fast path) equals the string-building reference + vectorize', () => {
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
    const ref = referenceFeatureNames(tokens, n, 'cmn', cfg, hits);
    // Without the text (token strings hashed) and with it (Thai, Burmese and Han words hashed as its spans).
    for (const fast of [hashFeatures(tokens, 'cmn', cfg, hits), hashFeatures(tokens, 'cmn', cfg, hits, n)]) {
      expect(fast.toArray()).toEqual(ref);
      for (let i = 0; i < fast.length; i++) expect(fast.index[i]).toBe(fnv1a(fast.nameOf(i)) & ((1 << cfg.bits) - 1));
      const v = vectorize(ref, cfg), w = vectorOf(fast);
      expect(Array.from(w.nameIndex)).toEqual(Array.from(v.nameIndex));
      expect(Array.from(w.indices)).toEqual(Array.from(v.indices));
      expect(Array.from(w.values)).toEqual(Array.from(v.values));
    }
  };

  test('continuing the hash over parts equals hashing the joined string', () => {
    expect(fnv1aMore(fnv1aMore(FNV_BASIS, 'w:'), 'รางวัล') >>> 0).toBe(fnv1a('w:รางวัล'));
    expect(fnv1aMore(fnv1aMore(fnv1aMore(FNV_BASIS, 'h:'), '点'), '击') >>> 0).toBe(fnv1a('h:点击'));
    // A span hashes as its slice, a surrogate pair cut by the span's end as U+FFFD (what the slice holds).
    const s = 'x点击𠀋y';
    for (let i = 0; i <= s.length; i++) for (let j = i; j <= s.length; j++) expect(fnv1aRange(FNV_BASIS, s, i, j)).toBe(fnv1aMore(FNV_BASIS, s.slice(i, j)));
  });

  test('hand-written messages in all four languages, under three feature configurations', () => {
    const texts = [
      ...Object.values(HAND_WRITTEN).flatMap((m) => Object.values(m) as string[]),
      ...Object.values(TYPED).flatMap((l) => [...l.typed.map(([, t]) => t), ...l.ham]),
    ];
    expect(texts.length).toBeGreaterThan(100);
    for (const cfg of configs) for (const t of texts) same(t, cfg);
  });

  test('vectors kept while later messages are hashed stay as they were (per-message arrays share memory blocks)', () => {
    const texts = Object.values(TYPED).flatMap((l) => [...l.typed.map(([, t]) => t), ...l.ham]);
    const kept = Array.from({ length: 40 }, () => texts).flat().map((t) => {
      const n = normalize(t).text;
      const fast = hashFeatures(tokenize(n), 'cmn', DEFAULT_FEATURES, matchPatterns(patterns, n));
      return { t, fast, v: vectorOf(fast) };
    });
    expect(kept.length).toBeGreaterThan(2000);
    for (const { t, fast, v } of kept) {
      const n = normalize(t).text;
      const ref = vectorize(referenceFeatureNames(tokenize(n), n, 'cmn', DEFAULT_FEATURES, matchPatterns(patterns, n)), DEFAULT_FEATURES);
      expect(fast.toArray().map(([name]) => fnv1a(name) & ((1 << DEFAULT_FEATURES.bits) - 1))).toEqual(Array.from(fast.index));
      expect(Array.from(v.indices)).toEqual(Array.from(ref.indices));
      expect(Array.from(v.values)).toEqual(Array.from(ref.values));
    }
  });

  test('property: random text mixing scripts, entities and astral characters', () => {
    const piece = fc.constantFrom('点击', '链接', '𠀋𠀌', 'รางวัล', 'ငွေချေး', 'win', 'Prize', ' ', '  ', '09123456789', 'bit.ly/x', '$500', '@abc', 'line id: abc123', '。', '😀', 'OTP');
    fc.assert(fc.property(fc.array(piece, { maxLength: 25 }), fc.integer({ min: 0, max: 2 }), (parts, c) => {
      same(parts.join(''), configs[c]);
    }), { numRuns: 300 });
  });
});
