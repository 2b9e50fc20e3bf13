import { compilePatterns, findTerms, matchPatterns, parsePatternFile, typeEvidence, type Pattern } from '../../src/patterns/index.js';
import { normalize, normalizeText } from '../../src/normalize/index.js';
import { readPatterns } from '../../src/io/patterns.js';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

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

describe('direct term lookup = the automaton (the first texts a set scans take the direct path)', () => {
  const shipped = readPatterns();
  const direct = compilePatterns(shipped, { directScans: Infinity, directMaxChars: Infinity });
  const automaton = compilePatterns(shipped, { directScans: 0 });
  // Compared as bytes and JSON first (jest's deep equality on 6,000-entry arrays is slow), expect() on a difference.
  const same = (text: string) => {
    const [d, a] = [findTerms(direct, text), findTerms(automaton, text)];
    if (!Buffer.from(d.buffer).equals(Buffer.from(a.buffer))) expect([text, Array.from(d)]).toEqual([text, Array.from(a)]);
    const [dm, am] = [matchPatterns(direct, text), matchPatterns(automaton, text)];
    if (JSON.stringify(dm) !== JSON.stringify(am)) expect([text, dm]).toEqual([text, am]);
  };

  test('on every pattern example and on every 10th message of each corpus in data/', () => {
    const texts = shipped.map((p) => normalizeText(p.example).text);
    for (const f of readdirSync(join(process.cwd(), 'data')).filter((x) => x.endsWith('.tsv.gz'))) {
      const [header, ...rows] = gunzipSync(readFileSync(join(process.cwd(), 'data', f))).toString('utf8').split('\n');
      const ti = header.split('\t').indexOf('text');
      rows.forEach((r, i) => {
        if (i % 10 === 0 && r) texts.push(normalizeText(r.split('\t')[ti]).text);
      });
    }
    expect(texts.length).toBeGreaterThan(10_000);
    let fired = 0;
    for (const t of texts) {
      same(t);
      if (matchPatterns(automaton, t).length > 0) fired++;
    }
    expect(fired).toBeGreaterThan(1_000); // the comparison is over texts that do hit patterns
    expect(direct.state.automaton).toBeUndefined(); // and every one of them went through the direct path
  });

  test('on random texts built around terms, boundaries, plural s, case and whitespace runs', () => {
    const terms = direct.terms.filter((_, i) => i % 7 === 0).slice(0, 300);
    const piece = fc.oneof(
      fc.constantFrom(...terms),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u3000', '\u00a0', 's', 'S', 'x', '9', '-', '.', 'LOAN', 'Gift  Card', 'verif', 'ยินดี', '账户', 'ငွေ'),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 25 }), (parts) => same(parts.join(''))), { numRuns: 2000, seed: 7 });
  });

  test('a set builds its automaton after its direct scans, with the same hits', () => {
    const s = compilePatterns(P, { directScans: 2 });
    const a = compilePatterns(P, { directScans: 0 });
    for (let scans = 1; scans <= 4; scans++) {
      expect(matchPatterns(s, 'please verify the parcel fee')).toEqual(matchPatterns(a, 'please verify the parcel fee'));
      expect(s.state.automaton === undefined).toBe(scans <= 2);
    }
    expect(s.state.automaton).toBeDefined();
    // A long post is scanned by the automaton at once (hand-written filler around a term).
    const long = compilePatterns(P);
    expect(matchPatterns(long, 'x '.repeat(3000) + 'fast loan').map((h) => h.id)).toEqual(['t.loan']);
    expect(long.state.automaton).toBeDefined();
  });
});
