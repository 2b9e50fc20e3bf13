/**
 * Intent cues and the cue layer. Messages here are HAND-WRITTEN for tests (test/fixtures/README.md).
 */
import { readPatterns } from '../../src/io/patterns.js';
import { compilePatterns, matchPatterns, CUES } from '../../src/patterns/index.js';
import { normalize } from '../../src/normalize/index.js';
import { tokenize } from '../../src/tokenize/index.js';
import { CUE_FEATURES, cueBit, cueMask } from '../../src/features/cues.js';
import { cueRule, CUE_RULES, fitCueLayer, layerMargin, type CueLayer } from '../../src/model/cuelayer.js';

const patterns = readPatterns();
const set = compilePatterns(patterns);
const cuesOf = (text: string): string[] => {
  const n = normalize(text).text;
  const m = cueMask(tokenize(n), matchPatterns(set, n));
  return CUE_FEATURES.filter((c) => (m & cueBit(c)) !== 0);
};

describe('intent cues', () => {
  test('every cue pattern fires its cue on its own example, and names a known cue', () => {
    const cuePatterns = patterns.filter((p) => p.cue);
    expect(new Set(cuePatterns.map((p) => p.cue)).size).toBe(CUES.length);
    for (const p of cuePatterns) expect(cuesOf(p.example)).toContain(p.cue);
  });

  test('a cue hit is never scam-type evidence', () => {
    const n = normalize('Please send me the code you just received.').text;
    const hits = matchPatterns(set, n).filter((h) => h.cue);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.id.startsWith('cue.')).toBe(true);
  });

  test.each([
    ['tha', 'ขอโทษค่ะ ส่ง OTP ผิดเบอร์ ช่วยบอกรหัส 6 หลักให้หน่อยนะคะ', 'ask_code'],
    ['cmn', '不好意思，验证码发到你手机了，麻烦把验证码发给我', 'ask_code'],
    ['mya', 'OTP ကုဒ် ရောက်သွားရင် ပြန်ပို့ပေးပါ', 'ask_code'],
    ['eng', 'Hi, I sent a code to your phone by mistake, can you text it back to me?', 'ask_code'],
    ['cmn', '【某银行】您的验证码是552910，请勿泄露给他人。', 'never_share'],
    ['eng', 'Your verification code is 552910. Do not share it with anyone.', 'code_given'],
    ['eng', 'Your parcel is held: pay at https://usps-redelivery.top/x', 'url_risky'],
    ['cmn', '详情请登录 https://www.boc.cn 查询', 'url_official'],
    ['tha', 'หนูเปลี่ยนเบอร์ใหม่นะแม่ เซฟเบอร์นี้ไว้', 'new_number'],
    ['mya', 'Google Play card ၁၀ ကတ် ဝယ်ပြီး နံပါတ်တွေ ပို့ပေး', 'gift_card'],
  ])('%s: %s → %s', (_lang, text, cue) => {
    expect(cuesOf(text)).toContain(cue);
  });

  test('a code given with a warning is not a code asked for', () => {
    const c = cuesOf('K PLUS: รหัส OTP ของท่านคือ 739204 ใช้ภายใน 5 นาที ห้ามบอกรหัสนี้แก่ผู้อื่น');
    expect(c).toEqual(expect.arrayContaining(['code_given', 'never_share']));
    expect(c).not.toContain('ask_code');
  });

  test('Traditional Chinese and Zawgyi read through normalization', () => {
    expect(cuesOf('不好意思，驗證碼傳到你那邊了，可以把驗證碼傳給我嗎')).toContain('ask_code');
  });
});

describe('cue layer', () => {
  const layer: CueLayer = {
    names: ['ask_code', 'never_share'],
    weights: [3, -2],
    text: { tha: 1, cmn: 0.5, mya: 1, eng: 1, '*': 1 },
    bias: { tha: 0, cmn: 0, mya: 0, eng: 0, '*': -1 },
    clip: 2,
    floor: [...CUE_RULES.floor],
    cap: { all: [...CUE_RULES.cap.all], none: [...CUE_RULES.cap.none] },
  };

  test('margin: squashed text margin, per-language weight and bias, fired cue weights', () => {
    expect(layerMargin(layer, 0, 0, 'eng')).toBe(0);
    expect(layerMargin(layer, 100, 0, 'eng')).toBeCloseTo(2, 6);
    expect(layerMargin(layer, 100, 0, 'cmn')).toBeCloseTo(1, 6);
    expect(layerMargin(layer, 0, cueBit('ask_code') | cueBit('never_share'), 'xyz')).toBeCloseTo(3 - 2 - 1, 6);
    expect(layerMargin(layer, 0, cueBit('threat'), 'eng')).toBe(0);
  });

  test('rules: asking for a code floors the risk; a code given with a warning, asking nothing, caps it', () => {
    expect(cueRule(layer, cueBit('ask_code'))).toBe('floor');
    expect(cueRule(layer, cueBit('code_given') | cueBit('never_share'))).toBe('cap');
    expect(cueRule(layer, cueBit('code_given') | cueBit('never_share') | cueBit('url_risky'))).toBeUndefined();
    expect(cueRule(layer, cueBit('code_given'))).toBeUndefined();
  });

  test('fitting recovers the sign and rough size of cue effects on synthetic rows', () => {
    // Rows where the text margin is noise and ask_code decides the label.
    const rows = [];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const ask = rnd() < 0.3;
      const warn = rnd() < 0.3;
      const p = 1 / (1 + Math.exp(-(-1 + 3 * (ask ? 1 : 0) - 2 * (warn ? 1 : 0))));
      rows.push({ margin: rnd() * 2 - 1, cues: (ask ? cueBit('ask_code') : 0) | (warn ? cueBit('never_share') : 0), lang: 'eng', y: rnd() < p ? 1 : 0, weight: 1 });
    }
    const fit = fitCueLayer(rows, 0.01);
    const w = (n: string) => fit.weights[fit.names.indexOf(n)];
    expect(w('ask_code')).toBeGreaterThan(2);
    expect(w('ask_code')).toBeLessThan(4);
    expect(w('never_share')).toBeLessThan(-1);
    expect(Math.abs(fit.text.eng)).toBeLessThan(0.6);
  });
});
