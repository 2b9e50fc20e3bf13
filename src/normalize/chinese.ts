/**
 * Traditional → Simplified Chinese with opencc-js (Taiwan standard to Mainland), applied only to messages that
 * contain a character the conversion can change. That set is derived from opencc's own dictionaries (the keys of
 * the character tables and the first characters of the phrase tables) by `deriveT2sTable`, and shipped
 * precomputed in `t2s-table.ts` (`npm run gen:t2s`; a test holds the two equal): deriving it at run time loads
 * and runs opencc, ~85 ms, which every message with a Han character used to pay once. Clean Simplified text now
 * costs one scan, and opencc is loaded only for a message it will change.
 */
import type * as OpenCC from 'opencc-js/t2cn';
import { loadDependency } from '../load.js';
import { T2S_CHARS, T2S_PHRASES } from './t2s-table.js';

const dict = (name: string): string => loadDependency<{ default: string }>(`opencc-js/dict/${name}`).default;

let convert: ((s: string) => string) | undefined;
/**
 * Over UTF-16 code units: 1 where a character converts on its own; 2 where it starts one of the phrases (in
 * `phrases`) that convert although none of their characters does alone.
 */
let changing: Uint8Array | undefined;
const phrases = new Map<number, string[]>();

function converter(): (s: string) => string {
  return convert ?? (convert = loadDependency<typeof OpenCC>('opencc-js/t2cn').Converter({ from: 'tw', to: 'cn' }));
}

/** What the conversion can change: the characters that convert on their own, and the phrases that convert only as a whole. */
export interface T2sTable {
  /** Every (BMP) character the conversion changes on its own, in code-point order. */
  readonly chars: string;
  /** Phrases made only of characters that do not convert alone but that convert as a phrase, in dictionary order. */
  readonly phrases: readonly string[];
}

/** Derive the table from opencc's dictionaries and converter (loads opencc; ~85 ms). */
export function deriveT2sTable(): T2sTable {
  const single = new Uint8Array(0x10000);
  // Every character that the full conversion changes on its own (the tables also list characters that a
  // Taiwan-variant step changes and a later step changes back, such as 吃)…
  const candidates: string[] = [];
  for (const d of [dict('TSCharacters'), dict('TWVariantsRev')]) {
    for (const entry of d.split('|')) {
      const key = entry.split(' ')[0];
      if (key.length === 1) candidates.push(key);
    }
  }
  const converted = converter()(candidates.join('\n')).split('\n');
  for (let i = 0; i < candidates.length; i++) if (converted[i] !== candidates[i]) single[candidates[i].charCodeAt(0)] = 1;
  // …and the rare phrases made only of characters that do not convert alone, but convert as a phrase (checked
  // exactly at scoring time: marking their first characters as converting would send every message with
  // a common character through opencc).
  const onlyPhrases: string[] = [];
  for (const d of [dict('TSPhrases'), dict('TWVariantsRevPhrases')]) {
    for (const entry of d.split('|')) {
      const key = entry.split(' ')[0];
      let any = false;
      for (let i = 0; i < key.length && !any; i++) any = single[key.charCodeAt(i)] === 1;
      if (!any && key.length > 1) onlyPhrases.push(key);
    }
  }
  const convertedPhrases = converter()(onlyPhrases.join('\n')).split('\n');
  const out: string[] = [];
  for (let i = 0; i < onlyPhrases.length; i++) if (convertedPhrases[i] !== onlyPhrases[i]) out.push(onlyPhrases[i]);
  // 么 is the Simplified "what" (什么); Taiwan's tables read it as the variant of 幺 and would turn every
  // mainland 什么 into 什幺. Keep it (麼 still becomes 么).
  single[YAO_VARIANT] = 0;
  let chars = '';
  for (let c = 0; c < 0x10000; c++) if (single[c] === 1) chars += String.fromCharCode(c);
  return { chars, phrases: out };
}

function setup(): void {
  changing = new Uint8Array(0x10000);
  for (let i = 0; i < T2S_CHARS.length; i++) changing[T2S_CHARS.charCodeAt(i)] = 1;
  for (const key of T2S_PHRASES) {
    const c = key.charCodeAt(0);
    if (changing[c] !== 1) changing[c] = 2;
    const list = phrases.get(c);
    if (list) list.push(key);
    else phrases.set(c, [key]);
  }
}

const YAO_VARIANT = 0x4e48; // 么
const YAO = 0x5e7a; // 幺

/** Put back every 么 of `input` that a same-length conversion turned into 幺. */
function keepYao(input: string, out: string): string {
  if (out.length !== input.length || !input.includes('么')) return out;
  let fixed = '';
  let last = 0;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) === YAO_VARIANT && out.charCodeAt(i) === YAO) {
      fixed += out.slice(last, i) + '么';
      last = i + 1;
    }
  }
  return last === 0 ? out : fixed + out.slice(last);
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Taiwan's 帳戶/帳號 come out of opencc as the variant 帐户/帐号; the mainland writes 账户/账号 (same length). */
function foldVariants(text: string): string {
  return text.includes('帐') ? text.replace(/帐(?=[户号单])/g, '账') : text;
}

/** Map Traditional characters to Simplified; returns the same string when nothing changes. */
export function toSimplified(text: string): string {
  return foldVariants(toSimplifiedRaw(text));
}

function needsConversion(text: string, map: Uint8Array): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = map[c];
    if (v === 1) return true;
    if (v === 2) for (const p of phrases.get(c)!) if (text.startsWith(p, i)) return true;
  }
  return false;
}

function toSimplifiedRaw(text: string): string {
  if (!HAN.test(text)) return text;
  if (!changing) setup();
  const map = changing!;
  if (!needsConversion(text, map)) return text;
  // opencc's output is not always a fixed point (麼 → 么 → 幺), so convert until it is (at most 3 passes) to keep
  // normalization idempotent; another pass only when a character that converts on its own is left (rarely).
  const conv = converter();
  let out = keepYao(text, conv(text));
  for (let pass = 1; pass < 3 && needsConversion(out, map); pass++) {
    const again = keepYao(out, conv(out));
    if (again === out) break;
    out = again;
  }
  return out;
}
