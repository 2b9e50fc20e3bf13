import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tokenize, findEntities, burmeseSyllables, scanRuns, thaiWords } from '../../src/tokenize/index.js';
import { NUMBER_RE } from '../../src/tokenize/entities.js';
import { normalize } from '../../src/normalize/index.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';

const words = (t: string) => tokenize(normalize(t).text).filter((x) => x.kind === 'word').map((x) => x.text);
const kinds = (t: string) => tokenize(normalize(t).text).filter((x) => x.kind !== 'word').map((x) => `${x.kind}:${x.detail ?? ''}`);

// Hand-written examples, not collected data.
describe('tokenize', () => {
  test('Thai is segmented into dictionary words (ICU dictionary), not characters', () => {
    expect(words('ยินดีด้วยคุณได้รับรางวัล')).toEqual(['ยินดี', 'ด้วย', 'คุณ', 'ได้', 'รับ', 'รางวัล']);
  });

  test('Thai runs segmented from the cache equal ICU segmenting them afresh (hand-written runs)', () => {
    const icu = new Intl.Segmenter('th', { granularity: 'word' });
    const direct = (run: string) => [...icu.segment(run)].filter((s) => s.isWordLike).flatMap((s) => [s.index, s.index + s.segment.length]);
    const runs = ['ยินดีด้วยคุณได้รับรางวัล', 'กดรับ', 'ๆ', 'ฯ', 'คลิกลิงก์ยืนยันตัวตน', 'ยินดีด้วยคุณได้รับรางวัล'];
    for (const run of runs) {
      expect([...thaiWords(run)]).toEqual(direct(run));
      expect([...thaiWords(run)]).toEqual(direct(run)); // the second time from the cache
    }
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
    expect(kinds(HAND_WRITTEN.tha.scam)).toEqual(['money:THB', 'url:bit.ly']);
  });

  test('phone numbers are classed by country pattern', () => {
    expect(kinds('call 0812345678')).toEqual(['phone:th-mobile']);
    expect(kinds('加我 13812345678')).toEqual(['phone:cn-mobile']);
    expect(kinds(HAND_WRITTEN.mya.scam)).toEqual(['phone:mm-mobile']);
    expect(kinds('+66 81 234 5678')).toEqual(['phone:+TH']);
    expect(kinds('+855 12 345 678')).toEqual(['phone:+KH']); // by country, not by the first two digits
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

  // Hand-written examples, not collected data.
  const ents = (t: string) => findEntities(normalize(t).text);

  test('URLs carry registrable domain, suffix, shortener, IP and brand look-alike facts', () => {
    const [a] = ents('login at secure-kbank.com.th.verify-login.xyz now');
    expect(a.url).toEqual({ domain: 'verify-login.xyz', suffix: 'xyz', shortener: false, ip: false, lookalike: 'kbank' });
    expect(ents('www.kasikornbank.com')[0].url).toEqual({ domain: 'kasikornbank.com', suffix: 'com', shortener: false, ip: false, official: true });
    expect(ents('see www.gov.uk/tax')[0].url?.official).toBe(true);
    expect(ents('pay at chase-verify.top')[0].url).toEqual({ domain: 'chase-verify.top', suffix: 'top', shortener: false, ip: false, lookalike: 'chase' });
    expect(ents('ดูที่ www.thailandpost.co.th')[0].url?.lookalike).toBeUndefined();
    expect(ents('ดูที่ thailandpost-th.top/track')[0].url?.lookalike).toBe('thailandpost');
    expect(ents('go bit.ly/x1')[0].url?.shortener).toBe(true);
    expect(ents('http://103.21.4.9/kbank')[0].url).toMatchObject({ ip: true, domain: '103.21.4.9' });
    expect(ents('pay at paypa1-support.com')[0].url?.lookalike).toBe('paypal'); // digit for letter
    expect(ents('www.pineapple-farm.com')[0].url?.lookalike).toBeUndefined(); // a brand inside a word is not one
  });

  test('defanged domains: example[.]com and (.)', () => {
    expect(kinds('see example[.]com or bad(.)xyz/path')).toEqual(['url:example.com', 'url:bad.xyz']);
  });

  test('messenger IDs: LINE, WeChat, Telegram, WhatsApp; the keyword stays a word', () => {
    expect(kinds('แอดไลน์: @shop99 ด่วน')).toEqual(['messenger:line']);
    expect(kinds('ไอดีไลน์ abc_12')).toEqual(['messenger:line']);
    expect(kinds('加微信 abc12345 领取')).toEqual(['messenger:wechat']);
    expect(kinds('vx: kefu8888')).toEqual(['messenger:wechat']);
    expect(kinds('telegram: @bigwin_th')).toEqual(['messenger:telegram']);
    expect(kinds('Line ID: john.d')).toEqual(['messenger:line']);
    expect(kinds('stand in line for the bus')).toEqual([]); // "line" without id/colon is a word
    expect(words('加微信 abc12345')).toEqual(['加', '微', '信']);
  });

  test('money amounts with their currency', () => {
    expect(kinds('โอน 5,000 บาท')).toEqual(['money:THB']);
    expect(kinds('返利 300元')).toEqual(['money:CNY']);
    expect(kinds('日赚 2万 元')).toEqual(['money:CNY']);
    expect(kinds('50000 ကျပ် ရမယ်')).toEqual(['money:MMK']);
    expect(kinds('deposit 100 USDT now')).toEqual(['money:USDT']);
    expect(kinds('win $1,000 cash')).toEqual(['money:USD']);
    expect(kinds('฿199 only')).toEqual(['money:THB']);
  });

  test('bank-account and PromptPay numbers', () => {
    expect(kinds('โอนเข้าบัญชี 123-4-56789-0')).toEqual(['account:bank']);
    expect(kinds('พร้อมเพย์ 0812345678')).toEqual(['account:promptpay']);
    expect(kinds('银行卡号 6222021234567890123')).toEqual(['account:bank']);
    expect(kinds('call 0812345678')).toEqual(['phone:th-mobile']);
  });

  test('crypto wallet addresses', () => {
    expect(kinds('send to 0x52908400098527886E0F7030069857D2E4169EE7')).toEqual(['wallet:ethereum']);
    expect(kinds('tron: TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC')).toEqual(['wallet:tron']);
    expect(kinds('btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toEqual(['wallet:bitcoin']);
    expect(kinds('InternationalizationLocalization1234').filter((k) => k.startsWith('wallet'))).toEqual([]); // letters with a digit tail
  });

  test('OTP mentions, and requests when a verb asks for the code', () => {
    expect(kinds('Your OTP is 123456. Do not share it')).toEqual(['otp:mention', 'number:6']); // the bank's own warning
    expect(kinds('อย่าบอกรหัส OTP แก่ผู้อื่น')).toEqual(['otp:mention']);
    expect(kinds('Please tell me the OTP you received')).toEqual(['otp:request']);
    expect(kinds('กรุณาแจ้งรหัส OTP ที่ได้รับ')).toEqual(['otp:request']);
    expect(kinds('请把验证码发给我')).toEqual(['otp:request']);
    expect(kinds('您的验证码为DIGIT')).toEqual(['otp:mention', 'number:masked']);
    expect(words('请把验证码发给我')).toContain('验'); // an overlay: the words stay
  });
});

test('corpus anonymisation placeholders read as the entity they hide (or nothing), never as words', () => {
  expect(kinds('验证码DIGIT，请勿泄露')).toEqual(['otp:mention', 'number:masked']);
  expect(kinds('客服热线CELLPHONE')).toEqual(['phone:masked']);
  expect(words('尊敬的NAME您好，欢迎来到PLACE')).toEqual(['尊', '敬', '的', '您', '好', '欢', '迎', '来', '到']);
  expect(words('my name is Ann')).toEqual(['my', 'name', 'is', 'ann']);
});

// The scanner replaced this expression (run over the text with entity spans blanked out); they must agree.
const RUNS =
  /([\u0E01-\u0E3A\u0E40-\u0E4E]+)|([\u1000-\u109F\uAA60-\uAA7F\uA9E0-\uA9FF]+)|([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F][\uDC00-\uDFFF])|([A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?)/g;

function runsByRegex(text: string): Array<[number, number, number]> {
  let blanked = text;
  for (const e of findEntities(text)) if (!e.overlay) blanked = blanked.slice(0, e.start) + ' '.repeat(e.end - e.start) + blanked.slice(e.end);
  return [...blanked.matchAll(RUNS)].map((m) => [m.slice(1).findIndex((g) => g !== undefined) + 1, m.index!, m.index! + m[0].length]);
}

function runsByScanner(text: string): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  scanRuns(text, findEntities(text), (k, s, e) => out.push([k, s, e]));
  return out;
}

describe('scanRuns equals the RUNS expression over entity-blanked text', () => {
  test('hand-written messages', () => {
    for (const m of Object.values(HAND_WRITTEN)) for (const t of Object.values(m) as string[]) expect(runsByScanner(t)).toEqual(runsByRegex(t));
    expect(runsByScanner("it’s don't 𠀋a×b ราคา၁၂ 点击www.x.com")).toEqual(runsByRegex("it’s don't 𠀋a×b ราคา၁၂ 点击www.x.com"));
  });

  test('property: random mixes of scripts, apostrophes, surrogates and entities', () => {
    const piece = fc.constantFrom('点', '𠀋', '\uD840', '\uDC00', 'ราคา', 'ํ', 'ငွေ', 'ꩠ', "'", '’', 'don', 't', 'É', '×', '12', ' ', '.', 'bit.ly/ab', '@user', 'otp', '$5', '09123456789', '😀', 'line id: ab12');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const t = parts.join('');
      expect(runsByScanner(t)).toEqual(runsByRegex(t));
    }), { numRuns: 500 });
  });
});

describe('caches hold their own strings', () => {
  // V8 keeps a slice of 13+ characters as a view of its parent; a cached Thai run or word cut from a long input
  // must not keep that input alive. In a fresh Node with --expose-gc (a flag set inside this worker would change
  // V8's flag hash and with it every later code-cache check).
  test('tokenizing long messages does not pin them through the Thai and stem caches', () => {
    const script = fileURLToPath(new URL('../fixtures/heap/pinned.mjs', import.meta.url));
    const tokenizer = new URL('../../dist/tokenize/index.js', import.meta.url).href;
    const grown = Number(execFileSync(process.execPath, ['--expose-gc', script, tokenizer], { encoding: 'utf8' }).trim());
    // 60 pinned messages would be 60 × 512 KB = 30 MB (one byte a character); allow a tenth of that.
    expect(grown).toBeLessThan(3 << 20);
  });
});

// The number expression reads its first character before its lookbehinds; the lookbehind-first form it replaced
// must find the same matches (hand-written pieces, not collected data).
describe('NUMBER_RE equals its lookbehind-first form', () => {
  const LOOKBEHIND_FIRST = /\+?(?<![\dxX])\d(?:\d|[ ,\-.()](?=\d)|[xX](?![a-wyzA-WYZ])){0,24}|(?<![A-Za-z\d])(?:[xX]{4,}|[xX]+(?=[\u3400-\u9fff\d])|(?<=[\u3400-\u9fff])[xX]+)(?![A-Za-z])/g;
  const matches = (re: RegExp, t: string) => [...t.matchAll(re)].map((m) => [m.index, m[0]]);
  test('hand-written messages', () => {
    for (const m of Object.values(HAND_WRITTEN)) for (const t of Object.values(m) as string[]) expect(matches(NUMBER_RE, t)).toEqual(matches(LOOKBEHIND_FIRST, t));
    for (const t of ['+66 81 234 5678', '1+1=2', 'x+5', '5+6', '09xxxx1234', 'XXXX', '电话xxx', 'xx电话', 'box 12', 'tax1234x', '(02) 123-4567', '1.2.3', 'xX9x'])
      expect(matches(NUMBER_RE, t)).toEqual(matches(LOOKBEHIND_FIRST, t));
  });

  test('property: random mixes of digits, x, signs, separators, letters and Han', () => {
    const piece = fc.constantFrom('+', '0', '1', '9', '12', 'x', 'X', 'xx', 'xxxx', ' ', ',', '-', '.', '(', ')', 'a', 'w', 'Y', 'z', '电', '话', 'ราคา', 'ငွေ', '၁');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const t = parts.join('');
      expect(matches(NUMBER_RE, t)).toEqual(matches(LOOKBEHIND_FIRST, t));
    }), { numRuns: 2000 });
  });
});
