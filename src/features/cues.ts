/**
 * Intent cues of a message as a bit mask: the lexicon's cue patterns that fired (asks for a code, warns never
 * to share one, a fee, a chat app, a threat…), links (`url_risky`: a look-alike host, a bare IP, punycode or a
 * cheap suffix; `url_shortener`; `url_official`: a brand's own domain or a government one) and `code_given` (a
 * one-time code mentioned with its digits). A model's cue layer weighs these beside the text model's margin.
 */
import { CUES, type PatternHit } from '../patterns/index.js';
import type { Token } from '../tokenize/index.js';

export const CUE_FEATURES = [...CUES, 'url_risky', 'url_official', 'code_given', 'url_shortener'] as const;
export type CueFeature = (typeof CUE_FEATURES)[number];
const URL_RISKY_BIT = 1 << CUE_FEATURES.indexOf('url_risky');
const URL_SHORTENER_BIT = 1 << CUE_FEATURES.indexOf('url_shortener');
const URL_OFFICIAL_BIT = 1 << CUE_FEATURES.indexOf('url_official');
const CODE_GIVEN_BIT = 1 << CUE_FEATURES.indexOf('code_given');
const ASK_CODE_BIT = 1 << CUE_FEATURES.indexOf('ask_code');
const CUE_BIT = new Map<string, number>(CUE_FEATURES.map((c, i) => [c, 1 << i]));

/** Suffixes that cost little to register and carry most phishing domains in public abuse reports. */
const CHEAP_TLDS = new Set(['top', 'xyz', 'vip', 'cc', 'icu', 'club', 'shop', 'site', 'online', 'live', 'life', 'link', 'win', 'bet', 'fun', 'buzz', 'cyou', 'sbs', 'cfd', 'rest', 'tk', 'ml', 'ga', 'cf', 'gq', 'work', 'today', 'asia', 'pro', 'one', 'store', 'cloud', 'app']);

/** A link whose host imitates a brand, is a bare IP, punycode or on a cheap suffix (shorteners are a cue of their own: companies use them too). */
export function riskyUrl(t: Token): boolean {
  const u = t.url;
  return t.kind === 'url' && u !== undefined && (u.lookalike !== undefined || u.ip || CHEAP_TLDS.has(u.suffix) || (t.detail ?? '').includes('xn--'));
}

/** The bit of a cue in `cueMask`'s result. */
export const cueBit = (cue: string): number => CUE_BIT.get(cue) ?? 0;

export function cueMask(tokens: readonly Token[], hits: readonly PatternHit[] | undefined): number {
  let m = 0;
  if (hits) for (let i = 0; i < hits.length; i++) if (hits[i].cue) m |= CUE_BIT.get(hits[i].cue!)!;
  let otp = false;
  let code = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'url') {
      if (riskyUrl(t)) m |= URL_RISKY_BIT;
      else if (t.url?.shortener) m |= URL_SHORTENER_BIT;
      else if (t.url?.official) m |= URL_OFFICIAL_BIT;
    } else if (t.kind === 'otp') {
      if (t.detail === 'request') m |= ASK_CODE_BIT;
      else otp = true;
    } else if (t.kind === 'number' && t.detail !== undefined && t.detail >= '4' && t.detail <= '8' && t.detail.length === 1) code = true;
  }
  // A code mentioned with its digits is a code given (a one-time code message), not one asked for.
  if (otp && code) m |= CODE_GIVEN_BIT;
  return m;
}

/** Span in the normalized text that made a cue fire (the first pattern hit, or the first risky link). */
export function cueSpan(cue: string, tokens: readonly Token[], hits: readonly PatternHit[] | undefined): [number, number] | undefined {
  if (cue === 'url_risky' || cue === 'url_official' || cue === 'url_shortener') {
    const t = tokens.find((x) => x.kind === 'url' && (cue === 'url_risky' ? riskyUrl(x) : !riskyUrl(x) && (cue === 'url_shortener' ? x.url?.shortener : !x.url?.shortener && x.url?.official)));
    return t ? [t.start, t.end] : undefined;
  }
  if (cue === 'code_given' || (cue === 'ask_code' && !hits?.some((x) => x.cue === cue))) {
    const t = tokens.find((x) => x.kind === 'otp');
    return t ? [t.start, t.end] : undefined;
  }
  const h = hits?.find((x) => x.cue === cue);
  return h ? h.spans[0] : undefined;
}
