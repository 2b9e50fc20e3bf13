/**
 * The model file. Since version 4 (2026-11-29) a small binary container:
 *
 *   bytes 0–7    magic `SCAMSCAN`
 *   bytes 8–11   format version, uint32 little-endian (6)
 *   bytes 12–15  header length H, uint32 little-endian
 *   bytes 16…    header: JSON (ASCII), with the format name and version, the full feature configuration,
 *                training settings, calibration, thresholds, the training-data fingerprint and the held-out
 *                metrics, the lexicon and, for each weight vector, `{ offset, scale }`
 *   then zero bytes to a multiple of 8, then the data block: per weight vector 2^bits int16 weights (in steps
 *   of `scale`), little-endian, at `offset` bytes into the block.
 *
 * Versions 4–5 stored the non-zero buckets only (`{ count, offset }`: uint32 indices, then float32 values);
 * versions 1–3 were all-JSON files with the weights in base64 (delta-coded indices). All still load. The
 * binary form loads without a text copy of the file or any decoding: the weights are typed-array views of the
 * file's bytes. Scoring needs only this file. Every field is validated on load; a file from a newer format
 * version is refused.
 */
import { isAscii } from 'node:buffer';
import type { Model } from './model.js';
import { checkHeader, parseJson } from './file-schema.js';
import { isBinaryModel, parseBinary } from './file-binary.js';
import { parseLegacy } from './file-legacy.js';

export { MODEL_FORMAT, MODEL_VERSION, trainSettings, type CorpusInfo, type GroupMetrics, type LangKey, type Model, type Thresholds } from './model.js';
export { ModelFormatError } from './file-schema.js';
export { MODEL_MAGIC, serializeModel } from './file-binary.js';

/**
 * Parse and validate a model file: its bytes (either format) or, for the JSON files of versions 1–3, its text.
 * Throws ModelFormatError with one line saying what is wrong. With `shared`, the weights live in
 * SharedArrayBuffers, so the model can be posted to worker threads without copying them (each thread then needs
 * neither its own copy nor its own parse of the file).
 */
export function parseModel(input: string | Uint8Array, opts: { shared?: boolean } = {}): Model {
  const shared = opts.shared === true;
  if (typeof input !== 'string') {
    if (isBinaryModel(input)) return parseBinary(input, shared);
    // A JSON file: models before version 4 were written as ASCII, and Latin-1 decoding of those is a copy where
    // UTF-8 decoding is not; files edited by hand still read as UTF-8.
    const b = Buffer.from(input.buffer, input.byteOffset, input.length);
    input = b.toString(isAscii(b) ? 'latin1' : 'utf8');
  }
  const raw = parseJson(input, 'JSON or a binary scamscan model');
  checkHeader(raw);
  return parseLegacy(raw, shared);
}
