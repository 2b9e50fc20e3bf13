/**
 * Entities pulled out of a message before word segmentation (the segmenter would shatter them): URLs and bare
 * domains (also defanged: `hxxp://`, `example[.]com`) with registrable domain, suffix, shortener, IP host and
 * brand look-alike; e-mail addresses; phone numbers (Thai, Chinese, Myanmar classes; international numbers by
 * country with libphonenumber-js); messenger IDs (LINE, WeChat, Telegram, WhatsApp); money amounts with their
 * currency; bank-account and PromptPay numbers; crypto wallet addresses; chat handles (@id); OTP mentions and
 * requests; other numbers. Every pattern is written to run in linear time: no nested unbounded quantifiers.
 *
 * One file (just over 300 lines): every entity expression and the precedence rules between overlapping entities
 * read in one place.
 */
import { ownString } from './own-string.js';
import { loadDependency } from '../load.js';

export type EntityKind = 'url' | 'email' | 'phone' | 'number' | 'handle' | 'messenger' | 'money' | 'account' | 'wallet' | 'otp';

export interface Entity {
  readonly kind: EntityKind;
  /** The entity as written in the normalized text. */
  readonly text: string;
  /** Span [start, end) in the normalized text. */
  readonly start: number;
  readonly end: number;
  /**
   * url: lower-cased host; phone: a coarse class (`th-mobile`, `cn-mobile`, `mm-mobile`, `+KH`…); number: digit
   * count; messenger: the app; money: ISO-like currency code; account: `bank` or `promptpay`; wallet: the chain;
   * otp: `request` when a verb asks for the code nearby, else `mention`.
   */
  readonly detail?: string;
  /** URL facts: registrable domain, public suffix, shortener, IP host, the brand a look-alike host imitates. */
  readonly url?: UrlInfo;
  /** Overlay entities (OTP mentions) are reported and featurized but leave their words to the tokenizer. */
  readonly overlay?: true;
}

export interface UrlInfo {
  readonly domain: string;
  readonly suffix: string;
  readonly shortener: boolean;
  readonly ip: boolean;
  readonly lookalike?: string;
  /** The registrable domain is a brand's own (as listed here) or a government suffix. */
  readonly official?: true;
}

export const SHORTENERS = new Set([
  'bit.ly', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'cutt.ly', 'rb.gy', 'shorturl.at', 'tiny.cc', 'buff.ly',
  'rebrand.ly', 'bl.ink', 's.id', 't.ly', 'lnkd.in', 'shorturl.asia', 'u.to', 'v.gd', 'x.co', 'dwz.cn', 'url.cn', 't.cn',
  'suo.im', 'is.gd', 'line.me', 'lin.ee', 'wa.me', 't.me', 'bitly.com', 'tny.im', 'qr.paps.jp',
]);

const TLDS =
  'com|net|org|info|biz|xyz|top|vip|club|shop|site|online|app|link|live|life|me|co|cc|io|ly|gl|gd|to|in|cn|th|mm|hk|tw|sg|my|uk|us|ru|asia|win|bet|fun|icu|pro|today|work|store|cloud|one|tk|ml|ga|cf|gq';

// 1) URL with a scheme (including defanged hxxp) or www. 2) bare domain with a known TLD, optional path.
const URL_RE = new RegExp(
  String.raw`(?:(?:https?|hxxps?):\/\/|www\.)[^\s<>"'\u0E00-\u0E7F\u1000-\u109F\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]+` +
    String.raw`|(?<![\w@.-])[a-z0-9][a-z0-9-]{0,62}(?:(?:\.|\[\.\]|\(\.\))[a-z0-9][a-z0-9-]{0,62}){0,4}(?:\.|\[\.\]|\(\.\))(?:${TLDS})(?![a-z0-9-])(?:\/[^\s<>"'\u0E00-\u0E7F\u1000-\u109F\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]*)?`,
  'gi',
);
const EMAIL_RE = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}/gi;
// Digit runs with the separators phone numbers are written with; x stands for a masked digit in some corpora.
// Each alternative reads its first character before looking behind it (`\d(?<![\dxX]\d)` rather than
// `(?<![\dxX])\d`): the engine then skips to the next digit or x instead of trying every position (same
// matches: a test holds the two forms equal; bench/RESULTS.md, 2026-12-07).
export const NUMBER_RE =
  /\+?\d(?<![\dxX]\d)(?:\d|[ ,\-.()](?=\d)|[xX](?![a-wyzA-WYZ])){0,24}|[xX](?<![A-Za-z\d][xX])(?:[xX]{3,}|[xX]*(?=[\u3400-\u9fff\d])|(?<=[\u3400-\u9fff][xX])[xX]*)(?![A-Za-z])/g;
const HANDLE_RE = /(?<![\w.])@[a-z0-9._-]{2,32}/gi;

// Messenger IDs. Keywords that name an app unambiguously may be followed directly by the ID; English words
// that also mean something else (line, wa, tg) need "id" or a colon. The entity spans the ID only, so the
// keyword stays a word feature.
const MESSENGER_RE =
  /(?:(ไอดีไลน์|ไลน์|加微信|微信号|微信|威信|薇信|v信|加v|vx|wx|纸飞机|飞机号)|\b(line|wechat|telegram|tg|whatsapp|wa)\s?(?:id\s?[:：=]?|[:：=]))\s?(?:id\s?)?[:：=]?\s?(@?[a-z0-9][a-z0-9._-]{2,31})/gi;
// Cheap gate before the messenger expression (most messages name no app).
const MESSENGER_GATE = /ไลน์|微信|威信|薇信|v信|加v|vx|wx|飞机|line|wechat|telegram|tg|whatsapp|wa/i;
const APP: Record<string, string> = {
  ไอดีไลน์: 'line', ไลน์: 'line', line: 'line', 加微信: 'wechat', 微信号: 'wechat', 微信: 'wechat', 威信: 'wechat', 薇信: 'wechat',
  v信: 'wechat', 加v: 'wechat', vx: 'wechat', wx: 'wechat', wechat: 'wechat', 纸飞机: 'telegram', 飞机号: 'telegram', telegram: 'telegram',
  tg: 'telegram', whatsapp: 'whatsapp', wa: 'whatsapp',
};

// Money: a currency sign or code before the amount, or a currency word after it (Chinese 万/千 multipliers).
const AMOUNT = String.raw`\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,2})?|\d{1,15}(?:\.\d{1,2})?`;
const MONEY_RE = new RegExp(
  String.raw`(?:(us\$|[$¥฿£€]|\b(?:usdt|usd|rmb|cny|thb|mmk|baht)\b)\s?(${AMOUNT}))` +
    String.raw`|(?<![\d.,])(${AMOUNT})\s?(万|千|百|k\b|m\b)?\s?(元|块|บาท|ကျပ်|kyats?\b|ks\b|mmk\b|usdt\b|usd\b|rmb\b|thb\b|baht\b|dollars?\b|美元|美金|泰铢|缅币)`,
  'gi',
);
const CURRENCY: Record<string, string> = {
  'us$': 'USD', $: 'USD', '¥': 'CNY', '฿': 'THB', '£': 'GBP', '€': 'EUR', usdt: 'USDT', usd: 'USD', rmb: 'CNY', cny: 'CNY', thb: 'THB',
  mmk: 'MMK', baht: 'THB', 元: 'CNY', 块: 'CNY', บาท: 'THB', ကျပ်: 'MMK', kyat: 'MMK', kyats: 'MMK', ks: 'MMK', dollar: 'USD', dollars: 'USD',
  美元: 'USD', 美金: 'USD', 泰铢: 'THB', 缅币: 'MMK',
};

// Crypto wallets: Ethereum/BSC (0x + 40 hex), TRON (T + 33 base58), Bitcoin bech32 and legacy.
const WALLET_RE = /(?<![0-9A-Za-z])(?:(0x[0-9a-fA-F]{40})|(T[1-9A-HJ-NP-Za-km-z]{33})|(bc1[02-9ac-hj-np-z]{11,71})|([13][1-9A-HJ-NP-Za-km-z]{25,34}))(?![0-9A-Za-z])/g;

// OTP and verification codes; a request verb within 40 characters makes it a request.
const OTP_RE = /otp(?![a-z])|验证码|校验码|动态码|verification code|one[- ]time (?:password|code|pin)|รหัสยืนยัน|รหัส ?otp|အတည်ပြုကုဒ်|ကုဒ်နံပါတ်/gi;
const OTP_GATE = /otp|验证码|校验码|动态码|verification|one.time|รหัสยืนยัน|ကုဒ်/i;
// "Do not share it" is the bank's own warning, not a request.
const NEGATED_RE = /do not|don't|dont|never|not to|请勿|不要|切勿|อย่า|ห้าม|မပေး|မပြော/i;
const REQUEST_RE = /send|share|tell|give|provide|reply|forward|enter|告诉|提供|发给|发送给|报给|回复|念给|แจ้ง|ส่ง|บอก|กรอก|ပေးပို့|ပြော|ပို့ပေး/i;

// Words that make a long number an account number.
const BANK_WORD_RE = /(?:บัญชี|เลขที่บัญชี|account|a\/c|acct|账号|账户|卡号|银行卡|ဘဏ်|အကောင့်)[^\d]{0,20}$/i;
const PROMPTPAY_RE = /(?:พร้อมเพย์|promptpay|prompt pay)[^\d]{0,20}$/i;

/** Official registrable domains of brands scams imitate; a host naming the brand on another domain is a look-alike. */
const BRANDS: ReadonlyArray<[string, readonly string[]]> = [
  ['kbank', ['kasikornbank.com', 'kbank.co.th']], ['kasikorn', ['kasikornbank.com']], ['scb', ['scb.co.th', 'scbeasy.com']],
  ['krungthai', ['krungthai.com', 'ktb.co.th']], ['bangkokbank', ['bangkokbank.com']], ['krungsri', ['krungsri.com']],
  ['ttbbank', ['ttbbank.com']], ['thailandpost', ['thailandpost.co.th', 'thailandpost.com']], ['kerry', ['kerryexpress.com', 'th.kerryexpress.com']],
  ['flashexpress', ['flashexpress.co.th', 'flashexpress.com']], ['lazada', ['lazada.co.th', 'lazada.com']], ['shopee', ['shopee.co.th', 'shopee.com', 'shopee.cn']],
  ['truemoney', ['truemoney.com']], ['paypal', ['paypal.com', 'paypal.me']], ['apple', ['apple.com']], ['icloud', ['icloud.com']],
  ['amazon', ['amazon.com', 'amazon.co.uk']], ['netflix', ['netflix.com']], ['icbc', ['icbc.com.cn']], ['alipay', ['alipay.com']],
  ['taobao', ['taobao.com']], ['wechat', ['wechat.com', 'qq.com']], ['sf-express', ['sf-express.com']], ['kbzpay', ['kbzpay.com', 'kbzbank.com']],
  ['kbzbank', ['kbzbank.com']], ['wavemoney', ['wavemoney.com.mm']], ['ayabank', ['ayabank.com']], ['dhl', ['dhl.com']], ['usps', ['usps.com']],
  ['royalmail', ['royalmail.com']], ['fedex', ['fedex.com']], ['hmrc', ['gov.uk']], ['microsoft', ['microsoft.com']], ['facebook', ['facebook.com']],
  ['boc', ['boc.cn', 'bankofchina.com']], ['ccb', ['ccb.com']], ['cmbchina', ['cmbchina.com']], ['abchina', ['abchina.com']],
  ['bankcomm', ['bankcomm.com']], ['unionpay', ['unionpay.com', '95516.com']], ['12306', ['12306.cn']], ['chinatelecom', ['189.cn', 'chinatelecom.com.cn']],
  ['10086', ['10086.cn']], ['chinaunicom', ['10010.com', 'chinaunicom.com']], ['jd', ['jd.com']], ['chase', ['chase.com']],
  ['wellsfargo', ['wellsfargo.com']], ['bankofamerica', ['bankofamerica.com']], ['citi', ['citi.com', 'citibank.com']], ['barclays', ['barclays.co.uk', 'barclays.com']],
  ['hsbc', ['hsbc.com', 'hsbc.co.uk', 'hsbc.com.hk']], ['lloyds', ['lloydsbank.com']], ['ezpass', ['e-zpassny.com', 'ezpassnj.com', 'e-zpassiag.com']],
  ['sunpass', ['sunpass.com']], ['fastrak', ['bayareafastrak.org']], ['irs', ['irs.gov']], ['cathay', ['cathaybk.com.tw']], ['esun', ['esunbank.com', 'esunbank.com.tw']],
  ['ctbc', ['ctbcbank.com']], ['taishin', ['taishinbank.com.tw']], ['fetc', ['fetc.net.tw']], ['etag', ['fetc.net.tw']], ['cht', ['cht.com.tw']],
  ['line', ['line.me', 'line.naver.jp']], ['google', ['google.com']], ['ais', ['ais.th', 'ais.co.th']], ['dtac', ['dtac.co.th']], ['truemove', ['true.th', 'truecorp.co.th']],
  ['pea', ['pea.co.th']], ['mea', ['mea.or.th']], ['mpt', ['mpt.com.mm']], ['ooredoo', ['ooredoo.com.mm']], ['atom', ['atom.com.mm']], ['cbbank', ['cbbank.com.mm']],
  ['grab', ['grab.com']], ['whatsapp', ['whatsapp.com']], ['telegram', ['telegram.org']],
];
const OFFICIAL = new Set(BRANDS.flatMap(([, d]) => d));
// Government suffixes: a link on one of these goes to an agency, whatever a message claims.
const GOV_SUFFIX = /(?:^|\.)(?:gov|go\.th|gov\.cn|gov\.tw|gov\.hk|gov\.mm|gov\.uk|gov\.sg|mil)$/;

type Tldts = { parse(host: string): { domain: string | null; publicSuffix: string | null; isIp: boolean | null } };
let tldtsLib: Tldts | undefined;
type ParsePhone = (s: string) => { country?: string } | undefined;
let parsePhone: ParsePhone | undefined;

// Hosts repeat across a dump (shorteners, one campaign's domain): their facts are remembered, as a bounded map
// of frozen records keyed by a copy of the host.
const URL_INFO = new Map<string, UrlInfo>();
const URL_INFO_MAX = 4096;

export function urlInfo(host: string): UrlInfo {
  let info = URL_INFO.get(host);
  if (info === undefined) {
    info = Object.freeze(hostFacts(host));
    if (URL_INFO.size >= URL_INFO_MAX) URL_INFO.clear();
    URL_INFO.set(ownString(host), info);
  }
  return info;
}

function hostFacts(host: string): UrlInfo {
  tldtsLib ??= loadDependency('tldts') as Tldts;
  const p = tldtsLib.parse(host);
  const ip = p.isIp === true || /^\d+\.\d+\.\d+\.\d+$/.test(host);
  const domain = ip ? host : p.domain ?? host;
  const suffix = ip ? 'ip' : p.publicSuffix ?? host.slice(host.lastIndexOf('.') + 1);
  let lookalike: string | undefined;
  if (!ip) {
    const flat = host.replace(/0/g, 'o').replace(/1/g, 'l');
    for (const [brand, official] of BRANDS) {
      if (!flat.includes(brand)) continue;
      if (official.includes(domain)) break;
      // The brand must start a label part (kbank-secure.xyz, secure-kbank.…, not pineapple.com); short names
      // must be a whole part (scb-verify.xyz, not scbl…).
      const part = brand.length < 5 ? `(?:^|[.-])${brand}(?:$|[.-])` : `(?:^|[.-])${brand}`;
      if (!new RegExp(part).test(flat)) continue;
      lookalike = brand;
      break;
    }
  }
  const official = !ip && !lookalike && (OFFICIAL.has(domain) || GOV_SUFFIX.test(suffix));
  return { domain, suffix, shortener: SHORTENERS.has(host), ip, ...(lookalike ? { lookalike } : {}), ...(official ? { official: true as const } : {}) };
}

function intlCountry(t: string): string | null {
  parsePhone ??= (loadDependency('libphonenumber-js/min') as { parsePhoneNumberFromString: ParsePhone }).parsePhoneNumberFromString;
  try {
    return parsePhone(t.replace(/[^\d+]/g, ''))?.country ?? null;
  } catch {
    return null;
  }
}

function urlHost(url: string): string {
  let s = url.toLowerCase().replace(/\[\.\]|\(\.\)/g, '.').replace(/^(?:https?|hxxps?):\/\//, '');
  const cut = s.search(/[/?#:]/);
  if (cut >= 0) s = s.slice(0, cut);
  return s.replace(/^www\./, '').replace(/\.+$/, '');
}

function phoneClass(digits: string, plus: boolean): string | null {
  const n = digits.length;
  if (plus) return n >= 8 && n <= 15 ? `+${intlCountry('+' + digits) ?? 'other'}` : null;
  if (/^0[689]\d{8}$/.test(digits)) return 'th-mobile';
  if (/^0[2-7]\d{7}$/.test(digits)) return 'th-fixed';
  if (/^1[3-9]\d{9}$/.test(digits)) return 'cn-mobile';
  if (/^09\d{7,9}$/.test(digits)) return 'mm-mobile';
  if (/^(?:400|800|1800)\d{6,7}$/.test(digits)) return 'tollfree';
  if (n >= 9 && n <= 13) return 'other';
  return null;
}

/** Whether the text has `n` ASCII letters or digits in a row (the shortest wallet address), in one pass. */
function hasAlnumRun(text: string, n: number): boolean {
  let run = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      if (++run >= n) return true;
    } else run = 0;
  }
  return false;
}

/**
 * The matches of a global expression in `text`, as `text.matchAll(re)` gives them (none of the expressions here
 * matches the empty string), without the copy of `re` that `matchAll` constructs on every call (V8's
 * JSRegExp::Initialize was 3 % of a Thai message's instructions, 2026-12-06). All matches are collected before
 * the caller's loop body runs, so that body may use `re` again.
 */
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    out.push(m);
  }
  return out;
}

let takenScratch = new Uint8Array(1024);

/**
 * Find entities; overlapping matches go to the kind found first: e-mail, URL, wallet, messenger ID, money, handle,
 * then account/phone/number. OTP mentions are overlays (they may overlap words and other entities).
 */
export function findEntities(text: string): Entity[] {
  const out: Entity[] = [];
  // Positions already inside an entity: checking a span costs its length, so the whole pass stays linear.
  // Marked in a scratch array shared by every call (cleared on first use), not one allocated per message.
  let taken: Uint8Array | undefined;
  const free = (s: number, e: number) => {
    if (!taken) return true;
    for (let i = s; i < e; i++) if (taken[i]) return false;
    return true;
  };
  const add = (ent: Entity) => {
    out.push(ent);
    if (!taken) {
      if (takenScratch.length < text.length) takenScratch = new Uint8Array(Math.max(text.length, 2 * takenScratch.length));
      taken = takenScratch;
      taken.fill(0, 0, text.length);
    }
    taken.fill(1, ent.start, ent.end);
  };
  const hasDot = text.includes('.');
  if (hasDot || text.includes('://')) {
    if (text.includes('@')) for (const m of allMatches(EMAIL_RE, text)) add({ kind: 'email', text: m[0], start: m.index!, end: m.index! + m[0].length });
    for (const m of allMatches(URL_RE, text)) {
      const t = m[0].replace(/[.,;:!?)\]]+$/, '');
      const s = m.index!;
      if (!free(s, s + t.length)) continue;
      const host = urlHost(t);
      add({ kind: 'url', text: t, start: s, end: s + t.length, detail: host, url: urlInfo(host) });
    }
  }
  if (hasAlnumRun(text, 26)) {
    for (const m of allMatches(WALLET_RE, text)) {
      const s = m.index!;
      const chain = m[1] ? 'ethereum' : m[2] ? 'tron' : 'bitcoin';
      // A legacy Bitcoin address mixes digits with both cases; ordinary words do not.
      if (m[4] && !(/\d/.test(m[4]) && /[a-z]/.test(m[4]) && /[A-Z]/.test(m[4]))) continue;
      if (free(s, s + m[0].length)) add({ kind: 'wallet', text: m[0], start: s, end: s + m[0].length, detail: chain });
    }
  }
  if (MESSENGER_GATE.test(text)) for (const m of allMatches(MESSENGER_RE, text)) {
    // A Latin keyword must start a word (vx, wx, line…): checked here rather than by a leading look-behind,
    // which would make the engine try the whole expression at every position.
    if (/[a-z]/i.test(m[0][0]) && m.index! > 0 && /[a-z]/i.test(text[m.index! - 1])) continue;
    const id = m[3];
    const s = m.index! + m[0].length - id.length;
    if (/^\d+$/.test(id) && id.length < 5) continue;
    if (free(s, s + id.length)) add({ kind: 'messenger', text: id, start: s, end: s + id.length, detail: APP[(m[1] ?? m[2]).toLowerCase()] ?? 'other' });
  }
  if (/\d/.test(text)) {
    for (const m of allMatches(MONEY_RE, text)) {
      const s = m.index!;
      if (!free(s, s + m[0].length)) continue;
      const cur = (m[1] ?? m[5] ?? '').toLowerCase();
      add({ kind: 'money', text: m[0], start: s, end: s + m[0].length, detail: CURRENCY[cur] ?? cur.toUpperCase() });
    }
  }
  if (text.includes('@')) {
    for (const m of allMatches(HANDLE_RE, text)) {
      const s = m.index!;
      if (free(s, s + m[0].length)) add({ kind: 'handle', text: m[0], start: s, end: s + m[0].length });
    }
  }
  // Cheap gates before the expressions that would otherwise be tried at every position of a long post.
  if (/[\dxX]/.test(text)) for (const m of allMatches(NUMBER_RE, text)) {
    const s = m.index!;
    const t = m[0].replace(/[ \-.(]+$/, '');
    if (!free(s, s + t.length)) continue;
    const digits = t.replace(/[^\dxX]/g, '');
    const plus = t.startsWith('+');
    const masked = /[xX]/.test(digits);
    const before = text.slice(Math.max(0, s - 30), s);
    const account = masked || digits.length < 9 ? null : PROMPTPAY_RE.test(before) ? 'promptpay' : BANK_WORD_RE.test(before) || /^\d{3}-\d-\d{5}-\d$/.test(t) ? 'bank' : null;
    const pc = masked ? (digits.length >= 9 && digits.length <= 13 ? 'masked' : null) : phoneClass(digits, plus);
    if (account) add({ kind: 'account', text: t, start: s, end: s + t.length, detail: account });
    else if (pc) add({ kind: 'phone', text: t, start: s, end: s + t.length, detail: pc });
    else add({ kind: 'number', text: t, start: s, end: s + t.length, detail: String(Math.min(digits.length, 12)) });
  }
  if (OTP_GATE.test(text)) for (const m of allMatches(OTP_RE, text)) {
    const s = m.index!;
    if (m[0][0].toLowerCase() === 'o' && s > 0 && /[a-z]/i.test(text[s - 1])) continue;
    const e = s + m[0].length;
    const around = text.slice(Math.max(0, s - 40), Math.min(text.length, e + 40));
    out.push({ kind: 'otp', text: m[0], start: s, end: e, detail: REQUEST_RE.test(around) && !NEGATED_RE.test(around) ? 'request' : 'mention', overlay: true });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
