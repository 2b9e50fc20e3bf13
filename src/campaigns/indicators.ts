/**
 * Indicators of compromise from the entities `score` reports: canonical values, so that the same URL, number or
 * account written in different ways counts once. Pure (libphonenumber-js loaded on first use).
 */
import type { EntityOut } from '../score.js';
import type { Lang } from '../lang/index.js';
import { loadDependency } from '../load.js';

export type IndicatorKind = 'url' | 'domain' | 'phone' | 'messenger' | 'handle' | 'email' | 'account' | 'wallet';
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['url', 'domain', 'phone', 'messenger', 'handle', 'email', 'account', 'wallet'];

export interface Indicator {
  readonly kind: IndicatorKind;
  /**
   * url: refanged, scheme and host lower-cased; domain: the registrable domain; phone: E.164 (`+66812345678`)
   * when libphonenumber-js accepts it, else its digits; messenger: `app:id` lower-cased; handle and email:
   * lower-cased; account: `bank:digits` or `promptpay:digits`; wallet: `chain:address` (Ethereum lower-cased).
   */
  readonly value: string;
  /** Set on domains of link shorteners, messengers and social networks (bit.ly, line.me, facebook.com…): shared by unrelated campaigns. */
  readonly shared?: true;
}

/** Messenger and social-network domains: links to a scammer's account there, but the domain is everyone's. */
const PLATFORMS = new Set(['line.me', 'lin.ee', 'wa.me', 't.me', 'm.me', 'msng.link', 'viber.com', 'facebook.com', 'fb.com', 'fb.me', 'weixin.qq.com', 'telegram.me']);

type ParsePhone = (s: string, country?: string) => { number: string; isValid(): boolean } | undefined;
let parsePhone: ParsePhone | undefined;

const COUNTRY_OF_CLASS: Record<string, string> = { 'th-mobile': 'TH', 'th-fixed': 'TH', 'cn-mobile': 'CN', 'mm-mobile': 'MM' };
const COUNTRY_OF_LANG: Partial<Record<Lang, string>> = { tha: 'TH', cmn: 'CN', mya: 'MM', eng: 'GB' };

/** A phone number in E.164 when it parses as a valid number (its class's country, else the message language's). */
export function e164(text: string, detail: string | undefined, lang: Lang): string {
  const digits = text.replace(/[^\d+]/g, '');
  parsePhone ??= (loadDependency('libphonenumber-js/min') as { parsePhoneNumberFromString: ParsePhone }).parsePhoneNumberFromString;
  const countries = digits.startsWith('+') ? [undefined] : [COUNTRY_OF_CLASS[detail ?? ''] ?? COUNTRY_OF_LANG[lang], COUNTRY_OF_LANG[lang]];
  for (const c of countries) {
    try {
      const p = parsePhone(digits, c);
      if (p && p.isValid()) return p.number;
    } catch {
      /* not a number libphonenumber knows */
    }
  }
  return digits.replace(/^\+/, '+');
}

/** A URL refanged (`hxxp`, `[.]`), without trailing punctuation, scheme and host lower-cased. */
export function canonicalUrl(text: string): string {
  let s = text.trim().replace(/\[\.\]|\(\.\)/g, '.').replace(/^hxxp/i, 'http').replace(/[.,;:!?)\]]+$/, '');
  const m = /^((?:https?:\/\/)?)([^/?#]*)(.*)$/i.exec(s);
  if (m) s = m[1].toLowerCase() + m[2].toLowerCase().replace(/\.$/, '') + m[3];
  return s;
}

/** The indicators among a message's entities (money, OTP mentions and plain numbers are not indicators). */
export function indicatorsOf(entities: readonly EntityOut[] | undefined, lang: Lang): Indicator[] {
  const out: Indicator[] = [];
  if (!entities) return out;
  const seen = new Set<string>();
  const add = (i: Indicator) => {
    const k = i.kind + '\t' + i.value;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(i);
  };
  for (const e of entities) {
    // Values masked in the source (corpora write digits as x): not an indicator.
    if (e.kind !== 'url' && e.kind !== 'email' && /^[@+]?[xX*]{3,}$/.test(e.text.replace(/[\s-]/g, ''))) continue;
    if (e.kind === 'url' && e.domain !== undefined && (/^[xX*]{3,}\./.test(e.domain) || /[xX*]{4,}/.test(e.domain))) continue;
    // Anonymisation placeholders (zh-fbs, zh-telecom-fraud: `URL`, `WECHAT`, `QQ`) stand for an entity without
    // naming one: a URL entity without a host, a messenger ID that is the placeholder word.
    if (e.kind === 'url' && e.domain === undefined) continue;
    if (e.kind === 'messenger' && /^(?:WECHAT|QQ)+[A-Z0-9]*$/.test(e.text)) continue;
    switch (e.kind) {
      case 'url':
        add({ kind: 'url', value: canonicalUrl(e.text) });
        if (e.domain) add(e.shortener || PLATFORMS.has(e.domain) ? { kind: 'domain', value: e.domain, shared: true } : { kind: 'domain', value: e.domain });
        break;
      case 'phone':
        if (e.detail !== 'masked') add({ kind: 'phone', value: e164(e.text, e.detail, lang) });
        break;
      case 'messenger':
        add({ kind: 'messenger', value: `${e.detail ?? 'other'}:${e.text.replace(/^@/, '').toLowerCase()}` });
        break;
      case 'handle':
        add({ kind: 'handle', value: e.text.toLowerCase() });
        break;
      case 'email':
        add({ kind: 'email', value: e.text.toLowerCase() });
        break;
      case 'account':
        add({ kind: 'account', value: `${e.detail ?? 'bank'}:${e.text.replace(/\D/g, '')}` });
        break;
      case 'wallet':
        add({ kind: 'wallet', value: `${e.detail ?? 'wallet'}:${e.detail === 'ethereum' ? e.text.toLowerCase() : e.text}` });
        break;
    }
  }
  return out;
}
