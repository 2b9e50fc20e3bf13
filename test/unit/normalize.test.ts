import fc from 'fast-check';
import { hasInvisible, INVISIBLE_TEST, invisibleOffsets, nfkcWithOffsets, normalize, normalizeText, originalSpan, zawgyiProbability } from '../../src/normalize/index.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';
import { deriveT2sTable, toSimplified } from '../../src/normalize/chinese.js';
import { T2S_CHARS, T2S_PHRASES } from '../../src/normalize/t2s-table.js';

// Examples below are hand-written for tests (see fixtures/messages.ts).
describe('normalize', () => {
  test('NFKC folds full-width letters and digits (all four languages keep their letters)', () => {
    expect(normalize('ＷＩＮ　１０００').text).toBe('WIN 1000');
    expect(normalize('恭喜！您中奖了').text).toBe('恭喜!您中奖了');
    expect(normalize(HAND_WRITTEN.tha.ham).text).toBe(HAND_WRITTEN.tha.ham);
    expect(normalize(HAND_WRITTEN.mya.ham).text).toBe(HAND_WRITTEN.mya.ham);
  });

  test('Thai SARA AM survives NFKC (it would split into two marks)', () => {
    expect(normalize('ทำงาน').text).toBe('ทำงาน');
    expect(normalize('ทำงาน').text).toHaveLength(5);
  });

  test('invisible characters are removed, with offsets pointing back into the original', () => {
    const src = 'cl\u200bick\u00ad here\ufeff';
    const n = normalize(src);
    expect(n.text).toBe('click here');
    expect(src.slice(...originalSpan(n, 0, 5))).toBe('cl\u200bick');
    expect(src.slice(...originalSpan(n, 6, 10))).toBe('here');
  });

  test('Thai, Burmese and Arabic-Indic digits become ASCII digits', () => {
    expect(normalize('โอน ๕๐๐ บาท').text).toBe('โอน 500 บาท');
    expect(normalize('၀၉၁၂၃').text).toBe('09123');
    expect(normalize('٣٤٥').text).toBe('345');
  });

  test('Traditional Chinese maps to Simplified', () => {
    const n = normalize(HAND_WRITTEN.cmn.traditional);
    expect(n.traditional).toBe(true);
    expect(n.text).toBe('您的账户存在异常,请立即点击连结验证身份,否则将被冻结');
    expect(normalize(HAND_WRITTEN.cmn.ham).traditional).toBe(false);
    // opencc is not always a fixed point (麼 → 么 → 幺); found by the idempotence property.
    expect(normalize(normalize('麼').text).text).toBe(normalize('麼').text);
    expect(normalize('什么').text).toBe('什么');
  });

  test('Zawgyi-encoded Burmese is detected and converted to Unicode', () => {
    const zawgyi = 'ေနေကာင္းလား'; // "how are you" typed in Zawgyi
    expect(zawgyiProbability(zawgyi)).toBeGreaterThan(0.95);
    const n = normalize(zawgyi);
    expect(n.zawgyi).toBe(true);
    expect(n.text).toBe('နေကောင်းလား');
    expect(normalize('နေကောင်းလား').zawgyi).toBe(false);
    expect(zawgyiProbability(HAND_WRITTEN.eng.ham)).toBe(0);
  });

  test('property: idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const once = normalize(s).text;
        expect(normalize(once).text).toBe(once);
      }),
      { numRuns: 500 },
    );
    // Hand-written messages, and a random string CI once found: Hebrew yod + hiriq + U+1065 converts from
    // Zawgyi to text whose marks NFKC reorders into something the detector calls Zawgyi again.
    for (const s of [...Object.values(HAND_WRITTEN).flatMap((v) => Object.values(v)), '\u05d9\u05b4\u1065']) {
      const once = normalize(s).text;
      expect(normalize(once).text).toBe(once);
    }
  });

  test('property: the invisible-character scan answers as the regular expression it replaces', () => {
    // Code units around every edge the scan tests: table entries, surrogates (paired, lone, tag characters).
    const units = [0x41, 0xac, 0xad, 0xae, 0x200b, 0x200c, 0x2010, 0x1000, 0x0e01, 0x4e2d, 0xfeff, 0xfff9, 0xfffc, 0xd83d, 0xde00, 0xdb40, 0xdc00, 0xdc7f, 0xdc80, 0xdbff, 0xdfff, 0xd800];
    const unitString = fc.array(fc.constantFrom(...units), { maxLength: 12 }).map((a) => String.fromCharCode(...a));
    fc.assert(
      fc.property(fc.oneof(unitString, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        expect(hasInvisible(s)).toBe(INVISIBLE_TEST.test(s));
      }),
      { numRuns: 3000 },
    );
    expect(hasInvisible('ok \u{E0041} tag')).toBe(true);
    expect(hasInvisible('emoji \u{1F600} only')).toBe(false);
    expect(hasInvisible('lone \ud83d')).toBe(true);
  });

  test('property: the fast path (no offsets) gives the same text as the full one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(normalizeText(s).text).toBe(normalize(s).text);
      }),
      { numRuns: 1000 },
    );
    for (const s of [...Object.values(HAND_WRITTEN).flatMap((v) => Object.values(v)), 'ทำ ＡＢＣ ๑๒ a\u200bb ﬁ ½ ေနေကာင္းလား']) {
      expect(normalizeText(s).text).toBe(normalize(s).text);
    }
  });

  test('property: when the fast path says "aligned", the offset map is the identity', () => {
    const check = (s: string) => {
      if (!normalizeText(s).aligned) return;
      const n = normalize(s);
      for (let i = 0; i < n.offsets.length; i++) expect(n.offsets[i]).toBe(i);
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), check), { numRuns: 1000 });
    for (const s of ['請點擊連結 ＡＢＣ', 'v1sa fr33 Ρayрal', '您好，欢迎', 'ยินดีด้วย ๑๒๓']) {
      expect(normalizeText(s).aligned).toBe(true);
      check(s);
    }
    expect(normalizeText('a\u200bb').aligned).toBe(false);
    expect(normalizeText('w h a t s a p p').aligned).toBe(false);
  });

  test('property: when the fast path says only invisible characters moved, invisibleOffsets is the full offset map', () => {
    // Text pieces with invisible characters (zero-width space/joiners, BOM, soft hyphen, word joiner, a tag
    // character) among pieces that change length another way (ligature, Zawgyi, spaced letters, Thai SARA AM).
    const piece = fc.oneof(
      fc.constantFrom('\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u2060', '\udb40\udc20'),
      fc.string({ unit: 'grapheme', maxLength: 5 }),
      fc.constantFrom('ﬁ', 'ＡＢ', 'ทำ', 'မင်္ဂလာပါ', 'ေနေကာင္းလား', 'w h a t s', '１２', '請點擊', 'v1sa', ' '),
    );
    let seen = 0;
    const check = (s: string) => {
      const fast = normalizeText(s);
      if (!fast.invisibleOnly) return;
      seen++;
      expect(fast.aligned).toBe(false);
      const full = normalize(s);
      expect(fast.text).toBe(full.text);
      expect(Array.from(invisibleOffsets(s))).toEqual(Array.from(full.offsets));
    };
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), check), { numRuns: 2000 });
    for (const s of ['a\u200bb', 'မင်္ဂလာပါ\u200b ခင်ဗျာ\u200b', '\ufeffสวัสดี\u200bครับ']) {
      expect(normalizeText(s).invisibleOnly).toBe(true);
      check(s);
    }
    expect(normalizeText('ﬁ\u200b').invisibleOnly).toBe(false); // the ligature moves characters too
    // Tag characters (astral; once let through by a regex that matched their surrogates) go on both paths.
    expect(normalize('a\u{E0041}\u{E007F}b').text).toBe('ab');
    expect(normalizeText('a\u{E0041}\u{E007F}b').text).toBe('ab');
    expect(Array.from(invisibleOffsets('a\u{E0041}b'))).toEqual([0, 3, 4]);
    expect(seen).toBeGreaterThan(100);
  });

  test('property: NFKC with offsets copies stable characters as normalizing every chunk would', () => {
    // Reference: the chunk-by-chunk version that normalizes every chunk (the code before the fast copy).
    const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
    const ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0e50, 0x0ed0, 0x1040, 0x1090, 0x17e0, 0x1810];
    const DIGITS = /[\u0660-\u0669\u06F0-\u06F9\u07C0-\u07C9\u0966-\u096F\u09E6-\u09EF\u0E50-\u0E59\u0ED0-\u0ED9\u1040-\u1049\u1090-\u1099\u17E0-\u17E9\u1810-\u1819]/g;
    const reference = (text: string, prev: Int32Array) => {
      const out: string[] = [];
      const offs: number[] = [];
      const re = /\P{M}\p{M}*|\p{M}+/gsu;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const chunk = m[0];
        let n = chunk.normalize('NFKC').replace(/\u0E4D\u0E32/g, '\u0E33').replace(INVISIBLE, '');
        n = n.replace(DIGITS, (d) => String.fromCharCode(48 + d.charCodeAt(0) - ZEROS.find((z) => d.charCodeAt(0) >= z && d.charCodeAt(0) <= z + 9)!));
        for (let k = 0; k < n.length; k++) offs.push(prev[m.index + Math.min(k, chunk.length - 1)]);
        out.push(n);
      }
      offs.push(prev[text.length]);
      return { text: out.join(''), offsets: Array.from(offs) };
    };
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      // Marks after stable letters (also astral ones), compatibility characters, Thai SARA AM, Burmese that
      // composes (U+1025 U+102E → U+1026), Thai/Burmese digits, invisible characters.
      fc.constantFrom('e\u0301', 'a\u{1D167}', '\u0301', 'ﬁ', '…', '㎡', 'ＡＢ', 'ทำ', 'ก\u0E4D\u0E32', '\u1025\u102E', 'ဥ\u102E', '๑๒', '၁၂', '\u200b', '\u{E0041}', '한국', '\u1100\u1161'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }).map((a) => a.join('')), (s) => {
        const prev = Int32Array.from({ length: s.length + 1 }, (_, i) => 3 * i + 1);
        const got = nfkcWithOffsets(s, prev);
        const want = reference(s, prev);
        expect(got.text).toBe(want.text);
        expect(Array.from(got.offsets)).toEqual(want.offsets);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: offsets are non-decreasing and inside the original; never throws (lone surrogates too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const n = normalize(s);
        expect(n.offsets).toHaveLength(n.text.length + 1);
        for (let i = 0; i < n.offsets.length; i++) {
          expect(n.offsets[i]).toBeGreaterThanOrEqual(0);
          expect(n.offsets[i]).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(n.offsets[i]).toBeGreaterThanOrEqual(n.offsets[i - 1]);
        }
        expect(n.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      }),
      { numRuns: 500 },
    );
  });
});

test('a 1 MB message of mixed scripts and junk normalizes without throwing (and without quadratic blow-up)', () => {
  const chunk = 'Ρayрal ยินดี\u200b 您的帳戶 ေငြ \ud800 w h a t s a p p fr33 ';
  const big = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
  const t0 = performance.now();
  const n = normalize(big);
  expect(n.text.length).toBeGreaterThan(500_000);
  // Linear work takes a few seconds at most on a loaded 2-core machine; the quadratic Zawgyi conversion this
  // test caught took over 200 s.
  expect(performance.now() - t0).toBeLessThan(30_000);
}, 60_000);

describe('Traditional → Simplified table', () => {
  // The table that decides which messages go through opencc is shipped precomputed (start-up cost); it must
  // stay what opencc's installed dictionaries give, or Traditional messages would slip through unconverted.
  test('the shipped table equals the one derived from opencc-js (else run `npm run gen:t2s`)', () => {
    const derived = deriveT2sTable();
    expect(derived.chars.length).toBeGreaterThan(3000);
    expect(T2S_CHARS).toBe(derived.chars);
    expect(T2S_PHRASES).toEqual(derived.phrases);
  });

  test('a character and a phrase from the table convert; 么 and clean Simplified text are left alone', () => {
    expect(toSimplified('帳戶異常')).toBe('账户异常'); // hand-written
    expect(toSimplified('黑沈沈')).toBe('黑沉沉'); // a phrase whose characters do not convert alone
    expect(toSimplified('你在说什么')).toBe('你在说什么');
  });
});
