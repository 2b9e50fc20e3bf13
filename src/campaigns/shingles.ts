/**
 * The shingles a message is grouped by: the buckets the feature stage already hashed for scoring (words, word
 * bigrams with entities standing as `<url>`, `<phone>`, `<num>`…, Han character bigrams, scam-type pattern
 * hits), minus the features of the entities themselves (`u:host:…`, `n:5`, `p:th-mobile`…) and of codes (Latin
 * words with digits: tracking numbers, order ids, promo codes). So two messages that differ only in disguises
 * (undone by the normalizer), amounts, links, phone numbers or codes have the same shingles; a different name
 * changes only the shingles it touches.
 *
 * Messages with fewer than MIN_WORDS words keep their entity features (a bare link or number would otherwise
 * collapse with every other bare link or number).
 */
import type { DetailedAnalysis } from '../analyze.js';
import { fnv1a } from '../features/hash.js';

export const MIN_WORDS = 3;

export interface Shingles {
  /** Feature buckets, in the order the features stage lists them (duplicates possible). */
  readonly hashes: Uint32Array;
  /** Word tokens in the message. */
  readonly words: number;
}

/** A Latin word with a digit in it: a tracking number, order id or promo code, which varies from message to message. */
const CODE = /\d/;

export function shinglesOf(a: DetailedAnalysis): Shingles {
  const toks = a.tokens;
  let words = 0;
  // Spans standing for something that varies: entities (their features: `u:host:…`, `n:5`…) and codes (their
  // features and every bigram with them).
  const starts: number[] = [];
  const ends: number[] = [];
  const code: boolean[] = [];
  for (const t of toks) {
    if (t.kind === 'word') {
      if (t.script === 'latin' && CODE.test(t.text)) {
        starts.push(t.start);
        ends.push(t.end);
        code.push(true);
      } else words++;
    } else {
      starts.push(t.start);
      ends.push(t.end);
      code.push(false);
    }
  }
  const idx = a.names.index;
  const n = idx.length;
  let out: Uint32Array;
  if (words < MIN_WORDS || starts.length === 0) out = idx.slice();
  else {
    const buf = new Uint32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const s = a.names.start(i), e = a.names.end(i);
      let drop = false;
      for (let k = 0; k < starts.length && !drop; k++) drop = code[k] ? s <= starts[k] && ends[k] <= e : starts[k] === s && ends[k] === e;
      if (!drop) buf[m++] = idx[i];
    }
    out = buf.subarray(0, m);
  }
  // Nothing left (emoji only, say): the normalized text itself is the one shingle.
  if (out.length === 0) out = Uint32Array.of(fnv1a(a.normalized.text));
  return { hashes: out, words };
}
