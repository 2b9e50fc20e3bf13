/**
 * The model file: JSON with a format name and an integer version, the full feature configuration, training
 * settings, calibration, thresholds, the training-data fingerprint and the held-out metrics, then the weights
 * (non-zero buckets only: delta-coded indices and float32 values, base64). Scoring needs only this file.
 * Every field is validated on load; a file from a newer format version is refused.
 */
import * as v from 'valibot';
import type { FeatureConfig } from '../features/index.js';
import type { LinearModel, TrainParams } from './linear.js';
import type { Platt } from './calibrate.js';
import type { Lang } from '../lang/index.js';
import { describeIssue, patternSchema, type Pattern } from '../patterns/index.js';
import type { TypeClass, TypeEvaluation, TypeModel } from './types.js';

export const MODEL_FORMAT = 'scamscan-model';
/**
 * Version 2 added the scam-type model (`types`); version 3 the training setting `train.nb` (naive-Bayes scaling,
 * folded into the weights: scoring is the same). Versions 1 and 2 still load (version 1 files predict no types).
 */
export const MODEL_VERSION = 3;

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

const encodedWeights = v.strictObject({
  count,
  indices: str(200_000_000),
  values: str(200_000_000),
});
const typeScore = v.strictObject({ n: count, predicted: count, precision: prob, recall: prob, f1: prob });
const typeEval = v.strictObject({
  n: count,
  accuracy: prob,
  byType: v.record(str(100), typeScore),
  confusion: v.record(str(100), v.record(str(100), count)),
  byLang: v.record(str(20), v.strictObject({ n: count, accuracy: prob })),
});
const typesSchema = v.strictObject({
  bits: int(8, 20),
  scale: v.pipe(v.number(), v.gtValue(0), v.maxValue(1000)),
  minConfidence: prob,
  alsoAbove: prob,
  patterns: v.pipe(v.array(patternSchema), v.maxLength(20_000)),
  byLang: v.record(langKey, v.pipe(v.array(v.strictObject({ type: patternSchema.entries.type, bias: finite, weights: encodedWeights })), v.maxLength(50))),
});

const header = v.looseObject({ format: v.string(), version: v.pipe(v.number(), v.integer()) });

const fileSchema = v.strictObject({
  format: v.literal(MODEL_FORMAT),
  version: v.union([v.literal(1), v.literal(2), v.literal(MODEL_VERSION)]),
  createdWith: str(100),
  features: v.strictObject({
    bits: int(10, 24),
    wordBigrams: v.boolean(),
    hanBigrams: v.boolean(),
    charNgrams: int(0, 6),
    langFeature: v.boolean(),
    patternFeatures: v.optional(v.boolean()),
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
  weights: encodedWeights,
  calibration: v.record(langKey, platt),
  thresholds: v.record(langKey, thr),
  data: v.strictObject({
    corpora: v.pipe(v.array(v.strictObject({ name: str(200), rows: count, used: count, sha256: str(64) })), v.maxLength(1000)),
    fingerprint: str(64),
    split: v.strictObject({ train: count, validation: count, test: count, duplicates: count, conflicts: count }),
  }),
  metrics: v.strictObject({ test: v.record(str(200), group), types: v.optional(typeEval) }),
  types: v.optional(typesSchema),
  top: v.optional(v.record(langKey, v.pipe(v.array(v.strictObject({ feature: str(500), weight: finite })), v.maxLength(1000)))),
});

export class ModelFormatError extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_TEXT = /"(?:__proto__|constructor|prototype)"/;

/** Non-zero weights as delta-coded uint32 indices and float32 values, base64. */
function encodeWeights(w: Float32Array): { count: number; indices: string; values: string } {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) {
    idx.push(i);
    val.push(w[i]);
  }
  const deltas = new Uint32Array(idx.length);
  for (let i = 0; i < idx.length; i++) deltas[i] = idx[i] - (i > 0 ? idx[i - 1] : 0);
  return {
    count: idx.length,
    indices: Buffer.from(deltas.buffer).toString('base64'),
    values: Buffer.from(Float32Array.from(val).buffer).toString('base64'),
  };
}

/** Host byte order; the file's is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Base64 of little-endian 32-bit words → bytes in host order at a 4-byte-aligned offset, for a typed-array view. */
function words(base64: string): Uint8Array {
  const b = Buffer.from(base64, 'base64');
  if (!LITTLE_ENDIAN && b.length % 4 === 0) b.swap32();
  // Large buffers own their ArrayBuffer (offset 0); small ones come from Buffer's shared pool and may not be aligned.
  return b.byteOffset % 4 === 0 ? b : Uint8Array.from(b);
}

function decodeWeights(enc: { count: number; indices: string; values: string }, bits: number, where: string, shared: boolean): Float32Array {
  const size = 1 << bits;
  const deltaBytes = words(enc.indices);
  const valueBytes = words(enc.values);
  if (deltaBytes.length !== enc.count * 4 || valueBytes.length !== enc.count * 4) {
    throw new ModelFormatError(`invalid model file: ${where}: expected ${enc.count} entries, found ${Math.floor(deltaBytes.length / 4)} indices and ${Math.floor(valueBytes.length / 4)} values (truncated?)`);
  }
  if (enc.count > size) throw new ModelFormatError(`invalid model file: ${where}: ${enc.count} entries exceed ${size} buckets`);
  const weights = shared ? new Float32Array(new SharedArrayBuffer(size * 4)) : new Float32Array(size);
  // Typed-array views rather than DataView calls: this loop runs once per start-up, mostly before the JIT has
  // optimized it, where a call per read costs about twice the plain indexed loads.
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

/** Serialise a model to the JSON text of the model file (deterministic: same model, same bytes). */
export function serializeModel(m: Model): string {
  const t = m.types;
  const file = {
    format: m.format,
    version: m.version,
    createdWith: m.createdWith,
    features: m.features,
    train: m.train,
    bias: m.linear.bias,
    calibration: m.calibration,
    thresholds: m.thresholds,
    data: m.data,
    metrics: m.metrics,
    ...(m.top ? { top: m.top } : {}),
    ...(t
      ? {
          types: {
            bits: t.bits,
            scale: t.scale,
            minConfidence: t.minConfidence,
            alsoAbove: t.alsoAbove,
            patterns: t.patterns,
            byLang: Object.fromEntries(Object.entries(t.byLang).map(([lang, cs]) => [lang, cs!.map((c) => ({ type: c.type, bias: c.bias, weights: encodeWeights(c.weights) }))])),
          },
        }
      : {}),
    weights: encodeWeights(m.linear.weights),
  };
  // Written as pure ASCII (\uXXXX for the Thai, Chinese and Burmese of the lexicons and top features): the
  // reader then decodes the file as Latin-1 (a copy) instead of UTF-8, which on Node 20 costs ~30 ms for a
  // 4 MB file with non-ASCII text in it — a fifth of a single-message run's model loading.
  return JSON.stringify(file, null, 1).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/**
 * A model's training settings as `trainModel` takes them. Files before version 3 have no `nb`: they were trained
 * without naive-Bayes scaling, which is 0 here (left absent, training would apply today's default).
 */
export function trainSettings(m: Pick<Model, 'train'>): Model['train'] & { readonly nb: number } {
  return { ...m.train, nb: m.train.nb ?? 0 };
}

/**
 * Parse and validate a model file's text. Throws ModelFormatError with one line saying what is wrong. With
 * `shared`, the weights live in SharedArrayBuffers, so the model can be posted to worker threads without
 * copying them (each thread then needs neither its own copy nor its own parse of the file).
 */
export function parseModel(text: string, opts: { shared?: boolean } = {}): Model {
  const shared = opts.shared === true;
  let raw: unknown;
  try {
    // Keys that could reach a prototype are refused. Only a file whose text contains one of them as a quoted
    // string is parsed with the (slow, per-value) reviver that finds out whether it is really a key.
    raw = FORBIDDEN_TEXT.test(text)
      ? JSON.parse(text, (key, value: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) throw new ModelFormatError(`invalid model file: forbidden key "${key}"`);
          return value;
        })
      : JSON.parse(text);
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`not a scamscan model: expected JSON, found ${text.length === 0 ? 'an empty file' : 'invalid JSON (' + (e as Error).message + ')'}`);
  }
  const h = v.safeParse(header, raw);
  if (!h.success) throw new ModelFormatError('not a scamscan model: expected an object with "format" and "version"');
  if (h.output.format !== MODEL_FORMAT) throw new ModelFormatError(`not a scamscan model: expected format "${MODEL_FORMAT}", found ${JSON.stringify(String(h.output.format).slice(0, 40))}`);
  if (h.output.version > MODEL_VERSION) throw new ModelFormatError(`model format version ${h.output.version} is newer than this scamscan reads (${MODEL_VERSION}); upgrade scamscan`);
  if (h.output.version < 1) throw new ModelFormatError(`model format version ${h.output.version} is not a known version`);
  const r = v.safeParse(fileSchema, raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describeIssue(r.issues)}`);
  const f = r.output;
  const weights = decodeWeights(f.weights, f.features.bits, 'weights', shared);
  let types: TypeModel | undefined;
  if (f.types) {
    const byLang: Partial<Record<Lang, TypeClass[]>> = {};
    for (const [lang, cs] of Object.entries(f.types.byLang)) {
      byLang[lang as Lang] = cs!.map((c, i) => ({ type: c.type, bias: c.bias, weights: decodeWeights(c.weights, f.types!.bits, `types.byLang.${lang}.${i}.weights`, shared) }));
    }
    types = { bits: f.types.bits, scale: f.types.scale, minConfidence: f.types.minConfidence, alsoAbove: f.types.alsoAbove, patterns: f.types.patterns as Pattern[], byLang };
  }
  const { weights: _w, bias, types: _t, ...rest } = f;
  void _w;
  void _t;
  return { ...rest, format: MODEL_FORMAT, linear: { weights, bias }, ...(types ? { types } : {}) } as Model;
}
