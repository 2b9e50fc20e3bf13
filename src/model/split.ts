/**
 * Deterministic de-duplication and train/validation/test split.
 *
 * The key of a message is its raw text under a small FROZEN normalization — NFKC, lower-cased, everything but
 * letters and marks removed (digits, masked digits written as x runs, punctuation, spaces, emoji and invisible
 * characters all go) — so a message and its near-copies (another OTP code, another amount, other spacing)
 * share a key. It deliberately does not use the normalize stage: improving that stage must not move messages
 * between train and test, or before/after comparisons would not be on the same split. Duplicates across all corpora
 * are dropped, keeping the first occurrence in file order. The split is a hash of the key: a key sits on one
 * side only, whichever corpus it came from.
 */
import { fnv1a } from '../features/hash.js';

export type Split = 'train' | 'validation' | 'test';

/** Percentages of the split; frozen (changing them moves messages between sides). */
export const SPLIT = { train: 80, validation: 10, test: 10 } as const;

export function dedupKey(rawText: string): string {
  const letters = rawText
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?<![a-z])x+(?![a-z])/g, '')
    .replace(/[^\p{L}\p{M}]+/gu, '');
  return letters.length > 0 ? letters : rawText.trim();
}

export function splitOf(key: string): Split {
  const b = fnv1a(`split:${key}`) % 100;
  return b < SPLIT.train ? 'train' : b < SPLIT.train + SPLIT.validation ? 'validation' : 'test';
}
