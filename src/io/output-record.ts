/**
 * The output record of a scored row and its line in each output format: JSONL, CSV (RFC 4180 quoting, optional BOM for Excel), TSV (tabs and
 * newlines in values folded to spaces). Each output record is one line; key order is fixed.
 */
import type { Score } from '../score.js';
import type { Explanation } from '../explain.js';

export type OutputFormat = 'table' | 'jsonl' | 'csv' | 'tsv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'jsonl', 'csv', 'tsv'];

/** One output row: a score, or an error for a row that could not be read or scored. */
export interface OutputRecord {
  readonly id: string;
  readonly score?: Score;
  readonly error?: string;
  /** Input columns passed through (--keep-columns). */
  readonly keep?: Record<string, string>;
  /** `score --explain`: the stages' output and the top features with spans. */
  readonly explanation?: Explanation;
}

/** Version of the JSONL record schema (README, "Output formats"); bumped when a field changes meaning or goes. */
export const JSONL_SCHEMA_VERSION = 1;

export const COLUMNS = ['id', 'label', 'score', 'lang', 'type', 'type_confidence', 'reasons', 'error'] as const;

/** Every field name scamscan writes (JSONL keys and CSV/TSV columns); a kept input column may not take one. */
export const OUTPUT_FIELDS: ReadonlySet<string> = new Set(['v', ...COLUMNS, 'entities', 'zawgyi', 'explain']);

/** Prefix of a kept input column whose name is also an output field (`label` → `input_label`). */
export const KEPT_PREFIX = 'input_';

/** The output name of each kept input column: its own, or prefixed when it clashes with an output field. */
export function keptColumnNames(columns: readonly string[]): string[] {
  return columns.map((c) => (OUTPUT_FIELDS.has(c) ? KEPT_PREFIX + c : c));
}

export function toJson(r: OutputRecord): string {
  const o: Record<string, unknown> = { v: JSONL_SCHEMA_VERSION };
  if (r.keep) for (const [k, v] of Object.entries(r.keep)) o[k] = v;
  o.id = r.id;
  if (r.score) {
    o.label = r.score.label;
    o.score = r.score.score;
    o.lang = r.score.lang;
    o.type = r.score.type ?? null;
    o.reasons = r.score.reasons.map((x) => x.feature);
    o.entities = r.score.entities ?? [];
    if (r.score.zawgyi) o.zawgyi = true;
    if (r.explanation) {
      const e = r.explanation;
      o.explain = { normalized: e.normalized, traditional: e.traditional, scripts: e.scripts, tokens: e.tokens, patterns: e.patterns, margin: e.margin, bias: e.bias, thresholds: e.thresholds, features: e.features };
    }
  } else {
    o.label = null;
    o.score = null;
    o.lang = null;
    o.type = null;
    o.reasons = [];
    o.entities = [];
    o.error = r.error ?? 'unknown error';
  }
  return JSON.stringify(o);
}

function cells(r: OutputRecord): string[] {
  const base = r.score
    ? [r.id, r.score.label, String(r.score.score), r.score.lang, r.score.type?.name ?? '', r.score.type ? String(r.score.type.confidence) : '', r.score.reasons.map((x) => x.feature).join(' '), '']
    : [r.id, '', '', '', '', '', '', r.error ?? 'unknown error'];
  return r.keep ? [...Object.values(r.keep), ...base] : base;
}

export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function header(format: 'csv' | 'tsv', keep: readonly string[] = []): string {
  const cols = [...keep, ...COLUMNS];
  return format === 'csv' ? cols.map(csvCell).join(',') : cols.map(tsvCell).join('\t');
}

function tsvCell(v: string): string {
  return v.replace(/[\t\r\n]+/g, ' ');
}

export function toCsv(r: OutputRecord): string {
  return cells(r).map(csvCell).join(',');
}

export function toTsv(r: OutputRecord): string {
  return cells(r).map(tsvCell).join('\t');
}
