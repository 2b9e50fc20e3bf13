/**
 * Traditional → Simplified Chinese with opencc-js (Taiwan standard to Mainland), applied only to messages
 * that contain a character the conversion changes: the set of such characters is computed once from the
 * converter itself, so clean Simplified text costs one scan and no conversion.
 */
import * as OpenCC from 'opencc-js/t2cn';

let convert: ((s: string) => string) | undefined;
let changing: Set<number> | undefined;

function setup(): void {
  const conv = OpenCC.Converter({ from: 'tw', to: 'cn' });
  convert = conv;
  changing = new Set();
  // CJK Unified Ideographs and Extension A, plus compatibility ideographs.
  const ranges: Array<[number, number]> = [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ];
  for (const [a, b] of ranges) {
    const chars: string[] = [];
    for (let cp = a; cp <= b; cp++) chars.push(String.fromCharCode(cp));
    const src = chars.join('\n');
    const dst = conv(src).split('\n');
    for (let i = 0; i < chars.length; i++) if (dst[i] !== chars[i]) changing.add(a + i);
  }
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Map Traditional characters to Simplified; returns the same string when nothing changes. */
export function toSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  if (!changing) setup();
  let needs = false;
  for (let i = 0; i < text.length; i++) {
    if (changing!.has(text.charCodeAt(i))) {
      needs = true;
      break;
    }
  }
  return needs ? convert!(text) : text;
}
