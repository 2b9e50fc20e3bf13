/**
 * The shingles a message is grouped by: the buckets the feature stage already hashed for scoring (words, word
 * bigrams with entities standing as `<url>`, `<phone>`, `<num>`…, Han character bigrams, scam-type pattern
 * hits), minus the features of the entities themselves (`u:host:…`, `n:5`, `p:th-mobile`…). So two messages
 * that differ only in names' spelling tricks (undone by the normalizer), amounts, links, phone numbers or codes
 * have the same shingles; a different name changes only the shingles it touches.
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

export function shinglesOf(a: DetailedAnalysis): Shingles {
  const toks = a.tokens;
  let words = 0;
  let entities = 0;
  for (const t of toks) {
    if (t.kind === 'word') words++;
    else entities++;
  }
  const idx = a.names.index;
  const n = idx.length;
  const keepEntities = words < MIN_WORDS || entities === 0;
  let out: Uint32Array;
  if (keepEntities) out = idx.slice();
  else {
    // Entity spans, to drop the features that came from one entity alone.
    const starts: number[] = [];
    const ends: number[] = [];
    for (const t of toks) if (t.kind !== 'word') {
      starts.push(t.start);
      ends.push(t.end);
    }
    const buf = new Uint32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const s = a.names.start(i), e = a.names.end(i);
      let entity = false;
      for (let k = 0; k < starts.length && !entity; k++) entity = starts[k] === s && ends[k] === e;
      if (!entity) buf[m++] = idx[i];
    }
    out = buf.subarray(0, m);
  }
  // Nothing left (emoji only, say): the normalized text itself is the one shingle.
  if (out.length === 0) out = Uint32Array.of(fnv1a(a.normalized.text));
  return { hashes: out, words };
}
