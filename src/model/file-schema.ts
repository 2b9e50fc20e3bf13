/**
 * What every model file is checked against on load: the fields and ranges of the header (valibot schemas for the
 * JSON files of versions 1–3 and the binary files of versions 4–6), keys that could reach a prototype, and the
 * format version; then the validated object is built into a Model. Errors are ModelFormatError, one line each.
 */
import * as v from 'valibot';
import type { Lang } from '../lang/index.js';
import { patternSchema, type Pattern } from '../patterns/index.js';
import type { TypeClass, TypeModel } from './types.js';
import type { WeightArray } from './linear.js';
import { CUE_FEATURES } from '../features/cues.js';
import { LAYER_LANGS, type LayerLang } from './cuelayer.js';
import { MODEL_FORMAT, MODEL_VERSION, type Model } from './model.js';

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
/** Weights in a binary file (versions 4–5): where in the data block, and how many non-zero buckets. */
const weightsRef = v.strictObject({ count, offset: count });
/** Weights in a binary file (version 6): where in the data block (an int16 per bucket), and the step. */
const quantizedRef = v.strictObject({ offset: count, scale: v.pipe(v.number(), v.finite(), v.gtValue(0)) });
const typeScore = v.strictObject({ n: count, predicted: count, precision: prob, recall: prob, f1: prob });
const typeEval = v.strictObject({
  n: count,
  accuracy: prob,
  byType: v.record(str(100), typeScore),
  confusion: v.record(str(100), v.record(str(100), count)),
  byLang: v.record(str(20), v.strictObject({ n: count, accuracy: prob })),
});
type WeightsSchema = typeof encodedWeights | typeof weightsRef | typeof quantizedRef;
const typesSchema = <W extends WeightsSchema>(weights: W) =>
  v.strictObject({
    bits: int(8, 20),
    scale: v.pipe(v.number(), v.gtValue(0), v.maxValue(1000)),
    minConfidence: prob,
    alsoAbove: prob,
    patterns: v.pipe(v.array(patternSchema), v.maxLength(20_000)),
    byLang: v.record(langKey, v.pipe(v.array(v.strictObject({ type: patternSchema.entries.type, bias: finite, weights })), v.maxLength(50))),
  });

const header = v.looseObject({ format: v.string(), version: v.pipe(v.number(), v.integer()) });

const fileSchema = <W extends WeightsSchema, V extends v.GenericSchema<unknown, number>>(weights: W, version: V) => v.strictObject({
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
        floor: v.optional(v.pipe(v.array(v.picklist(CUE_FEATURES)), v.maxLength(64))),
        cap: v.optional(v.strictObject({ all: v.pipe(v.array(v.picklist(CUE_FEATURES)), v.maxLength(64)), none: v.pipe(v.array(v.picklist(CUE_FEATURES)), v.maxLength(64)) })),
      }),
      v.check((c) => c.names.length === c.weights.length, 'expected as many cue weights as cue names'),
    ),
  ),
});
export const jsonFileSchema = fileSchema(encodedWeights, v.union([v.literal(1), v.literal(2), v.literal(3)]));
export const binaryFileSchema = fileSchema(weightsRef, v.union([v.literal(4), v.literal(5)]));
export const quantizedFileSchema = fileSchema(quantizedRef, v.literal(6));

export class ModelFormatError extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_TEXT = /"(?:__proto__|constructor|prototype)"/;


/** Host byte order; the file's is little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** JSON text → object, refusing keys that could reach a prototype. */
export function parseJson(text: string, what: string): unknown {
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

export function checkHeader(raw: unknown): void {
  const h = v.safeParse(header, raw);
  if (!h.success) throw new ModelFormatError('not a scamscan model: expected an object with "format" and "version"');
  if (h.output.format !== MODEL_FORMAT) throw new ModelFormatError(`not a scamscan model: expected format "${MODEL_FORMAT}", found ${JSON.stringify(String(h.output.format).slice(0, 40))}`);
  checkVersion(h.output.version);
}

export function checkVersion(version: number): void {
  if (version > MODEL_VERSION) throw new ModelFormatError(`model format version ${version} is newer than this scamscan reads (${MODEL_VERSION}); upgrade scamscan`);
  if (version < 1) throw new ModelFormatError(`model format version ${version} is not a known version`);
}

/** A dense weight vector of 2^bits buckets, in shared memory if asked (for posting to worker threads). */
export function denseWeights(bits: number, shared: boolean): Float32Array {
  const size = 1 << bits;
  return shared ? new Float32Array(new SharedArrayBuffer(size * 4)) : new Float32Array(size);
}

/** A weight vector as read from a file: float32 weights, or int16 steps of `scale`. */
export interface DecodedWeights {
  readonly weights: WeightArray;
  readonly scale?: number;
}

export type Decode<W> = (w: W, bits: number, where: string) => DecodedWeights;

/** The validated file object → the in-memory model. */
export function build<W>(f: Omit<v.InferOutput<typeof jsonFileSchema>, 'weights' | 'types' | 'version'> & { version: number; weights: W; types?: { bits: number; scale: number; minConfidence: number; alsoAbove: number; patterns: unknown[]; byLang: Partial<Record<string, Array<{ type: string; bias: number; weights: W }>>> } }, decode: Decode<W>): Model {
  const weights = decode(f.weights, f.features.bits, 'weights');
  let types: TypeModel | undefined;
  if (f.types) {
    const byLang: Partial<Record<Lang, TypeClass[]>> = {};
    for (const [lang, cs] of Object.entries(f.types.byLang)) {
      byLang[lang as Lang] = cs!.map((c, i) => ({ type: c.type as TypeClass['type'], bias: c.bias, ...decode(c.weights, f.types!.bits, `types.byLang.${lang}.${i}.weights`) }));
    }
    types = { bits: f.types.bits, scale: f.types.scale, minConfidence: f.types.minConfidence, alsoAbove: f.types.alsoAbove, patterns: f.types.patterns as Pattern[], byLang };
  }
  const { weights: _w, bias, types: _t, ...rest } = f;
  void _w;
  void _t;
  return { ...rest, format: MODEL_FORMAT, linear: { ...weights, bias }, ...(types ? { types } : {}) } as Model;
}
