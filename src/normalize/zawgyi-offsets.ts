/**
 * Offsets for Zawgyi → Unicode conversion. The converter reorders and expands Burmese letters inside a
 * syllable but copies everything else (digits, spaces, Latin, punctuation) unchanged and in order, so those
 * characters anchor the alignment exactly; only the Burmese runs between anchors are spread proportionally.
 */

function isBurmese(c: number): boolean {
  return (c >= 0x1000 && c <= 0x109f) || (c >= 0xaa60 && c <= 0xaa7f) || (c >= 0xa9e0 && c <= 0xa9ff);
}

/** offsets[i] = index in `original` of `converted[i]` (length converted.length + 1); null when the anchors disagree. */
export function zawgyiOffsets(original: string, converted: string): Int32Array | null {
  const out = new Int32Array(converted.length + 1);
  let i = 0; // converted
  let j = 0; // original
  while (i <= converted.length) {
    // A run of Burmese letters on each side, up to the next anchor (or the end).
    let ie = i;
    while (ie < converted.length && isBurmese(converted.charCodeAt(ie))) ie++;
    let je = j;
    while (je < original.length && isBurmese(original.charCodeAt(je))) je++;
    const runIn = ie - i;
    const runOrig = je - j;
    for (let k = 0; k < runIn; k++) out[i + k] = j + Math.min(runOrig - 1, Math.floor((k * runOrig) / runIn));
    if (runIn > 0 && runOrig === 0) return null;
    i = ie;
    j = je;
    if (i === converted.length) {
      if (j !== original.length) return null;
      out[i] = j;
      return out;
    }
    if (j >= original.length || converted.charCodeAt(i) !== original.charCodeAt(j)) return null;
    out[i++] = j++;
  }
  return out;
}
