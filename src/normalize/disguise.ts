/**
 * Undoing common disguises in Latin-script words (all pure, idempotent, linear-time):
 * - look-alike letters (Cyrillic, Greek, Cherokee…) inside a word that also has ASCII letters are folded to
 *   the Latin letter they imitate (`Ρayрal` → `Paypal`), from the Unicode confusables data (npm `confusables`);
 *   whole words in another script are left alone, so Russian stays Russian;
 * - letters spelled out with separators are re-joined (`w h a t s a p p`, `L.I.N.E`; four letters or more);
 * - leetspeak digits between letters, or a doubled digit at the end of a word, become letters (`v1sa`, `fr33`);
 *   `@` and `$` are left alone (e-mail addresses and handles).
 * Homoglyph and leet folds replace one UTF-16 unit with one; re-joining deletes separators, reported as a
 * keep-mask so callers can carry their offset maps.
 */
import { loadDependency } from '../load.js';

// The confusables table is loaded the first time a look-alike letter shows up.
let confusables: Map<string, string> | undefined;

const LOOKALIKE = /[\u0370-\u03FF\u0400-\u052F\u13A0-\u13FF\u1D00-\u1D7F\uA640-\uA69F\u0250-\u02AF]/;
const WORD = /[\p{L}\p{M}]+/gu;

const single = new Map<string, string>();
function latinFor(ch: string): string | undefined {
  let r = single.get(ch);
  if (r === undefined) {
    const m = (confusables ??= (loadDependency('confusables') as { confusablesMap: Map<string, string> }).confusablesMap).get(ch);
    r = m !== undefined && /^[A-Za-z]$/.test(m) ? m : '';
    single.set(ch, r);
  }
  return r === '' ? undefined : r;
}

/** Fold look-alike letters inside mixed-script Latin words. Same length as the input. */
export function foldHomoglyphs(text: string): string {
  if (!LOOKALIKE.test(text)) return text;
  return text.replace(WORD, (word) => {
    // Only words that hold both an ASCII letter and a look-alike: whole words in another script stay.
    if (!/[A-Za-z]/.test(word) || !LOOKALIKE.test(word)) return word;
    let out = '';
    for (const ch of word) out += ch.length === 1 && LOOKALIKE.test(ch) ? (latinFor(ch) ?? ch) : ch;
    return out;
  });
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };
// Leet digits between letters (`v1sa`, `h0tel`, `gr33n`), or a doubled one closing a word of 2+ letters (`fr33`).
const LEET_INNER = /(?<=[A-Za-z])[013457]{1,3}(?=[A-Za-z])/g;
const LEET_TAIL = /(?<=[A-Za-z]{2})(?:00|11|33|44|55|77)(?![A-Za-z0-9])/g;

/**
 * Fold leetspeak inside Latin words. Same length as the input. Long or digit-heavy runs (wallet addresses,
 * hashes, order numbers: over 20 characters or more than 4 digits) are codes, not disguised words, and stay.
 */
export function foldLeet(text: string): string {
  if (!/[A-Za-z][013457]/.test(text)) return text;
  const map = (run: string) => run.replace(/./g, (c) => LEET[c] ?? c);
  return text.replace(/[A-Za-z0-9]+/g, (run) => {
    if (run.length > 20 || !/[A-Za-z][013457]/.test(run)) return run;
    let digits = 0;
    for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) <= 0x39) digits++;
    return digits > 4 ? run : run.replace(LEET_INNER, map).replace(LEET_TAIL, map);
  });
}

// Four or more single Latin letters, each followed by a separator run of one or two characters.
const SPACED = /(?<![A-Za-z0-9])[A-Za-z](?:[ .\-_*·•]{1,2}[A-Za-z](?![A-Za-z0-9])){3,}/g;

/** Re-join spelled-out letters. Returns the new text and, per input unit, whether it was kept (null: nothing removed). */
export function joinSpaced(text: string): { text: string; keep: Uint8Array | null } {
  if (!/[A-Za-z][ .\-_*·•]{1,2}[A-Za-z][ .\-_*·•]/.test(text)) return { text, keep: null };
  let keep: Uint8Array | null = null;
  const out = text.replace(SPACED, (m, offset: number) => {
    keep ??= new Uint8Array(text.length).fill(1);
    for (let i = 0; i < m.length; i++) if (!/[A-Za-z]/.test(m[i])) keep[offset + i] = 0;
    return m.replace(/[^A-Za-z]/g, '');
  });
  return { text: out, keep };
}
