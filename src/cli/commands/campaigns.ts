/**
 * `scamscan campaigns`: group a dump's risky messages into campaigns (one record each: id, size, languages,
 * first/last row or time, scam type, mean score, representative message, indicators, linked campaigns), or merge
 * shards' campaign files (`--merge`); `--rows FILE` writes each input row's campaign id.
 */
import type { Context } from '../context.js';
import { LineSink } from '../../io/line-sink.js';
import { openOutput } from '../../io/output-file.js';
import { campaignHeader, campaignLine, rowHeader, rowLine, type RecordFormat } from '../../io/campaigns.js';
import { formatFromName } from '../../io/records.js';
import { UsageError } from '../../io/errors.js';
import { clip, table } from '../render.js';
import { finish, memoryLine, scan, withPinnedHeap, type ScanOptions } from './_scan.js';
import { Links, type Campaign } from '../../campaigns/grouper.js';

export interface CampaignsOptions extends ScanOptions {
  output?: string;
  outputFile?: string;
  rows?: string;
  top?: string;
}

const FORMATS = ['table', 'jsonl', 'csv', 'tsv'] as const;

export function campaignTable(cs: readonly Campaign[], color: boolean): string {
  const rows = [['campaign', 'size', 'type', 'lang', 'score', 'top indicators', 'representative']];
  for (const c of cs) {
    rows.push([
      c.id,
      String(c.size),
      c.type ?? '',
      Object.keys(c.languages).slice(0, 2).join(','),
      c.mean_score.toFixed(3),
      clip(c.indicators.filter((i) => !i.shared).slice(0, 3).map((i) => `${i.value}×${i.count}`).join(' '), 48),
      clip(c.representative, 50),
    ]);
  }
  return table(rows, color);
}

async function openSink(path: string | undefined, ctx: Context) {
  const out = path !== undefined && path !== '-' ? await openOutput(path) : { stream: ctx.stdout, close: async () => {}, abort: () => {} };
  return { out, sink: new LineSink(out.stream) };
}

export function runCampaigns(opts: CampaignsOptions, ctx: Context): Promise<number> {
  return withPinnedHeap(() => run(opts, ctx));
}

async function run(opts: CampaignsOptions, ctx: Context): Promise<number> {
  const toFile = opts.outputFile !== undefined && opts.outputFile !== '-';
  const output = (opts.output ?? (ctx.stdout.isTTY && !toFile ? 'table' : 'jsonl')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(output)) throw new UsageError(`--output: expected one of ${FORMATS.join(', ')}; found "${opts.output}"`);
  if (opts.rows !== undefined && opts.rows === opts.outputFile) throw new UsageError('--rows and --output-file name the same file');
  const s = await scan(opts, ctx, opts.rows !== undefined, 2);
  const campaigns = s.grouper.campaigns(s.minSize, false);
  const links = new Links(campaigns);

  const { out, sink } = await openSink(opts.outputFile, ctx);
  try {
    if (output === 'table') await sink.line(campaignTable(campaigns, ctx.color && !toFile));
    else {
      if (output !== 'jsonl') await sink.line(campaignHeader(output));
      for (const c of campaigns) await sink.line(campaignLine({ ...c, linked: links.of(c) }, output));
    }
    await sink.flush();
  } catch (e) {
    out.abort();
    throw e;
  }
  await out.close();

  if (opts.rows !== undefined && s.rows) {
    const f = formatFromName(opts.rows);
    const format: RecordFormat = f === 'csv' || f === 'tsv' ? f : 'jsonl';
    const r = await openSink(opts.rows, ctx);
    try {
      if (format !== 'jsonl') await r.sink.line(rowHeader(format));
      for (let i = 0; i < s.rows.count; i++) {
        const node = s.rows.nodes[i];
        await r.sink.line(rowLine(s.rows.idOf(i), node < 0 ? null : s.grouper.campaignOf(node), format));
      }
      await r.sink.flush();
    } catch (e) {
      r.out.abort();
      throw e;
    }
    await r.out.close();
  }
  const inCampaigns = campaigns.reduce((a, c) => a + c.size, 0);
  return finish(s, ctx, opts.quiet, `scamscan: ${campaigns.length} campaign${campaigns.length === 1 ? '' : 's'} of at least ${s.minSize} messages (${inCampaigns} messages); ${memoryLine(s.grouper)}`);
}
