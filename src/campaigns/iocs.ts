/** Indicators across a dump, from its campaigns: counts, the campaigns using each, scam types, first/last seen. Pure. */
import { compareIndicators, sortedRecord, type Campaign, type IndicatorStat } from './grouper.js';
import type { IndicatorKind } from './indicators.js';

export interface Ioc {
  readonly kind: IndicatorKind;
  readonly value: string;
  /** Risky messages carrying it. */
  readonly count: number;
  /** Campaigns (of at least the reported size) using it, largest first. */
  readonly campaigns: string[];
  /** Scam types of the messages carrying it, most first. */
  readonly types: string[];
  readonly first_row: number;
  readonly last_row: number;
  readonly first_seen?: string;
  readonly last_seen?: string;
  /** Link-shortener and messenger-link domains, which unrelated campaigns share. */
  readonly shared?: true;
}

/**
 * `campaigns` as `CampaignGrouper.campaigns(1)` gives them (every campaign, largest first), and `dropped` the
 * indicators of campaigns the grouper dropped (`droppedIndicators`); an indicator lists the campaigns of at least
 * `minSize` messages, and is kept when at least `minCount` messages carry it.
 */
export function iocsOf(campaigns: readonly Campaign[], minSize = 2, minCount = 1, dropped: readonly IndicatorStat[] = []): Ioc[] {
  const all = new Map<string, { stat: IndicatorStat; campaigns: string[] }>();
  // The dropped campaigns come last, as a campaign too small to be listed.
  const sources: Array<Pick<Campaign, 'indicators' | 'size' | 'id'>> = [...campaigns, { id: '', size: 0, indicators: [...dropped] }];
  for (const c of sources) {
    for (const i of c.indicators) {
      const k = i.kind + '\t' + i.value;
      let a = all.get(k);
      if (!a) {
        a = { stat: { kind: i.kind, value: i.value, count: 0, first_row: i.first_row, last_row: i.last_row, types: {}, ...(i.shared ? { shared: true as const } : {}) }, campaigns: [] };
        all.set(k, a);
      }
      const s = a.stat;
      s.count += i.count;
      s.first_row = Math.min(s.first_row, i.first_row);
      s.last_row = Math.max(s.last_row, i.last_row);
      if (i.first_seen !== undefined && (s.first_seen === undefined || i.first_seen < s.first_seen)) s.first_seen = i.first_seen;
      if (i.last_seen !== undefined && (s.last_seen === undefined || i.last_seen > s.last_seen)) s.last_seen = i.last_seen;
      for (const [t, n] of Object.entries(i.types)) s.types[t] = (s.types[t] ?? 0) + n;
      if (c.size >= minSize) a.campaigns.push(c.id);
    }
  }
  const out: Ioc[] = [];
  for (const { stat: s, campaigns: ids } of all.values()) {
    if (s.count < minCount) continue;
    out.push({
      kind: s.kind,
      value: s.value,
      count: s.count,
      campaigns: ids,
      types: Object.keys(sortedRecord(s.types)),
      first_row: s.first_row,
      last_row: s.last_row,
      ...(s.first_seen !== undefined ? { first_seen: s.first_seen, last_seen: s.last_seen } : {}),
      ...(s.shared ? { shared: true as const } : {}),
    });
  }
  // Shared domains (shorteners, messenger links) after the rest: they say little about who is behind a campaign.
  return out.sort((a, b) => Number(a.shared === true) - Number(b.shared === true) || compareIndicators(a, b));
}
