import { foldHomoglyphs, foldLeet, joinSpaced } from '../../src/normalize/disguise.js';
import { normalize, originalSpan } from '../../src/normalize/index.js';
import { findEntities, tokenize } from '../../src/tokenize/index.js';
import { detectLanguage } from '../../src/lang/index.js';
import { readModel } from '../../src/io/modelfile.js';
import { scoreText } from '../../src/score.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';
import { compilePatterns, matchPatterns } from '../../src/patterns/index.js';
import { readPatterns } from '../../src/io/patterns.js';

// Hand-written examples, not collected data.
describe('disguises', () => {
  test('look-alike letters inside Latin words fold to Latin; whole Cyrillic words stay', () => {
    expect(foldHomoglyphs('Ρayрal ԝіnnеr')).toBe('Paypal winner');
    expect(foldHomoglyphs('ваш аккаунт')).toBe('ваш аккаунт');
    expect(foldHomoglyphs('ยินดีด้วย 您好')).toBe('ยินดีด้วย 您好');
    expect(normalize('𝐏𝐚𝐲𝐩𝐚𝐥').text).toBe('Paypal'); // mathematical letters: NFKC
  });

  test('spelled-out letters are re-joined (four or more), with offsets kept', () => {
    expect(joinSpaced('add w h a t s a p p now').text).toBe('add whatsapp now');
    expect(joinSpaced('L.I.N.E').text).toBe('LINE');
    expect(joinSpaced('u r a star').text).toBe('u r a star');
    const src = 'add L.I.N.E @abc';
    const n = normalize(src);
    expect(n.text).toBe('add LINE @abc');
    expect(src.slice(...originalSpan(n, 9, 13))).toBe('@abc');
  });

  test('leetspeak between letters or doubled at the end folds; versions and ordinals do not', () => {
    expect(foldLeet('fr33 v1sa h0tel gr33n')).toBe('free visa hotel green');
    expect(foldLeet('covid19 mp3 win10 4g 10am 2nd rr239908')).toBe('covid19 mp3 win10 4g 10am 2nd rr239908');
  });

  test('full-width, zero-width and homoglyph disguises tokenize like the clean text', () => {
    const clean = tokenize(normalize('Verify your Paypal account at bit.ly/x').text).map((t) => t.text);
    for (const disguised of ['Ｖｅｒｉｆｙ your Ρayрal account at bit.ly/x', 'Ver\u200bify your Pay\u200cpal acc\u00adount at bit.ly/x']) {
      expect(tokenize(normalize(disguised).text).map((t) => t.text)).toEqual(clean);
    }
  });
});

describe('the shipped model reads disguised text like clean text', () => {
  const model = readModel();
  const close = (a: string, b: string) => expect(Math.abs(scoreText(model, a).score - scoreText(model, b).score)).toBeLessThanOrEqual(0.05);

  test('zero-width characters and homoglyphs: within 0.05 of the clean form', () => {
    close('URGENT! You have w\u200bon a $1000 pr\u200dize. Call 09061701461 now to claim', 'URGENT! You have won a $1000 prize. Call 09061701461 now to claim');
    close('Your Ρayрal account is locked, verify at bit.ly/abc', 'Your Paypal account is locked, verify at bit.ly/abc');
    close('ยินดี\u200bด้วย คุณได้รับ\u200bรางวัล กดรับที่ bit.ly/3abcd', 'ยินดีด้วย คุณได้รับรางวัล กดรับที่ bit.ly/3abcd');
  });

  test('Traditional Chinese: within 0.05 of its Simplified form', () => {
    close(HAND_WRITTEN.cmn.traditional, '您的帐户存在异常，请立即点击连结验证身份，否则将被冻结');
    close('恭喜您中獎了，請點擊領取獎金', '恭喜您中奖了，请点击领取奖金');
  });

  test('Zawgyi: the same label as its Unicode conversion', () => {
    const zawgyi = 'ေငြေခ်းမယ္ အတိုးနည္း ဖုန္း 09123456789';
    const n = normalize(zawgyi);
    expect(n.zawgyi).toBe(true);
    expect(scoreText(model, zawgyi).label).toBe(scoreText(model, n.text).label);
    expect(scoreText(model, zawgyi).zawgyi).toBe(true);
  });
});

describe('every pattern runs in linear time on 100 kB adversarial input', () => {
  const shipped = compilePatterns(readPatterns());
  const N = 100_000;
  const inputs: Record<string, string> = {
    'dotted letters': 'a.'.repeat(N / 2),
    'spaced letters': 'a '.repeat(N / 2),
    'digits and separators': '1 '.repeat(N / 2),
    'x runs': 'x'.repeat(N),
    'long URL': 'http://' + 'a'.repeat(N),
    'domain labels': 'a-'.repeat(N / 2) + '.com',
    'at signs': 'a@'.repeat(N / 2),
    'mixed scripts': 'aа'.repeat(N / 2),
    'leet': 'a1'.repeat(N / 2),
    'Thai': 'ก่'.repeat(N / 2),
    'Burmese': 'က့်'.repeat(N / 3),
    'Han and x': '元x'.repeat(N / 2),
    'invisible': '\u200b'.repeat(N),
    'lone surrogates': '\ud800'.repeat(N),
    'amounts with separators': '1,'.repeat(N / 2) + '元',
    'digits then currency words': '1 '.repeat(N / 2) + 'บาท',
    'messenger keywords': 'line: '.repeat(N / 6),
    'WeChat keywords': '加微信'.repeat(N / 3),
    'base58 runs': 'T1'.repeat(N / 2),
    'hex runs': '0x'.repeat(N / 2),
    'OTP mentions': 'otp '.repeat(N / 4),
    'defanged dots': 'a[.]'.repeat(N / 4) + 'com',
    'account words': 'บัญชี 1'.repeat(N / 7),
    'pattern term prefixes': 'verif'.repeat(N / 5),
    'pattern spaces': 'gift  '.repeat(N / 6),
  };
  test.each(Object.entries(inputs))('%s', (_name, input) => {
    const t0 = performance.now();
    const n = normalize(input);
    detectLanguage(n.text);
    findEntities(n.text);
    tokenize(n.text);
    matchPatterns(shipped, n.text);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
