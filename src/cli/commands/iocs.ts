/**
 * `scamscan iocs`: the indicators across a dump (or shards' campaign files, `--merge`): URLs, registrable domains,
 * phone numbers (E.164), messenger IDs, handles, e-mails, bank/PromptPay accounts and wallets, each with its count,
 * campaigns, scam types and first/last seen; `-o stix` writes a STIX 2.1 bundle.
 */
import type { Context } from '../context.js';
import { LineSink } from '../../io/line-sink.js';
import { openOutput } from '../../io/output-file.js';
import { iocHeader, iocLine } from '../../io/campaigns.js';
import { UsageError } from '../../io/errors.js';
import { intOption } from '../options.js';
import { clip, table } from '../render.js';
import { finish, memoryLine, scan, withPinnedHeap, type ScanOptions } from './_scan.js';
import { iocsOf, type Ioc } from '../../campaigns/iocs.js';
import { INDICATOR_KINDS, type IndicatorKind } from '../../campaigns/indicators.js';
import { stixBundle } from '../../campaigns/stix.js';

export interface IocsOptions extends ScanOptions {
  output?: string;
  outputFile?: string;
  minCount?: string;
  kinds?: string;
  /** created/modified time of STIX objects (default: now); for reproducible bundles. */
  stixTime?: string;
}

const FORMATS = ['table', 'jsonl', 'csv', 'tsv', 'stix'] as const;

export function iocTable(iocs: readonly Ioc[], color: boolean): string {
  const rows = [['kind', 'indicator', 'messages', 'campaigns', 'types', 'first', 'last']];
  for (const i of iocs) {
    rows.push([
      i.kind,
      clip(i.value, 60),
      String(i.count),
      i.campaigns.length === 0 ? '' : `${i.campaigns.length} (${i.campaigns[0]}${i.campaigns.length > 1 ? '…' : ''})`,
      clip(i.types.join(','), 30),
      i.first_seen ?? String(i.first_row),
      i.last_seen ?? String(i.last_row),
    ]);
  }
  return table(rows, color);
}

export function runIocs(opts: IocsOptions, ctx: Context): Promise<number> {
  return withPinnedHeap(() => run(opts, ctx));
}

async function run(opts: IocsOptions, ctx: Context): Promise<number> {
  const toFile = opts.outputFile !== undefined && opts.outputFile !== '-';
  const output = (opts.output ?? (ctx.stdout.isTTY && !toFile ? 'table' : 'jsonl')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(output)) throw new UsageError(`--output: expected one of ${FORMATS.join(', ')}; found "${opts.output}"`);
  const minCount = intOption(opts.minCount, '--min-count', 1, 1e9) ?? 1;
  let kinds: Set<IndicatorKind> | undefined;
  if (opts.kinds !== undefined) {
    const ks = opts.kinds.split(',').map((k) => k.trim()).filter(Boolean);
    const bad = ks.filter((k) => !INDICATOR_KINDS.includes(k as IndicatorKind));
    if (bad.length > 0) throw new UsageError(`--kinds: expected some of ${INDICATOR_KINDS.join(', ')}; found ${bad.join(', ')}`);
    kinds = new Set(ks as IndicatorKind[]);
  }
  const now = opts.stixTime ?? new Date().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(now)) throw new UsageError(`--stix-time: expected a UTC timestamp like 2026-12-06T00:00:00Z; found "${now}"`);
  const s = await scan(opts, ctx, false, 2, true);
  // Records for the campaigns listed only (links are not part of indicator records); the smaller ones add their indicators.
  const campaigns = s.grouper.campaigns(s.minSize, false);
  const iocs = iocsOf(campaigns, s.minSize, minCount, s.grouper.smallIndicators(s.minSize)).filter((i) => !kinds || kinds.has(i.kind));

  const out = toFile ? await openOutput(opts.outputFile!) : { stream: ctx.stdout, close: async () => {}, abort: () => {} };
  const sink = new LineSink(out.stream);
  try {
    if (output === 'table') await sink.line(iocTable(iocs, ctx.color && !toFile));
    else if (output === 'stix') await sink.line(JSON.stringify(stixBundle(iocs, campaigns.filter((c) => c.size >= s.minSize), { now }), null, 1));
    else {
      if (output !== 'jsonl') await sink.line(iocHeader(output));
      for (const i of iocs) await sink.line(iocLine(i, output));
    }
    await sink.flush();
  } catch (e) {
    out.abort();
    throw e;
  }
  await out.close();
  return finish(s, ctx, opts.quiet, `scamscan: ${iocs.length} indicator${iocs.length === 1 ? '' : 's'}; ${memoryLine(s.grouper)}`);
}
