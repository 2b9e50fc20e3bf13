/**
 * Traditional → Simplified Chinese with opencc-js (Taiwan standard to Mainland), applied only to messages that
 * contain a character the conversion can change. That set is read from opencc's own dictionaries (the keys of
 * the character tables and the first characters of the phrase tables), so clean Simplified text costs one
 * scan and no conversion.
 */
import * as OpenCC from 'opencc-js/t2cn';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';

let convert: ((s: string) => string) | undefined;
/** Bitmap over UTF-16 code units: 1 where a character (or a surrogate half of one) may convert. */
let changing: Uint8Array | undefined;

function converter(): (s: string) => string {
  return convert ?? (convert = OpenCC.Converter({ from: 'tw', to: 'cn' }));
}

function setup(): void {
  changing = new Uint8Array(0x10000);
  // Every character that the full conversion changes on its own (the tables also list characters that a
  // Taiwan-variant step changes and a later step changes back, such as 吃)…
  const candidates: string[] = [];
  for (const d of [TSCharacters, TWVariantsRev]) {
    for (const entry of d.split('|')) {
      const key = entry.split(' ')[0];
      if (key.length === 1) candidates.push(key);
    }
  }
  const converted = converter()(candidates.join('\n')).split('\n');
  for (let i = 0; i < candidates.length; i++) if (converted[i] !== candidates[i]) changing[candidates[i].charCodeAt(0)] = 1;
  // …and, for the rare phrase made only of characters that do not convert alone, its first character.
  for (const d of [TSPhrases, TWVariantsRevPhrases]) {
    for (const entry of d.split('|')) {
      const key = entry.split(' ')[0];
      let any = false;
      for (let i = 0; i < key.length && !any; i++) any = changing[key.charCodeAt(i)] === 1;
      if (!any && key.length > 0) changing[key.charCodeAt(0)] = 1;
    }
  }
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Map Traditional characters to Simplified; returns the same string when nothing changes. */
/** Taiwan's 帳戶/帳號 come out of opencc as the variant 帐户/帐号; the mainland writes 账户/账号 (same length). */
function foldVariants(text: string): string {
  return text.includes('帐') ? text.replace(/帐(?=[户号单])/g, '账') : text;
}

export function toSimplified(text: string): string {
  return foldVariants(toSimplifiedRaw(text));
}

function toSimplifiedRaw(text: string): string {
  if (!HAN.test(text)) return text;
  if (!changing) setup();
  const map = changing!;
  for (let i = 0; i < text.length; i++) {
    if (map[text.charCodeAt(i)] === 1) {
      // opencc's output is not always a fixed point (麼 → 么 → 幺), so convert until it is (at most 3 passes)
      // to keep normalization idempotent.
      const conv = converter();
      let out = conv(text);
      for (let pass = 1; pass < 3; pass++) {
        const again = conv(out);
        if (again === out) break;
        out = again;
      }
      return out;
    }
  }
  return text;
}
