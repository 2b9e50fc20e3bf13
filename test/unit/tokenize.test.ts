import { tokenize, findEntities, burmeseSyllables } from '../../src/tokenize/index.js';
import { normalize } from '../../src/normalize/index.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';

const words = (t: string) => tokenize(normalize(t).text).filter((x) => x.kind === 'word').map((x) => x.text);
const kinds = (t: string) => tokenize(normalize(t).text).filter((x) => x.kind !== 'word').map((x) => `${x.kind}:${x.detail ?? ''}`);

// Hand-written examples, not collected data.
describe('tokenize', () => {
  test('Thai is segmented into dictionary words (ICU dictionary), not characters', () => {
    expect(words('ยินดีด้วยคุณได้รับรางวัล')).toEqual(['ยินดี', 'ด้วย', 'คุณ', 'ได้', 'รับ', 'รางวัล']);
  });

  test('Chinese becomes one token per character (bigrams are added as features)', () => {
    expect(words('点击链接')).toEqual(['点', '击', '链', '接']);
  });

  test('Burmese is split into syllables, loanwords kept whole', () => {
    const run = 'လင့်ခ်ကိုနှိပ်ပါ';
    const syl = burmeseSyllables(run).map(([a, b]) => run.slice(a, b));
    expect(syl).toEqual(['လင့်ခ်', 'ကို', 'နှိပ်', 'ပါ']);
    expect(words(HAND_WRITTEN.mya.ham)).toEqual(['မ', 'နက်', 'ဖြန်', 'ရုံး', 'မှာ', 'တွေ့', 'မယ်', 'နော်']);
  });

  test('English is lower-cased and stemmed', () => {
    expect(words('WINNING Prizes Claimed')).toEqual(['win', 'prize', 'claim']);
  });

  test('entities are pulled out before segmentation, with spans', () => {
    const text = normalize(HAND_WRITTEN.tha.scam).text;
    const ents = findEntities(text);
    const url = ents.find((e) => e.kind === 'url')!;
    expect(url.detail).toBe('bit.ly');
    expect(text.slice(url.start, url.end)).toBe('bit.ly/3abcd');
    expect(kinds(HAND_WRITTEN.tha.scam)).toEqual(['number:5', 'url:bit.ly']);
  });

  test('phone numbers are classed by country pattern', () => {
    expect(kinds('call 0812345678')).toEqual(['phone:th-mobile']);
    expect(kinds('加我 13812345678')).toEqual(['phone:cn-mobile']);
    expect(kinds(HAND_WRITTEN.mya.scam)).toEqual(['phone:mm-mobile']);
    expect(kinds('+66 81 234 5678')).toEqual(['phone:+66']);
  });

  test('digits masked as x runs in Chinese text count as numbers', () => {
    expect(kinds('回复xxxx退订')).toEqual(['number:4']);
    expect(kinds('电话xxxxxxxxxxx')).toEqual(['phone:masked']);
    expect(kinds('love you xx')).toEqual([]);
  });

  test('e-mail, www and defanged URLs, handles', () => {
    expect(kinds('mail me at a.b@example.co.th')).toEqual(['email:']);
    expect(kinds('visit www.jd.com today')).toEqual(['url:jd.com']);
    expect(kinds('hxxp://evil.example.xyz/login')).toEqual(['url:evil.example.xyz']);
    expect(kinds('add LINE @abc123')).toEqual(['handle:']);
  });

  test('a domain glued to Thai letters is still found', () => {
    expect(kinds('สมัครที่pgslot.vipรับเลย')).toEqual(['url:pgslot.vip']);
  });
});

test('corpus anonymisation placeholders read as the entity they hide (or nothing), never as words', () => {
  expect(kinds('验证码DIGIT，请勿泄露')).toEqual(['number:masked']);
  expect(kinds('客服热线CELLPHONE')).toEqual(['phone:masked']);
  expect(words('尊敬的NAME您好，欢迎来到PLACE')).toEqual(['尊', '敬', '的', '您', '好', '欢', '迎', '来', '到']);
  expect(words('my name is Ann')).toEqual(['my', 'name', 'is', 'ann']);
});
