import { compilePatterns, findTerms, matchPatterns, parsePatternFile, typeEvidence, type Pattern } from '../../src/patterns/index.js';
import { normalize, normalizeText } from '../../src/normalize/index.js';
import { readPatterns } from '../../src/io/patterns.js';
import fc from 'fast-check';

// Hand-written patterns and messages, not collected data.
const P: Pattern[] = [
  { id: 't.loan', type: 'loan', weight: 2, any: ['loan', 'verif*', 'gift card'], example: 'fast loan' },
  { id: 't.parcel', type: 'parcel_delivery', weight: 3, all: [['พัสดุ', 'parcel'], ['ค่าธรรมเนียม', 'fee']], example: 'พัสดุ ค่าธรรมเนียม' },
  { id: 't.authority', type: 'impersonation_authority', weight: 3, any: ['安全账户'], example: '安全账户' },
  { id: 't.gamble', type: 'gambling', weight: 2, any: ['2d', 'ဘော်လုံး'], example: '2D' },
];
const set = compilePatterns(P);
const ids = (text: string) => matchPatterns(set, normalizeText(text).text).map((h) => h.id);

describe('pattern matcher', () => {
  test('Latin terms match whole words, a plural s, any case', () => {
    expect(ids('Get a LOAN today')).toEqual(['t.loan']);
    expect(ids('two loans approved')).toEqual(['t.loan']);
    expect(ids('download the app')).toEqual([]); // "loan" inside a word
    expect(ids('loaner car')).toEqual([]);
  });

  test('a trailing * makes a prefix; a space matches any run of whitespace', () => {
    expect(ids('please verify now')).toEqual(['t.loan']);
    expect(ids('Verification needed')).toEqual(['t.loan']);
    expect(ids('a free gift   card')).toEqual(['t.loan']);
    expect(ids('a free gift\ncard')).toEqual(['t.loan']);
    expect(ids('a giftcard')).toEqual([]);
  });

  test('Thai, Chinese and Burmese terms match as substrings', () => {
    expect(ids('พัสดุของคุณค้างชำระค่าธรรมเนียม')).toEqual(['t.parcel']);
    expect(ids('请把资金转入安全账户')).toEqual(['t.authority']);
    expect(ids('ဘော်လုံးပွဲ လောင်းကြေး')).toEqual(['t.gamble']);
  });

  test('`all` needs a hit in every group; `any` in one', () => {
    expect(ids('พัสดุของคุณมาถึงแล้ว')).toEqual([]);
    expect(ids('your parcel: pay the fee')).toEqual(['t.parcel']);
  });

  test('matching runs on the normalized text: Traditional, full-width, Zawgyi digits, homoglyphs', () => {
    expect(ids('請把資金轉入安全帳戶')).toEqual(['t.authority']);
    expect(ids('ＬＯＡＮ')).toEqual(['t.loan']);
    expect(ids('၂D ထီ')).toEqual(['t.gamble']); // Burmese digit two
    expect(ids('lоan offer')).toEqual(['t.loan']); // Cyrillic о
    expect(ids('l o a n offer')).toEqual(['t.loan']); // spaced letters
  });

  test('spans point at the first hit of each group, in the normalized text', () => {
    const text = normalize('Your parcel is held; pay the fee').text;
    const [hit] = matchPatterns(set, text);
    expect(hit.spans.map(([s, e]) => text.slice(s, e))).toEqual(['parcel', 'fee']);
  });

  test('type evidence adds the weights of the patterns that fired', () => {
    const hits = matchPatterns(set, 'loan, then a parcel fee and verify');
    expect(Object.fromEntries(typeEvidence(hits))).toEqual({ loan: 2, parcel_delivery: 3 });
  });

  test('findTerms never reports a span outside the text (any input)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const f = findTerms(set, s);
        for (let i = 0; i < f.length; i += 2) if (f[i] >= 0) expect(f[i] < f[i + 1] && f[i + 1] <= s.length).toBe(true);
      }),
    );
  });
});

describe('pattern files', () => {
  test('a pattern without any/all, a duplicate id or an unknown type is refused with one line', () => {
    expect(() => parsePatternFile({ lang: 'x', patterns: [{ id: 'a', type: 'loan', weight: 1, example: '' }] }, 'x.json')).toThrow('x.json: pattern a: expected "any" or "all", found neither');
    const p = { id: 'a', type: 'loan', weight: 1, any: ['x'], example: '' };
    expect(() => parsePatternFile({ lang: 'x', patterns: [p, p] }, 'x.json')).toThrow('pattern id a is used twice');
    expect(() => parsePatternFile({ lang: 'x', patterns: [{ ...p, type: 'lottery' }] }, 'x.json')).toThrow(/x\.json: patterns\.0\.type/);
  });

  const shipped = readPatterns();
  const compiled = compilePatterns(shipped);

  test('the shipped lexicons cover every type but `other`, in every language', () => {
    for (const lang of ['tha', 'cmn', 'mya', 'eng']) {
      const types = new Set(shipped.filter((p) => p.id.startsWith(`${lang}.`)).map((p) => p.type));
      expect([...types].sort()).toEqual(
        ['gambling', 'impersonation_acquaintance', 'impersonation_authority', 'impersonation_bank_service', 'investment', 'job_task', 'loan', 'parcel_delivery', 'phishing_otp', 'prize', 'promo'].sort(),
      );
    }
  });

  test.each(shipped.map((p) => [p.id, p] as const))('%s matches its own example', (_id, p) => {
    expect(matchPatterns(compiled, normalizeText(p.example).text).map((h) => h.id)).toContain(p.id);
  });
});
