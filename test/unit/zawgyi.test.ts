import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import vm from 'node:vm';
import { fastZawgyiAvailable, firstChars, zawgyiToUnicodeFast } from '../../src/normalize/zawgyi.js';
import { Z2U_RULES } from '../../src/normalize/zawgyi-rules.js';
import { zawgyiProbability } from '../../src/normalize/index.js';

const require = createRequire(import.meta.url);
const tools = require('myanmar-tools') as { ZawgyiConverter: new () => { zawgyiToUnicode(s: string): string } };
const library = new tools.ZawgyiConverter();
const resources = join(dirname(require.resolve('myanmar-tools')), 'resources');

describe('Zawgyi → Unicode (the library\'s rules, only candidate rules tried)', () => {
  test('the fast path is in use (every shipped rule compiled)', () => {
    expect(fastZawgyiAvailable()).toBe(true);
  });

  test('the shipped rules (zawgyi-rules.ts) are the installed myanmar-tools\' rules (regenerate with npm run gen:zawgyi)', () => {
    const src = readFileSync(join(resources, 'Z2U.js'), 'utf8');
    const theirs = vm.runInNewContext(`${src}\ngetAllRulesZ2U();`) as Array<Array<{ p: RegExp; s: string; matchOnStart?: unknown; revisit?: unknown }>>;
    expect(Z2U_RULES.map((ph) => ph.map((r) => [r.p, r.s, r.matchOnStart === true, r.revisit === true]))).toEqual(
      theirs.map((ph) => ph.map((r) => [r.p.source, r.s, r.matchOnStart != null, r.revisit != null])),
    );
  });

  test('equal to myanmar-tools on every Zawgyi post in data/ and on the library\'s own sample texts', () => {
    const texts: string[] = [];
    for (const f of ['my-moneyscam', 'my-gold']) {
      const [header, ...rows] = gunzipSync(readFileSync(join(process.cwd(), 'data', `${f}.tsv.gz`))).toString('utf8').split('\n');
      const col = header.split('\t').indexOf('text');
      for (const r of rows) {
        const t = r.split('\t')[col];
        if (t && zawgyiProbability(t) > 0.9) texts.push(t);
      }
    }
    expect(texts.length).toBeGreaterThan(100);
    for (const f of ['mmgov_zawgyi_src.txt', 'udhr_mya_zawgyi_out.txt', 'mmgov_unicode_out.txt']) texts.push(...readFileSync(join(resources, f), 'utf8').split('\n'));
    let compared = 0;
    for (const t of texts) {
      // As normalization calls it: runs of Myanmar text of at most 300 characters.
      for (const run of t.match(/[\u1000-\u109F][\u1000-\u109F\s]*/g) ?? []) {
        const piece = run.slice(0, 300);
        expect(zawgyiToUnicodeFast(piece)).toBe(library.zawgyiToUnicode(piece));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  test('property: equal to myanmar-tools on random strings of Myanmar, space and other characters', () => {
    const chars = [...Array(0xa0).keys()].map((i) => String.fromCharCode(0x1000 + i)).concat([' ', '\u200B', '\u00A0', '\u2060', '\uFEFF', '1', 'a', '\n']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 30 }), (cs) => {
        const s = cs.join('');
        expect(zawgyiToUnicodeFast(s)).toBe(library.zawgyiToUnicode(s));
      }),
      { numRuns: 3000 },
    );
  });

  test('firstChars reads the first characters a pattern can start with, and gives up when unsure', () => {
    expect([...firstChars('\u1064')!]).toEqual([0x1064]);
    expect([...firstChars('([\u1000-\u1002])\u103A')!]).toEqual([0x1000, 0x1001, 0x1002]);
    expect([...firstChars('(?:a|b)c')!].sort((x, y) => x - y)).toEqual([0x61, 0x62]);
    expect([...firstChars('a?b')!].sort((x, y) => x - y)).toEqual([0x61, 0x62]);
    expect([...firstChars('[ab]*\u200B')!].sort((x, y) => x - y)).toEqual([0x61, 0x62, 0x200b]);
    expect(firstChars('a*')).toBeNull(); // matches the empty string
    expect(firstChars('[^a]b')).toBeNull(); // negated class
    expect(firstChars('\\sb')).toBeNull(); // escape
    expect(firstChars('(?=a)a')).toBeNull(); // lookahead
  });
});
