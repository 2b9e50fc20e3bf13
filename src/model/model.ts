/** The in-memory model: its type, the format name and version it is written with, and its training settings. */
import type { FeatureConfig } from '../features/index.js';
import type { LinearModel, TrainParams } from './linear.js';
import type { Platt } from './calibrate.js';
import type { Lang } from '../lang/index.js';
import type { TypeEvaluation, TypeModel } from './types.js';
import type { CueLayer } from './cuelayer.js';

export const MODEL_FORMAT = 'scamscan-model';
/**
 * Version 2 added the scam-type model (`types`); version 3 the training setting `train.nb` (naive-Bayes scaling,
 * folded into the weights: scoring is the same); version 4 the binary container (same content); version 5 the
 * cue layer (`cues`); version 6 the weights as dense int16 steps (`quantize`). Versions 1–5 still load (version 1
 * files predict no types).
 */
export const MODEL_VERSION = 6;

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

/**
 * A model's training settings as `trainModel` takes them. Files before version 3 have no `nb`: they were trained
 * without naive-Bayes scaling, which is 0 here (left absent, training would apply today's default).
 */
export function trainSettings(m: Pick<Model, 'train'>): Model['train'] & { readonly nb: number } {
  return { ...m.train, nb: m.train.nb ?? 0 };
}
