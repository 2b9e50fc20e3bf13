/** Labeled corpora for train/eval: any readable format with a label column; corpus name from the file name. */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readRecords, type InputFormat } from './records.js';
import { UserError } from './errors.js';
import { canonicalType } from '../model/types.js';
import type { LabeledRow } from '../model/train.js';
import type { CorpusInfo } from '../model/format.js';

export const POSITIVE = new Set(['scam', 'spam', 'scam/spam', 'fraud', 'smishing', 'phishing', '1', 'true', 'yes']);
export const NEGATIVE = new Set(['ham', 'legit', 'legitimate', 'normal', 'ok', '0', 'false', 'no']);
export const SKIP = new Set(['unlabeled', 'unlabelled', 'unknown', '']);

export interface DatasetOptions {
  readonly format?: InputFormat;
  readonly textColumn?: string;
  readonly labelColumn?: string;
  /** Column with the scam type of positive rows (optional; default `scam_type`). */
  readonly typeColumn?: string;
  /** Character encoding of the file (default UTF-8; see ReadOptions.encoding). */
  readonly encoding?: string;
}

export function corpusName(path: string): string {
  return basename(path).replace(/\.gz$/i, '').replace(/\.(tsv|csv|jsonl|ndjson|txt|tab)$/i, '');
}

export interface Dataset {
  readonly rows: LabeledRow[];
  readonly info: CorpusInfo;
  /** Rows skipped as unlabeled. */
  readonly unlabeled: number;
  /** Problems with individual rows, with row numbers. */
  readonly problems: string[];
}

export async function readDataset(path: string, opts: DatasetOptions = {}): Promise<Dataset> {
  const labelColumn = opts.labelColumn ?? 'label';
  const corpus = corpusName(path);
  const rows: LabeledRow[] = [];
  const problems: string[] = [];
  let total = 0;
  let unlabeled = 0;
  const hash = createHash('sha256');
  for await (const rec of readRecords(path, { format: opts.format, textColumn: opts.textColumn, requiredColumns: [labelColumn], encoding: opts.encoding })) {
    total++;
    // A row that could not be read at all (not UTF-8, over-long line, broken JSON) has no label to skip it by.
    if (rec.error && rec.fields === undefined) {
      problems.push(rec.error);
      continue;
    }
    const f = rec.fields ?? {};
    const raw = (f[labelColumn] ?? '').trim().toLowerCase();
    if (SKIP.has(raw)) {
      unlabeled++;
      continue;
    }
    if (rec.error || rec.text === undefined) {
      problems.push(rec.error ?? `row ${rec.row}: no text`);
      continue;
    }
    const y = POSITIVE.has(raw) ? 1 : NEGATIVE.has(raw) ? 0 : undefined;
    if (y === undefined) {
      problems.push(`row ${rec.row}: label "${raw}" is not one of scam, spam, scam/spam, ham, unlabeled`);
      continue;
    }
    hash.update(`${y}\t${rec.text}\n`);
    const type = y === 1 ? canonicalType(f[opts.typeColumn ?? 'scam_type']) : undefined;
    rows.push({ text: rec.text, y, corpus, lang: f.lang || undefined, quality: f.quality || undefined, ...(type ? { type } : {}) });
  }
  if (total > 0 && rows.length === 0 && problems.length > 0) {
    throw new UserError(`${path}: no usable labeled rows; first problem: ${problems[0]}`);
  }
  return { rows, unlabeled, problems, info: { name: corpus, rows: total, used: rows.length, sha256: hash.digest('hex') } };
}
