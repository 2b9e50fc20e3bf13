/**
 * One input record → one output line, the unit of batch work. Pure given a loaded model, so it runs the same
 * on the main thread and in worker threads (which is what makes `--jobs N` byte-identical to `--jobs 1`).
 */
import type { InputRecord } from '../io/records.js';
import { LineBytes } from '../io/line-sink.js';
import { toCsv, toJson, toTsv, type OutputFormat, type OutputRecord } from '../io/output-record.js';
import { scoreText } from '../score.js';
import { explain } from '../explain.js';
import type { Model } from '../model/format.js';
import type { RiskLabel } from '../model/evaluate.js';

export interface RowSettings {
  readonly output: Exclude<OutputFormat, 'table'>;
  readonly keepColumns: readonly string[];
  readonly reasons: number;
  /** Add the explanation (stages and top features with spans) to each JSONL record. */
  readonly explain?: boolean;
}

/** What the summary and CI checks need from a scored row, besides its line. */
export interface RowOutcome {
  readonly line: string;
  readonly label: RiskLabel | null;
  readonly lang: string | null;
}

/**
 * Rows go to a scoring thread in batches closed at BATCH_ROWS rows or BATCH_CHARS characters, so that a run of
 * long posts (up to 100,000 characters each, with --explain output many times that) keeps each batch small.
 */
export const BATCH_ROWS = 256;
export const BATCH_CHARS = 200_000;

/** A record reduced to what scoring needs (structured-clone friendly, for worker threads). */
export interface WorkItem {
  readonly row: number;
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
  readonly keep?: Record<string, string>;
}

/** `keepNames[i]` is the output name of input column `keepColumns[i]` (io/output-record.ts, keptColumnNames). */
export function toWorkItem(rec: InputRecord, keepColumns: readonly string[], keepNames: readonly string[] = keepColumns): WorkItem {
  const keep = keepColumns.length > 0 ? Object.fromEntries(keepColumns.map((k, i) => [keepNames[i], rec.fields?.[k] ?? ''])) : undefined;
  return { row: rec.row, id: rec.id, text: rec.text, error: rec.error, keep };
}

export function scoreItem(model: Model, item: WorkItem, reasons: number, withExplanation = false): OutputRecord {
  if (item.error || item.text === undefined) return { id: item.id, error: item.error ?? `row ${item.row}: no text`, keep: item.keep };
  try {
    const score = scoreText(model, item.text, reasons, false);
    return { id: item.id, score, keep: item.keep, ...(withExplanation ? { explanation: explain(model, item.text, 10) } : {}) };
  } catch (e) {
    return { id: item.id, error: `row ${item.row}: could not be scored: ${(e as Error).message}`, keep: item.keep };
  }
}

export function formatRecord(out: OutputRecord, format: RowSettings['output']): string {
  return format === 'jsonl' ? toJson(out) : format === 'csv' ? toCsv(out) : toTsv(out);
}

export function processItem(model: Model, item: WorkItem, s: RowSettings): RowOutcome {
  const out = scoreItem(model, item, s.reasons, s.explain);
  return { line: formatRecord(out, s.output), label: out.score?.label ?? null, lang: out.score?.lang ?? null };
}

/** A scored batch: its output lines as one UTF-8 chunk (each line newline-terminated), and per row its label and language. */
export interface ScoredBatch {
  readonly chunk: Uint8Array;
  readonly labels: ReadonlyArray<RiskLabel | null>;
  readonly langs: ReadonlyArray<string | null>;
}

/**
 * Score a batch into one UTF-8 chunk. What a scoring thread sends back (transferred, not copied): the main
 * thread then only writes bytes, instead of cloning, joining and encoding every line itself. Each line is
 * encoded as soon as it is made (src/io/line-sink.ts, LineBytes). `afterRow` runs after each row (the main
 * thread's young-generation cap, src/batch/heap.ts).
 */
export function processBatch(model: Model, items: readonly WorkItem[], s: RowSettings, afterRow?: () => void): ScoredBatch {
  const lines = new LineBytes();
  const labels: Array<RiskLabel | null> = [];
  const langs: Array<string | null> = [];
  for (const item of items) {
    const o = processItem(model, item, s);
    lines.add(o.line);
    labels.push(o.label);
    langs.push(o.lang);
    afterRow?.();
  }
  return { chunk: lines.take(), labels, langs };
}
