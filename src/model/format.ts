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

export const MODEL_FORMAT = 'scamscan-model';
export const MODEL_VERSION = 1;

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
  readonly metrics: { readonly test: Record<string, GroupMetrics> };
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

const header = z.looseObject({ format: z.string(), version: z.int() });

const fileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  createdWith: str(100),
  features: z.strictObject({
    bits: int(10, 24),
    wordBigrams: z.boolean(),
    hanBigrams: z.boolean(),
    charNgrams: int(0, 6),
    langFeature: z.boolean(),
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
  weights: z.strictObject({
    count,
    indices: str(200_000_000),
    values: str(200_000_000),
  }),
  calibration: z.partialRecord(langKey, platt),
  thresholds: z.partialRecord(langKey, thr),
  data: z.strictObject({
    corpora: z.array(z.strictObject({ name: str(200), rows: count, used: count, sha256: str(64) })).check(z.maxLength(1000)),
    fingerprint: str(64),
    split: z.strictObject({ train: count, validation: count, test: count, duplicates: count, conflicts: count }),
  }),
  metrics: z.strictObject({ test: z.record(str(200), group) }),
  top: z.optional(z.partialRecord(langKey, z.array(z.strictObject({ feature: str(500), weight: finite })).check(z.maxLength(1000)))),
});

export class ModelFormatError extends Error {}

/** Serialise a model to the JSON text of the model file (deterministic: same model, same bytes). */
export function serializeModel(m: Model): string {
  const idx: number[] = [];
  const val: number[] = [];
  const w = m.linear.weights;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) {
    idx.push(i);
    val.push(w[i]);
  }
  const deltas = new Uint32Array(idx.length);
  for (let i = 0; i < idx.length; i++) deltas[i] = idx[i] - (i > 0 ? idx[i - 1] : 0);
  const values = Float32Array.from(val);
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
    weights: {
      count: idx.length,
      indices: Buffer.from(deltas.buffer).toString('base64'),
      values: Buffer.from(values.buffer).toString('base64'),
    },
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
  const size = 1 << f.features.bits;
  const deltas = Buffer.from(f.weights.indices, 'base64');
  const values = Buffer.from(f.weights.values, 'base64');
  if (deltas.length !== f.weights.count * 4 || values.length !== f.weights.count * 4) {
    throw new ModelFormatError(`invalid model file: weights: expected ${f.weights.count} entries, found ${Math.floor(deltas.length / 4)} indices and ${Math.floor(values.length / 4)} values (truncated?)`);
  }
  if (f.weights.count > size) throw new ModelFormatError(`invalid model file: weights: ${f.weights.count} entries exceed ${size} buckets`);
  const weights = new Float32Array(size);
  let pos = 0;
  for (let i = 0; i < f.weights.count; i++) {
    pos += deltas.readUInt32LE(i * 4);
    const v = values.readFloatLE(i * 4);
    if (pos >= size || !Number.isFinite(v)) throw new ModelFormatError(`invalid model file: weights: entry ${i} is out of range or not finite`);
    weights[pos] = v;
  }
  const { weights: _w, bias, ...rest } = f;
  void _w;
  return { ...rest, format: MODEL_FORMAT, linear: { weights, bias } } as Model;
}
