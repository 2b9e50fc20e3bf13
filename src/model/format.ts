/**
 * The model file: JSON with a format name and an integer version, the full feature configuration, training
 * settings, calibration, thresholds, the training-data fingerprint and the held-out metrics, then the weights
 * (non-zero buckets only: delta-coded indices and float32 values, base64). Scoring needs only this file.
 * Every field is validated on load; a file from a newer format version is refused.
 */
import * as z from 'zod/mini';
import type { FeatureConfig } from '../features/index.js';
import type { LinearModel, TrainParams } from './linear.js';
import type { Platt } from './calibrate.js';
import type { Lang } from '../lang/index.js';
import { patternSchema, type Pattern } from '../patterns/index.js';
import type { TypeClass, TypeEvaluation, TypeModel } from './types.js';

export const MODEL_FORMAT = 'scamscan-model';
/** Version 2 added the scam-type model (`types`); version 1 files still load (they predict no types). */
export const MODEL_VERSION = 2;

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

const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const finite = z.number();
const nonneg = z.number().check(z.minimum(0));
const prob = z.number().check(z.minimum(0), z.maximum(1));
const str = (max: number) => z.string().check(z.maxLength(max));
const platt = z.strictObject({ a: finite, b: finite });
const thr = z.strictObject({ high: z.number().check(z.minimum(0), z.maximum(1.01)), medium: z.number().check(z.minimum(0), z.maximum(1.01)) });
const langKey = z.enum(['tha', 'cmn', 'mya', 'eng', 'und', '*']);
const count = int(0, Number.MAX_SAFE_INTEGER);
const group = z.strictObject({
  n: count,
  positives: count,
  precision: prob,
  recall: prob,
  f1: prob,
  ap: z.nullable(prob),
  ece: z.optional(prob),
});

const encodedWeights = z.strictObject({
  count,
  indices: str(200_000_000),
  values: str(200_000_000),
});
const typeScore = z.strictObject({ n: count, predicted: count, precision: prob, recall: prob, f1: prob });
const typeEval = z.strictObject({
  n: count,
  accuracy: prob,
  byType: z.record(str(100), typeScore),
  confusion: z.record(str(100), z.record(str(100), count)),
  byLang: z.record(str(20), z.strictObject({ n: count, accuracy: prob })),
});
const typesSchema = z.strictObject({
  bits: int(8, 20),
  scale: z.number().check(z.positive(), z.maximum(1000)),
  minConfidence: prob,
  alsoAbove: prob,
  patterns: z.array(patternSchema).check(z.maxLength(20_000)),
  byLang: z.partialRecord(langKey, z.array(z.strictObject({ type: patternSchema.shape.type, bias: finite, weights: encodedWeights })).check(z.maxLength(50))),
});

const header = z.looseObject({ format: z.string(), version: z.int() });

const fileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.union([z.literal(1), z.literal(MODEL_VERSION)]),
  createdWith: str(100),
  features: z.strictObject({
    bits: int(10, 24),
    wordBigrams: z.boolean(),
    hanBigrams: z.boolean(),
    charNgrams: int(0, 6),
    langFeature: z.boolean(),
    patternFeatures: z.optional(z.boolean()),
  }),
  train: z.strictObject({
    epochs: int(0, 1000),
    alpha: z.number().check(z.positive()),
    beta: nonneg,
    l1: nonneg,
    l2: nonneg,
    seed: z.int(),
    weakWeight: prob,
  }),
  bias: finite,
  weights: encodedWeights,
  calibration: z.partialRecord(langKey, platt),
  thresholds: z.partialRecord(langKey, thr),
  data: z.strictObject({
    corpora: z.array(z.strictObject({ name: str(200), rows: count, used: count, sha256: str(64) })).check(z.maxLength(1000)),
    fingerprint: str(64),
    split: z.strictObject({ train: count, validation: count, test: count, duplicates: count, conflicts: count }),
  }),
  metrics: z.strictObject({ test: z.record(str(200), group), types: z.optional(typeEval) }),
  types: z.optional(typesSchema),
  top: z.optional(z.partialRecord(langKey, z.array(z.strictObject({ feature: str(500), weight: finite })).check(z.maxLength(1000)))),
});

export class ModelFormatError extends Error {}

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

function decodeWeights(enc: { count: number; indices: string; values: string }, bits: number, where: string): Float32Array {
  const size = 1 << bits;
  const deltas = Buffer.from(enc.indices, 'base64');
  const values = Buffer.from(enc.values, 'base64');
  if (deltas.length !== enc.count * 4 || values.length !== enc.count * 4) {
    throw new ModelFormatError(`invalid model file: ${where}: expected ${enc.count} entries, found ${Math.floor(deltas.length / 4)} indices and ${Math.floor(values.length / 4)} values (truncated?)`);
  }
  if (enc.count > size) throw new ModelFormatError(`invalid model file: ${where}: ${enc.count} entries exceed ${size} buckets`);
  const weights = new Float32Array(size);
  let pos = 0;
  for (let i = 0; i < enc.count; i++) {
    pos += deltas.readUInt32LE(i * 4);
    const v = values.readFloatLE(i * 4);
    if (pos >= size || !Number.isFinite(v)) throw new ModelFormatError(`invalid model file: ${where}: entry ${i} is out of range or not finite`);
    weights[pos] = v;
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
  return JSON.stringify(file, null, 1) + '\n';
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${path}: ${issue.message}`;
}

/** Parse and validate a model file's text. Throws ModelFormatError with one line saying what is wrong. */
export function parseModel(text: string): Model {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new ModelFormatError(`invalid model file: forbidden key "${key}"`);
      return value;
    });
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`not a scamscan model: expected JSON, found ${text.length === 0 ? 'an empty file' : 'invalid JSON (' + (e as Error).message + ')'}`);
  }
  const h = header.safeParse(raw);
  if (!h.success) throw new ModelFormatError('not a scamscan model: expected an object with "format" and "version"');
  if (h.data.format !== MODEL_FORMAT) throw new ModelFormatError(`not a scamscan model: expected format "${MODEL_FORMAT}", found ${JSON.stringify(String(h.data.format).slice(0, 40))}`);
  if (h.data.version > MODEL_VERSION) throw new ModelFormatError(`model format version ${h.data.version} is newer than this scamscan reads (${MODEL_VERSION}); upgrade scamscan`);
  if (h.data.version < 1) throw new ModelFormatError(`model format version ${h.data.version} is not a known version`);
  const r = fileSchema.safeParse(raw);
  if (!r.success) throw new ModelFormatError(`invalid model file: ${describe(r.error.issues[0])}`);
  const f = r.data;
  const weights = decodeWeights(f.weights, f.features.bits, 'weights');
  let types: TypeModel | undefined;
  if (f.types) {
    const byLang: Partial<Record<Lang, TypeClass[]>> = {};
    for (const [lang, cs] of Object.entries(f.types.byLang)) {
      byLang[lang as Lang] = cs!.map((c, i) => ({ type: c.type, bias: c.bias, weights: decodeWeights(c.weights, f.types!.bits, `types.byLang.${lang}.${i}.weights`) }));
    }
    types = { bits: f.types.bits, scale: f.types.scale, minConfidence: f.types.minConfidence, alsoAbove: f.types.alsoAbove, patterns: f.types.patterns as Pattern[], byLang };
  }
  const { weights: _w, bias, types: _t, ...rest } = f;
  void _w;
  void _t;
  return { ...rest, format: MODEL_FORMAT, linear: { weights, bias }, ...(types ? { types } : {}) } as Model;
}
