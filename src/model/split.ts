/**
 * Deterministic de-duplication and train/validation/test split.
 *
 * The key of a message is its normalized text, lower-cased, with everything but letters and marks removed
 * (digits, masked digits written as x runs, punctuation, spaces and emoji all go), so a message and its
 * near-copies (another OTP code, another amount, other spacing) share a key. Duplicates across all corpora
 * are dropped, keeping the first occurrence in file order. The split is a hash of the key: a key sits on one
 * side only, whichever corpus it came from.
 */
import { fnv1a } from '../features/hash.js';

export type Split = 'train' | 'validation' | 'test';

/** Percentages of the split; frozen (changing them moves messages between sides). */
export const SPLIT = { train: 80, validation: 10, test: 10 } as const;

export function dedupKey(normalizedText: string): string {
  const letters = normalizedText
    .toLowerCase()
    .replace(/(?<![a-z])x+(?![a-z])/g, '')
    .replace(/[^\p{L}\p{M}]+/gu, '');
  return letters.length > 0 ? letters : normalizedText.trim();
}

export function splitOf(key: string): Split {
  const b = fnv1a(`split:${key}`) % 100;
  return b < SPLIT.train ? 'train' : b < SPLIT.train + SPLIT.validation ? 'validation' : 'test';
}
