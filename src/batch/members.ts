/**
 * The batch unit of `campaigns` and `iocs`: each work item scored exactly as `score` scores it, and the risky
 * ones turned into grouper members. Pure given a loaded model, so it runs the same on the main thread and in
 * worker threads (members are structured-clone friendly: strings, numbers, a Uint32Array of shingles).
 */
import { memberOf, type Threshold } from '../campaigns/member.js';
import type { Member } from '../campaigns/grouper.js';
import type { Model } from '../model/format.js';
import type { RiskLabel } from '../model/evaluate.js';
import type { WorkItem } from './rows.js';

export interface MemberSettings {
  readonly threshold: Threshold;
  /** Name of the kept column holding each row's time (`--time-column`). */
  readonly timeColumn?: string;
  /** Added to each row number (`--row-offset`, shards). */
  readonly rowOffset: number;
}

/**
 * One row's outcome: its label and language and its member when risky enough; label null when it could not be
 * read or scored (`error` says why, when known).
 */
export interface MemberOutcome {
  readonly row: number;
  readonly id: string;
  readonly label: RiskLabel | null;
  readonly lang: string | null;
  readonly member?: Member;
  /** Set for rows that could not be read or scored. */
  readonly error?: string;
}

export function memberBatch(model: Model, items: readonly WorkItem[], s: MemberSettings, afterRow?: () => void): MemberOutcome[] {
  const out: MemberOutcome[] = [];
  for (const item of items) {
    if (item.error !== undefined || item.text === undefined) {
      out.push({ row: item.row, id: item.id, label: null, lang: null, ...(item.error !== undefined ? { error: item.error } : {}) });
    } else {
      try {
        const time = s.timeColumn !== undefined ? item.keep?.[s.timeColumn] || undefined : undefined;
        const r = memberOf(model, item.text, item.row + s.rowOffset, s.threshold, time);
        out.push({ row: item.row, id: item.id, label: r.score.label, lang: r.score.lang, ...(r.member ? { member: r.member } : {}) });
      } catch (e) {
        out.push({ row: item.row, id: item.id, label: null, lang: null, error: `row ${item.row}: could not be scored: ${(e as Error).message}` });
      }
    }
    afterRow?.();
  }
  return out;
}
