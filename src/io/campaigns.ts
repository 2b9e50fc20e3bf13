/**
 * Campaign and indicator records: JSONL/CSV/TSV lines, the per-row campaign file (`--rows`), and reading
 * campaign JSONL files back for `--merge`.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Campaign } from '../campaigns/grouper.js';
import type { Ioc } from '../campaigns/iocs.js';
import { openInput } from './records.js';
import { csvCell } from './output-record.js';
import { UserError } from './errors.js';

/** Version of the campaign and indicator JSONL records; bumped when a field changes meaning or goes. */
export const CAMPAIGN_SCHEMA_VERSION = 1;

export type RecordFormat = 'jsonl' | 'csv' | 'tsv';

function tsvCell(v: string): string {
  return v.replace(/[\t\r\n]+/g, ' ');
}

function line(cells: string[], format: 'csv' | 'tsv'): string {
  return format === 'csv' ? cells.map(csvCell).join(',') : cells.map(tsvCell).join('\t');
}

export const CAMPAIGN_COLUMNS = ['id', 'size', 'languages', 'type', 'mean_score', 'first', 'last', 'indicators', 'linked', 'representative'] as const;
export const IOC_COLUMNS = ['kind', 'value', 'count', 'campaigns', 'types', 'first', 'last'] as const;

export function campaignHeader(format: 'csv' | 'tsv'): string {
  return line([...CAMPAIGN_COLUMNS], format);
}

export function iocHeader(format: 'csv' | 'tsv'): string {
  return line([...IOC_COLUMNS], format);
}

/** One campaign; CSV/TSV list at most `topIndicators` indicators (JSONL keeps them all, for merging). */
export function campaignLine(c: Campaign, format: RecordFormat, topIndicators = 10): string {
  if (format === 'jsonl') return JSON.stringify({ v: CAMPAIGN_SCHEMA_VERSION, ...c });
  return line([
    c.id,
    String(c.size),
    Object.entries(c.languages).map(([k, n]) => `${k}:${n}`).join(' '),
    c.type ?? '',
    String(c.mean_score),
    c.first_seen ?? String(c.first_row),
    c.last_seen ?? String(c.last_row),
    c.indicators.slice(0, topIndicators).map((i) => `${i.kind}=${i.value}(${i.count})`).join(' '),
    c.linked.join(' '),
    c.representative,
  ], format);
}

export function iocLine(i: Ioc, format: RecordFormat): string {
  if (format === 'jsonl') return JSON.stringify({ v: CAMPAIGN_SCHEMA_VERSION, ...i });
  return line([i.kind, i.value, String(i.count), i.campaigns.join(' '), i.types.join(' '), i.first_seen ?? String(i.first_row), i.last_seen ?? String(i.last_row)], format);
}

/** One input row's campaign (`--rows`): null when the row was below the threshold, unreadable, or its campaign too small. */
export function rowLine(id: string, campaign: string | null, format: RecordFormat): string {
  return format === 'jsonl' ? JSON.stringify({ id, campaign }) : line([id, campaign ?? ''], format);
}

export function rowHeader(format: 'csv' | 'tsv'): string {
  return line(['id', 'campaign'], format);
}

function checkCampaign(v: unknown, where: string): Campaign {
  const c = v as Partial<Campaign> & { v?: unknown };
  const problems: string[] = [];
  if (c === null || typeof c !== 'object') throw new UserError(`${where}: expected a campaign record (JSON object)`);
  if (c.v !== CAMPAIGN_SCHEMA_VERSION) problems.push(`"v" ${CAMPAIGN_SCHEMA_VERSION} (found ${JSON.stringify(c.v)})`);
  if (typeof c.id !== 'string' || !/^c[0-9a-f]{14}$/.test(c.id)) problems.push('"id" like c0123456789abcd');
  if (!Number.isInteger(c.size) || c.size! < 1) problems.push('"size" a positive integer');
  if (!Array.isArray(c.lsh)) problems.push('"lsh" (band keys; written by `scamscan campaigns -o jsonl`)');
  if (!Number.isInteger(c.score_units)) problems.push('"score_units" an integer');
  if (!Array.isArray(c.indicators)) problems.push('"indicators" an array');
  if (typeof c.representative !== 'string') problems.push('"representative" a string');
  if (typeof c.languages !== 'object' || typeof c.types !== 'object') problems.push('"languages" and "types" objects');
  if (problems.length > 0) throw new UserError(`${where}: not a campaign record from \`scamscan campaigns -o jsonl\`: expected ${problems.join(', ')}`);
  return c as Campaign;
}

/** The campaign records of JSONL files written by `scamscan campaigns -o jsonl` (`.gz` fine; `-` for stdin). */
export async function* readCampaignFiles(paths: readonly string[], stdin?: Readable): AsyncGenerator<Campaign> {
  for (const path of paths) {
    const lines = createInterface({ input: await openInput(path, stdin), crlfDelay: Infinity });
    let n = 0;
    for await (const l of lines) {
      n++;
      if (l.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch {
        throw new UserError(`${path}: row ${n}: not valid JSON`);
      }
      yield checkCampaign(v, `${path}: row ${n}`);
    }
  }
}
