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
let changing: Set<number> | undefined;

function firstChars(dict: string, into: Set<number>): void {
  for (const entry of dict.split('|')) {
    const cp = entry.codePointAt(0);
    if (cp !== undefined) into.add(cp);
  }
}

function setup(): void {
  changing = new Set();
  for (const d of [TSCharacters, TSPhrases, TWVariantsRev, TWVariantsRevPhrases]) firstChars(d, changing);
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Map Traditional characters to Simplified; returns the same string when nothing changes. */
export function toSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  if (!changing) setup();
  for (const ch of text) {
    if (changing!.has(ch.codePointAt(0)!)) {
      const conv = convert ?? (convert = OpenCC.Converter({ from: 'tw', to: 'cn' }));
      return conv(text);
    }
  }
  return text;
}
