/**
 * The model file. Version 4 (written since 2026-11-29) is a small binary container:
 *
 *   bytes 0–7    magic `SCAMSCAN`
 *   bytes 8–11   format version, uint32 little-endian (4)
 *   bytes 12–15  header length H, uint32 little-endian
 *   bytes 16…    header: JSON (ASCII), with the format name and version, the full feature configuration,
 *                training settings, calibration, thresholds, the training-data fingerprint and the held-out
 *                metrics, the lexicon and, for each weight vector, `{ count, offset }`
 *   then zero bytes to a multiple of 8, then the data block: per weight vector `count` uint32 bucket indices
 *   (strictly increasing) followed by `count` float32 weights, little-endian, at `offset` bytes into the block.
 *
 * Non-zero buckets only. Versions 1–3 were all-JSON files with the weights in base64 (delta-coded indices);
 * they still load. The binary form loads without a text copy of the file, a parse of 2.6 MB of base64 strings
 * and their decoding: the weights are read through typed-array views of the file's bytes. Scoring needs only
 * this file. Every field is validated on load; a file from a newer format version is refused.
 */
import { isAscii } from 'node:buffer';
import * as v from 'valibot';
import type { FeatureConfig } from '../features/index.js';
import type { LinearModel, TrainParams } from './linear.js';
import type { Platt } from './calibrate.js';
import type { Lang } from '../lang/index.js';
import { describeIssue, patternSchema, type Pattern } from '../patterns/index.js';
import { CUE_FEATURES } from '../features/cues.js';
import { LAYER_LANGS, type CueLayer, type LayerLang } from './cuelayer.js';
import type { TypeClass, TypeEvaluation, TypeModel } from './types.js';

export const MODEL_FORMAT = 'scamscan-model';
/**
 * Version 2 added the scam-type model (`types`); version 3 the training setting `train.nb` (naive-Bayes scaling,
 * folded into the weights: scoring is the same); version 4 the binary container (same content). Versions 1–3
 * still load (version 1 files predict no types).
 */
export const MODEL_VERSION = 5;
/** The first bytes of a version-4 (binary) model file. */
export const MODEL_MAGIC = 'SCAMSCAN';
const PREAMBLE = 16;
/** Where the data block starts: after the preamble and the header, at a multiple of 8. */
const dataStartOf = (headerLength: number) => Math.ceil((PREAMBLE + headerLength) / 8) * 8;

export interface Thresholds {
  /** Calibrated score at or above which a message is `high` risk (precision ≥ 0.95 on validation). */
  readonly high: number;
  /** Calibrated score at or above which a message is at least `medium` risk (recall ≥ 0.90 on validation). */
  readonly medium: number;
}

export type LangKey = Lang | '*';

export interface GroupMetrics {
  n: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  ap: number | null;
  ece?: number;
}

export interface CorpusInfo {
  name: string;
  rows: number;
  used: number;
  sha256: string;
}

export interface Model {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly createdWith: string;
  readonly features: FeatureConfig;
  readonly train: TrainParams & { readonly weakWeight: number };
  readonly linear: LinearModel;
  readonly calibration: Partial<Record<LangKey, Platt>>;
  readonly thresholds: Partial<Record<LangKey, Thresholds>>;
  readonly data: {
    readonly corpora: CorpusInfo[];
    readonly fingerprint: string;
    readonly split: { train: number; validation: number; test: number; duplicates: number; conflicts: number };
  };
  readonly metrics: { readonly test: Record<string, GroupMetrics>; readonly types?: TypeEvaluation };
  /** Scam-type prediction (format version ≥ 2). */
  readonly types?: TypeModel;
  /** Strongest features per language (names are not recoverable from hashes, so they are kept here). */
  readonly top?: Partial<Record<LangKey, Array<{ feature: string; weight: number }>>>;
  /** Intent cues weighed beside the text model's margin (format version ≥ 5). */
  readonly cues?: CueLayer;
}

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const finite = v.pipe(v.number(), v.finite());
const nonneg = v.pipe(v.number(), v.minValue(0));
const prob = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const platt = v.strictObject({ a: finite, b: finite });
const thr = v.strictObject({ high: v.pipe(v.number(), v.minValue(0), v.maxValue(1.01)), medium: v.pipe(v.number(), v.minValue(0), v.maxValue(1.01)) });
const langKey = v.picklist(['tha', 'cmn', 'mya', 'eng', 'und', '*']);
const count = int(0, Number.MAX_SAFE_INTEGER);
const group = v.strictObject({
  n: count,
  positives: count,
  precision: prob,
  recall: prob,
  f1: prob,
  ap: v.nullable(prob),
  ece: v.optional(prob),
});

/** Weights in a JSON file (versions 1–3): delta-coded uint32 indices and float32 values, base64. */
const encodedWeights = v.strictObject({
  count,
  indices: str(200_000_000),
  values: str(200_000_000),
});
/** Weights in a binary file (version 4): where in the data block, and how many. */
const weightsRef = v.strictObject({ count, offset: count });
const typeScore = v.strictObject({ n: count, predicted: count, precision: prob, recall: prob, f1: prob });
const typeEval = v.strictObject({
  n: count,
  accuracy: prob,
  byType: v.record(str(100), typeScore),
  confusion: v.record(str(100), v.record(str(100), count)),
  byLang: v.record(str(20), v.strictObject({ n: count, accuracy: prob })),
});
const typesSchema = <W extends typeof encodedWeights | typeof weightsRef>(weights: W) =>
  v.strictObject({
    bits: int(8, 20),
    scale: v.pipe(v.number(), v.gtValue(0), v.maxValue(1000)),
    minConfidence: prob,
    alsoAbove: prob,
    patterns: v.pipe(v.array(patternSchema), v.maxLength(20_000)),
    byLang: v.record(langKey, v.pipe(v.array(v.strictObject({ type: patternSchema.entries.type, bias: finite, weights })), v.maxLength(50))),
  });

const header = v.looseObject({ format: v.string(), version: v.pipe(v.number(), v.integer()) });

const fileSchema = <W extends typeof encodedWeights | typeof weightsRef, V extends v.GenericSchema<unknown, number>>(weights: W, version: V) => v.strictObject({
  format: v.literal(MODEL_FORMAT),
  version,
  createdWith: str(100),
  features: v.strictObject({
    bits: int(10, 24),
    wordBigrams: v.boolean(),
    hanBigrams: v.boolean(),
    charNgrams: int(0, 6),
    langFeature: v.boolean(),
    patternFeatures: v.optional(v.boolean()),
    cueFeatures: v.optional(v.boolean()),
  }),
  train: v.strictObject({
    epochs: int(0, 1000),
    alpha: v.pipe(v.number(), v.gtValue(0)),
    beta: nonneg,
    l1: nonneg,
    l2: nonneg,
    seed: v.pipe(v.number(), v.integer()),
    nb: v.optional(v.pipe(nonneg, v.maxValue(100))),
    weakWeight: prob,
  }),
  bias: finite,
  weights,
  calibration: v.record(langKey, platt),
  thresholds: v.record(langKey, thr),
  data: v.strictObject({
    corpora: v.pipe(v.array(v.strictObject({ name: str(200), rows: count, used: count, sha256: str(64) })), v.maxLength(1000)),
    fingerprint: str(64),
    split: v.strictObject({ train: count, validation: count, test: count, duplicates: count, conflicts: count }),
  }),
  metrics: v.strictObject({ test: v.record(str(200), group), types: v.optional(typeEval) }),
  types: v.optional(typesSchema(weights)),
  top: v.optional(v.record(langKey, v.pipe(v.array(v.strictObject({ feature: str(500), weight: finite })), v.maxLength(1000)))),
  cues: v.optional(
    v.pipe(
      v.strictObject({
        names: v.pipe(v.array(v.picklist(CUE_FEATURES)), v.maxLength(64)),
        weights: v.pipe(v.array(finite), v.maxLength(64)),
        text: v.strictObject(Object.fromEntries(LAYER_LANGS.map((l) => [l, finite])) as Record<LayerLang, typeof finite>),
        bias: v.strictObject(Object.fromEntries(LAYER_LANGS.map((l) => [l, finite])) as Record<LayerLang, typeof finite>),
        clip: v.pipe(v.number(), v.gtValue(0), v.maxValue(1e6)),
      }),
      v.check((c) => c.names.length === c.weights.length, 'expected as many cue weights as cue names'),
    ),
  ),
});
const jsonFileSchema = fileSchema(encodedWeights, v.union([v.literal(1), v.literal(2), v.literal(3)]));
const binaryFileSchema = fileSchema(weightsRef, v.union([v.literal(4), v.literal(5)]));

export class ModelFormatError extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_TEXT = /"(?:__proto__|constructor|prototype)"/;

/** Host byte order; the file's is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The non-zero buckets of a weight vector: their indices (increasing) and values. */
function nonZero(w: Float32Array): { idx: Uint32Array; val: Float32Array } {
  let n = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) n++;
  const idx = new Uint32Array(n);
  const val = new Float32Array(n);
  for (let i = 0, k = 0; i < w.length; i++) if (w[i] !== 0) {
    idx[k] = i;
    val[k++] = w[i];
  }
  return { idx, val };
}

/** Bytes of 32-bit words, little-endian whatever the host. */
function leBytes(a: Uint32Array | Float32Array): Uint8Array {
  const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return LITTLE_ENDIAN ? b : Buffer.from(b).swap32();
}

/**
 * Serialise a model to the bytes of a version-4 model file (deterministic: same model, same bytes). The header
 * is written as pure ASCII (\uXXXX for the Thai, Chinese and Burmese of the lexicons and top features).
 */
export function serializeModel(m: Model): Uint8Array {
  const t = m.types;
  const data: Uint8Array[] = [];
  let dataLength = 0;
  const ref = (w: Float32Array): { count: number; offset: number } => {
    const { idx, val } = nonZero(w);
    const offset = dataLength;
    data.push(leBytes(idx), leBytes(val));
    dataLength += idx.byteLength + val.byteLength;
    return { count: idx.length, offset };
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
            byLang: Object.fromEntries(Object.entries(t.byLang).map(([lang, cs]) => [lang, cs!.map((c) => ({ type: c.type, bias: c.bias, weights: ref(c.weights) }))])),
          },
        }
      : {}),
    weights: ref(m.linear.weights),
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
 * A model's training settings as `trainModel` takes them. Files before version 3 have no `nb`: they were trained
 * without naive-Bayes scaling, which is 0 here (left absent, training would apply today's default).
 */
export function trainSettings(m: Pick<Model, 'train'>): Model['train'] & { readonly nb: number } {
  return { ...m.train, nb: m.train.nb ?? 0 };
}

/** JSON text → object, refusing keys that could reach a prototype. */
function parseJson(text: string, what: string): unknown {
  try {
    // Only a text that contains one of the keys as a quoted string is parsed with the (slow, per-value) reviver
    // that finds out whether it is really a key.
    return FORBIDDEN_TEXT.test(text)
      ? JSON.parse(text, (key, value: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) throw new ModelFormatError(`invalid model file: forbidden key "${key}"`);
          return value;
        })
      : JSON.parse(text);
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`not a scamscan model: expected ${what}, found ${text.length === 0 ? 'an empty file' : 'invalid JSON (' + (e as Error).message + ')'}`);
  }
}

function checkHeader(raw: unknown): void {
  const h = v.safeParse(header, raw);
  if (!h.success) throw new ModelFormatError('not a scamscan model: expected an object with "format" and "version"');
  if (h.output.format !== MODEL_FORMAT) throw new ModelFormatError(`not a scamscan model: expected format "${MODEL_FORMAT}", found ${JSON.stringify(String(h.output.format).slice(0, 40))}`);
  checkVersion(h.output.version);
}

function checkVersion(version: number): void {
  if (version > MODEL_VERSION) throw new ModelFormatError(`model format version ${version} is newer than this scamscan reads (${MODEL_VERSION}); upgrade scamscan`);
  if (version < 1) throw new ModelFormatError(`model format version ${version} is not a known version`);
}

/** A dense weight vector of 2^bits buckets, in shared memory if asked (for posting to worker threads). */
function denseWeights(bits: number, shared: boolean): Float32Array {
  const size = 1 << bits;
  return shared ? new Float32Array(new SharedArrayBuffer(size * 4)) : new Float32Array(size);
}

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

/** Version 4: a weight vector's section of the data block, read through typed-array views of the file's bytes. */
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

type Decode<W> = (w: W, bits: number, where: string) => Float32Array;

/** The validated file object → the in-memory model. */
function build<W>(f: Omit<v.InferOutput<typeof jsonFileSchema>, 'weights' | 'types' | 'version'> & { version: number; weights: W; types?: { bits: number; scale: number; minConfidence: number; alsoAbove: number; patterns: unknown[]; byLang: Partial<Record<string, Array<{ type: string; bias: number; weights: W }>>> } }, decode: Decode<W>): Model {
  const weights = decode(f.weights, f.features.bits, 'weights');
  let types: TypeModel | undefined;
  if (f.types) {
    const byLang: Partial<Record<Lang, TypeClass[]>> = {};
    for (const [lang, cs] of Object.entries(f.types.byLang)) {
      byLang[lang as Lang] = cs!.map((c, i) => ({ type: c.type as TypeClass['type'], bias: c.bias, weights: decode(c.weights, f.types!.bits, `types.byLang.${lang}.${i}.weights`) }));
    }
    types = { bits: f.types.bits, scale: f.types.scale, minConfidence: f.types.minConfidence, alsoAbove: f.types.alsoAbove, patterns: f.types.patterns as Pattern[], byLang };
  }
  const { weights: _w, bias, types: _t, ...rest } = f;
  void _w;
  void _t;
  return { ...rest, format: MODEL_FORMAT, linear: { weights, bias }, ...(types ? { types } : {}) } as Model;
}

const MAGIC_BYTES = Buffer.from(MODEL_MAGIC, 'latin1');

/** Whether these bytes start like a version-4 (binary) model file. */
function isBinaryModel(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_BYTES.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC_BYTES.length).equals(MAGIC_BYTES);
}

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
  if ((raw as { version: number }).version >= 4) throw new ModelFormatError(`invalid model file: version ${(raw as { version: number }).version} model files are binary (this one is JSON)`);
  const r = v.safeParse(jsonFileSchema, raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
  return build(r.output, (w, bits, where) => decodeEncoded(w, bits, where, shared));
}

function parseBinary(input: Uint8Array, shared: boolean): Model {
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
  const r = v.safeParse(binaryFileSchema, raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
  const dataStart = dataStartOf(headerLength);
  return build(r.output, (w, bits, where) => decodeSection(bytes, dataStart, w, bits, where, shared));
}
