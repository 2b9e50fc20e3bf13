/**
 * Entities pulled out of a message before word segmentation (the segmenter would shatter them):
 * URLs and bare domains, e-mail addresses, phone numbers, other numbers, and chat handles (@id).
 * Every pattern is written to run in linear time: no nested unbounded quantifiers.
 */
export type EntityKind = 'url' | 'email' | 'phone' | 'number' | 'handle';

export interface Entity {
  readonly kind: EntityKind;
  /** The entity as written in the normalized text. */
  readonly text: string;
  /** Span [start, end) in the normalized text. */
  readonly start: number;
  readonly end: number;
  /** url: lower-cased host; phone: a coarse class; number: digit count. */
  readonly detail?: string;
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
    String.raw`|(?<![\w@.-])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62}){0,4}\.(?:${TLDS})(?![a-z0-9-])(?:\/[^\s<>"'\u0E00-\u0E7F\u1000-\u109F\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]*)?`,
  'gi',
);
const EMAIL_RE = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}/gi;
// Digit runs with the separators phone numbers are written with; x stands for a masked digit in some corpora.
const NUMBER_RE =
  /\+?(?<![\dxX])\d(?:\d|[ ,\-.()](?=\d)|[xX](?![a-wyzA-WYZ])){0,24}|(?<![A-Za-z\d])(?:[xX]{4,}|[xX]+(?=[\u3400-\u9fff\d])|(?<=[\u3400-\u9fff])[xX]+)(?![A-Za-z])/g;
const HANDLE_RE = /(?<![\w.])@[a-z0-9._-]{2,32}/gi;

function urlHost(url: string): string {
  let s = url.toLowerCase().replace(/^(?:https?|hxxps?):\/\//, '');
  const cut = s.search(/[/?#:]/);
  if (cut >= 0) s = s.slice(0, cut);
  return s.replace(/^www\./, '').replace(/\.+$/, '');
}

function phoneClass(digits: string, plus: boolean): string | null {
  const n = digits.length;
  if (plus) return n >= 8 && n <= 15 ? `+${digits.slice(0, 2)}` : null;
  if (/^0[689]\d{8}$/.test(digits)) return 'th-mobile';
  if (/^0[2-7]\d{7}$/.test(digits)) return 'th-fixed';
  if (/^1[3-9]\d{9}$/.test(digits)) return 'cn-mobile';
  if (/^09\d{7,9}$/.test(digits)) return 'mm-mobile';
  if (/^(?:400|800|1800)\d{6,7}$/.test(digits)) return 'tollfree';
  if (n >= 9 && n <= 13) return 'other';
  return null;
}

/** Find entities; overlapping matches are resolved in favour of the earlier pattern (url > email > handle > number). */
export function findEntities(text: string): Entity[] {
  const out: Entity[] = [];
  // Positions already inside an entity: checking a span costs its length, so the whole pass stays linear.
  let taken: Uint8Array | undefined;
  const free = (s: number, e: number) => {
    if (!taken) return true;
    for (let i = s; i < e; i++) if (taken[i]) return false;
    return true;
  };
  const add = (ent: Entity) => {
    out.push(ent);
    taken ??= new Uint8Array(text.length);
    taken.fill(1, ent.start, ent.end);
  };
  const hasDot = text.includes('.');
  if (hasDot || text.includes('://')) {
    for (const m of text.matchAll(EMAIL_RE)) add({ kind: 'email', text: m[0], start: m.index!, end: m.index! + m[0].length });
    for (const m of text.matchAll(URL_RE)) {
      let t = m[0].replace(/[.,;:!?)\]]+$/, '');
      const s = m.index!;
      if (!free(s, s + t.length)) continue;
      add({ kind: 'url', text: t, start: s, end: s + t.length, detail: urlHost(t) });
    }
  }
  if (text.includes('@')) {
    for (const m of text.matchAll(HANDLE_RE)) {
      const s = m.index!;
      if (free(s, s + m[0].length)) add({ kind: 'handle', text: m[0], start: s, end: s + m[0].length });
    }
  }
  for (const m of text.matchAll(NUMBER_RE)) {
    const s = m.index!;
    const t = m[0].replace(/[ \-.(]+$/, '');
    if (!free(s, s + t.length)) continue;
    const digits = t.replace(/[^\dxX]/g, '');
    const plus = t.startsWith('+');
    const masked = /[xX]/.test(digits);
    const pc = masked ? (digits.length >= 9 && digits.length <= 13 ? 'masked' : null) : phoneClass(digits, plus);
    if (pc) add({ kind: 'phone', text: t, start: s, end: s + t.length, detail: pc });
    else add({ kind: 'number', text: t, start: s, end: s + t.length, detail: String(Math.min(digits.length, 12)) });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}
