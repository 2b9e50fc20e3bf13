/**
 * The binary model file: a 16-byte preamble (magic, version, header length), an ASCII JSON header with
 * everything but the weights, then the weights as raw little-endian arrays, read through typed-array views of
 * the file instead of being decoded from text. Version 6 (written) stores each weight vector dense, one int16
 * per bucket with the step in the header: it is used as read, with nothing to decode or check per entry.
 * Versions 4–5 (read) stored the non-zero buckets as sorted uint32 indices and float32 values.
 */
import { isAscii } from 'node:buffer';
import * as v from 'valibot';
import { describeIssue } from '../patterns/index.js';
import { quantize, type WeightArray } from './linear.js';
import { MODEL_VERSION, type Model } from './model.js';
import { binaryFileSchema, build, checkHeader, checkVersion, denseWeights, LITTLE_ENDIAN, ModelFormatError, parseJson, quantizedFileSchema, type DecodedWeights } from './file-schema.js';

/** The first bytes of a binary model file. */
export const MODEL_MAGIC = 'SCAMSCAN';
const PREAMBLE = 16;
/** Where the data block starts: after the preamble and the header, at a multiple of 8. */
const dataStartOf = (headerLength: number) => Math.ceil((PREAMBLE + headerLength) / 8) * 8;

/** Bytes of 16-bit words, little-endian whatever the host. */
function leBytes(a: Int16Array): Uint8Array {
  const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return LITTLE_ENDIAN ? b : Buffer.from(b).swap16();
}

/**
 * Serialise a model to the bytes of a version-6 model file (deterministic: same model, same bytes). Float32
 * weights (a model read from an older file) are quantized here. The header is written as pure ASCII (\uXXXX
 * for the Thai, Chinese and Burmese of the lexicons and top features).
 */
export function serializeModel(m: Model): Uint8Array {
  const t = m.types;
  const data: Uint8Array[] = [];
  let dataLength = 0;
  const ref = (w: { weights: WeightArray; scale?: number }): { offset: number; scale: number } => {
    const q = quantize(w);
    const offset = dataLength;
    data.push(leBytes(q.weights));
    dataLength += q.weights.byteLength;
    return { offset, scale: q.scale };
  };
  const file = {
    format: m.format,
    version: MODEL_VERSION,
    createdWith: m.createdWith,
    features: m.features,
    train: m.train,
    bias: m.linear.bias,
    calibration: m.calibration,
    thresholds: m.thresholds,
    data: m.data,
    metrics: m.metrics,
    ...(m.top ? { top: m.top } : {}),
    ...(m.cues ? { cues: m.cues } : {}),
    ...(t
      ? {
          types: {
            bits: t.bits,
            scale: t.scale,
            minConfidence: t.minConfidence,
            alsoAbove: t.alsoAbove,
            patterns: t.patterns,
            byLang: Object.fromEntries(Object.entries(t.byLang).map(([lang, cs]) => [lang, cs!.map((c) => ({ type: c.type, bias: c.bias, weights: ref(c) }))])),
          },
        }
      : {}),
    weights: ref(m.linear),
  };
  const headerText = JSON.stringify(file, null, 1).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
  const headerBytes = Buffer.from(headerText, 'latin1');
  const dataStart = dataStartOf(headerBytes.length);
  const out = Buffer.alloc(dataStart + dataLength);
  out.write(MODEL_MAGIC, 0, 'latin1');
  out.writeUInt32LE(MODEL_VERSION, 8);
  out.writeUInt32LE(headerBytes.length, 12);
  headerBytes.copy(out, PREAMBLE);
  let at = dataStart;
  for (const d of data) {
    out.set(d, at);
    at += d.length;
  }
  return out;
}

/**
 * Version 6: a weight vector's section of the data block, 2^bits int16 steps, used where it lies in the file's
 * bytes (copied only into shared memory, or to host order on a big-endian machine).
 */
function denseSection(bytes: Uint8Array, dataStart: number, r: { offset: number; scale: number }, bits: number, where: string, shared: boolean): DecodedWeights {
  const size = 1 << bits;
  const start = dataStart + r.offset;
  if (r.offset % 8 !== 0 || start + size * 2 > bytes.length) {
    throw new ModelFormatError(`invalid model file: ${where}: expected ${size} weights at data offset ${r.offset}, found ${Math.max(0, bytes.length - dataStart)} bytes of data (truncated?)`);
  }
  if (LITTLE_ENDIAN && !shared) return { weights: new Int16Array(bytes.buffer, bytes.byteOffset + start, size), scale: r.scale };
  const weights = shared ? new Int16Array(new SharedArrayBuffer(size * 2)) : new Int16Array(size);
  const le = bytes.subarray(start, start + size * 2);
  const host = LITTLE_ENDIAN ? le : Buffer.from(le).swap16();
  weights.set(new Int16Array(host.buffer, host.byteOffset, size));
  return { weights, scale: r.scale };
}

/** Versions 4–5: a weight vector's non-zero buckets, read through typed-array views of the file's bytes. */
function decodeSection(bytes: Uint8Array, dataStart: number, r: { count: number; offset: number }, bits: number, where: string, shared: boolean): Float32Array {
  const size = 1 << bits;
  if (r.count > size) throw new ModelFormatError(`invalid model file: ${where}: ${r.count} entries exceed ${size} buckets`);
  const start = dataStart + r.offset;
  if (r.offset % 4 !== 0 || start + r.count * 8 > bytes.length) {
    throw new ModelFormatError(`invalid model file: ${where}: expected ${r.count} entries at data offset ${r.offset}, found ${Math.max(0, bytes.length - dataStart)} bytes of data (truncated?)`);
  }
  let idx: Uint32Array;
  let val: Float32Array;
  if (LITTLE_ENDIAN) {
    idx = new Uint32Array(bytes.buffer, bytes.byteOffset + start, r.count);
    val = new Float32Array(bytes.buffer, bytes.byteOffset + start + r.count * 4, r.count);
  } else {
    const copy = Buffer.from(bytes.subarray(start, start + r.count * 8)).swap32();
    idx = new Uint32Array(copy.buffer, copy.byteOffset, r.count);
    val = new Float32Array(copy.buffer, copy.byteOffset + r.count * 4, r.count);
  }
  const weights = denseWeights(bits, shared);
  let prev = -1;
  for (let i = 0; i < r.count; i++) {
    const pos = idx[i];
    const x = val[i];
    if (pos <= prev || pos >= size || !Number.isFinite(x)) throw new ModelFormatError(`invalid model file: ${where}: entry ${i} is out of order, out of range or not finite`);
    weights[pos] = x;
    prev = pos;
  }
  return weights;
}

const MAGIC_BYTES = Buffer.from(MODEL_MAGIC, 'latin1');

/** Whether these bytes start like a binary model file (version 4 on). */
export function isBinaryModel(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_BYTES.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC_BYTES.length).equals(MAGIC_BYTES);
}

export function parseBinary(input: Uint8Array, shared: boolean): Model {
  // Typed-array views need 4-byte alignment (a small Buffer may sit at any offset of Node's shared pool).
  const bytes = input.byteOffset % 4 === 0 ? input : Uint8Array.from(input);
  if (bytes.length < PREAMBLE) throw new ModelFormatError(`invalid model file: expected a ${PREAMBLE}-byte preamble, found ${bytes.length} bytes (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const fileVersion = view.getUint32(8, true);
  checkVersion(fileVersion);
  if (fileVersion < 4) throw new ModelFormatError(`invalid model file: binary model files start at version 4, found ${fileVersion}`);
  const headerLength = view.getUint32(12, true);
  if (PREAMBLE + headerLength > bytes.length) throw new ModelFormatError(`invalid model file: expected a ${headerLength}-byte header, found ${bytes.length - PREAMBLE} bytes (truncated?)`);
  const headerBytes = Buffer.from(bytes.buffer, bytes.byteOffset + PREAMBLE, headerLength);
  if (!isAscii(headerBytes)) throw new ModelFormatError('invalid model file: expected an ASCII JSON header, found other bytes');
  const raw = parseJson(headerBytes.toString('latin1'), 'a JSON header');
  checkHeader(raw);
  const version = (raw as { version: number }).version;
  if (version !== fileVersion) throw new ModelFormatError(`invalid model file: the header says version ${version}, the preamble ${fileVersion}`);
  const dataStart = dataStartOf(headerLength);
  if (version >= 6) {
    const r = v.safeParse(quantizedFileSchema, raw);
    if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
    return build(r.output, (w, bits, where) => denseSection(bytes, dataStart, w, bits, where, shared));
  }
  const r = v.safeParse(binaryFileSchema, raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
  return build(r.output, (w, bits, where) => ({ weights: decodeSection(bytes, dataStart, w, bits, where, shared) }));
}
