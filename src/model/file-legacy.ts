/** The all-JSON model files of format versions 1–3 (weights as delta-coded base64): still read, never written. */
import * as v from 'valibot';
import { describeIssue } from '../patterns/index.js';
import type { Model } from './model.js';
import { build, jsonFileSchema, denseWeights, LITTLE_ENDIAN, ModelFormatError } from './file-schema.js';

/** JSON files (versions 1–3): base64 of little-endian 32-bit words → bytes in host order at a 4-byte-aligned offset. */
function words(base64: string): Uint8Array {
  const b = Buffer.from(base64, 'base64');
  if (!LITTLE_ENDIAN && b.length % 4 === 0) b.swap32();
  // Large buffers own their ArrayBuffer (offset 0); small ones come from Buffer's shared pool and may not be aligned.
  return b.byteOffset % 4 === 0 ? b : Uint8Array.from(b);
}

function decodeEncoded(enc: { count: number; indices: string; values: string }, bits: number, where: string, shared: boolean): Float32Array {
  const size = 1 << bits;
  const deltaBytes = words(enc.indices);
  const valueBytes = words(enc.values);
  if (deltaBytes.length !== enc.count * 4 || valueBytes.length !== enc.count * 4) {
    throw new ModelFormatError(`invalid model file: ${where}: expected ${enc.count} entries, found ${Math.floor(deltaBytes.length / 4)} indices and ${Math.floor(valueBytes.length / 4)} values (truncated?)`);
  }
  if (enc.count > size) throw new ModelFormatError(`invalid model file: ${where}: ${enc.count} entries exceed ${size} buckets`);
  const weights = denseWeights(bits, shared);
  const d = new Uint32Array(deltaBytes.buffer, deltaBytes.byteOffset, enc.count);
  const val = new Float32Array(valueBytes.buffer, valueBytes.byteOffset, enc.count);
  let pos = 0;
  for (let i = 0; i < enc.count; i++) {
    pos += d[i];
    const x = val[i];
    if (pos >= size || !Number.isFinite(x)) throw new ModelFormatError(`invalid model file: ${where}: entry ${i} is out of range or not finite`);
    weights[pos] = x;
  }
  return weights;
}

/** A validated JSON model file object → the in-memory model. */
export function parseLegacy(raw: unknown, shared: boolean): Model {
  const version = (raw as { version: number }).version;
  if (version >= 4) throw new ModelFormatError(`invalid model file: version ${version} model files are binary (this one is JSON)`);
  const r = v.safeParse(jsonFileSchema, raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
  return build(r.output, (w, bits, where) => ({ weights: decodeEncoded(w, bits, where, shared) }));
}
