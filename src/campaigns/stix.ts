/**
 * A STIX 2.1 bundle of the indicators and campaigns of a dump: one `indicator` per indicator (a STIX pattern),
 * one `campaign` per campaign using any of them, and an `indicates` relationship from each indicator to each
 * campaign it was seen in. Pure: ids are UUIDv5 of the content, so the same dump gives the same ids; `now` is
 * the created/modified time (and `valid_from` when no --time-column gave a first-seen timestamp).
 *
 * Patterns: url → `url:value`, domain → `domain-name:value`, email → `email-addr:value` (STIX 2.1 objects);
 * phone → `phone-number:value`, bank/PromptPay account → `bank-account:account_number`, wallet →
 * `cryptocurrency-wallet:value` (the custom observable types OpenCTI defines); messenger ID and handle →
 * `user-account:account_login` (with `account_type` = the app for messenger IDs).
 */
import { createHash } from 'node:crypto';
import type { Campaign } from './grouper.js';
import type { Ioc } from './iocs.js';

/** Namespace of scamscan's UUIDv5 ids (a fixed random UUID). */
const NAMESPACE = 'b3d6f1a2-5c8e-4f0b-9a7d-2e6c4b1f8a90';

export function uuid5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const TIMESTAMP = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;

/** A --time-column value as a STIX timestamp, when it is one (a date alone becomes its midnight UTC). */
function stixTime(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (TIMESTAMP.test(s)) return s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && TIMESTAMP.test(`${s}T00:00:00Z`)) return `${s}T00:00:00Z`;
  return undefined;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX pattern of an indicator. */
export function patternOf(i: Pick<Ioc, 'kind' | 'value'>): string {
  const afterColon = (v: string) => v.slice(v.indexOf(':') + 1);
  switch (i.kind) {
    case 'url':
      return `[url:value = ${quote(i.value)}]`;
    case 'domain':
      return `[domain-name:value = ${quote(i.value)}]`;
    case 'email':
      return `[email-addr:value = ${quote(i.value)}]`;
    case 'phone':
      return `[phone-number:value = ${quote(i.value)}]`;
    case 'account':
      return `[bank-account:account_number = ${quote(afterColon(i.value))}]`;
    case 'wallet':
      return `[cryptocurrency-wallet:value = ${quote(afterColon(i.value))}]`;
    case 'messenger': {
      const app = i.value.slice(0, i.value.indexOf(':'));
      return `[user-account:account_type = ${quote(app)} AND user-account:account_login = ${quote(afterColon(i.value))}]`;
    }
    case 'handle':
      return `[user-account:account_login = ${quote(i.value)}]`;
  }
}

const KIND_NAME: Record<Ioc['kind'], string> = {
  url: 'URL', domain: 'Domain', email: 'E-mail address', phone: 'Phone number', account: 'Bank/PromptPay account',
  wallet: 'Crypto wallet', messenger: 'Messenger ID', handle: 'Chat handle',
};

export interface StixOptions {
  /** created/modified time (a UTC timestamp; written with milliseconds). */
  readonly now: string;
  /** Leave out shared domains (link shorteners, messenger links): default true. */
  readonly skipShared?: boolean;
}

export function stixBundle(iocs: readonly Ioc[], campaigns: readonly Campaign[], opts: StixOptions): Record<string, unknown> {
  // STIX asks created/modified to millisecond precision at least.
  const now = new Date(opts.now).toISOString();
  const objects: Array<Record<string, unknown>> = [];
  const used = new Set<string>();
  for (const i of iocs) if (!(i.shared && opts.skipShared !== false)) for (const c of i.campaigns) used.add(c);
  const campaignId = new Map<string, string>();
  for (const c of campaigns) {
    if (!used.has(c.id)) continue;
    const id = `campaign--${uuid5('campaign\t' + c.id)}`;
    campaignId.set(c.id, id);
    const first = stixTime(c.first_seen), last = stixTime(c.last_seen);
    objects.push({
      type: 'campaign',
      spec_version: '2.1',
      id,
      created: now,
      modified: now,
      name: `scamscan ${c.id}${c.type ? ` (${c.type})` : ''}`,
      description: `${c.size} messages (${Object.keys(c.languages).join(', ')}), mean score ${c.mean_score}. Representative message: ${c.representative}`,
      ...(first ? { first_seen: first } : {}),
      ...(last && (!first || last >= first) ? { last_seen: last } : {}),
      x_scamscan_size: c.size,
    });
  }
  for (const i of iocs) {
    if (i.shared && opts.skipShared !== false) continue;
    const id = `indicator--${uuid5(`indicator\t${i.kind}\t${i.value}`)}`;
    objects.push({
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: now,
      modified: now,
      name: `${KIND_NAME[i.kind]}: ${i.value}`,
      description: `Seen in ${i.count} risky message${i.count === 1 ? '' : 's'}${i.types.length > 0 ? `; scam types: ${i.types.join(', ')}` : ''}.`,
      indicator_types: ['malicious-activity'],
      pattern: patternOf(i),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: stixTime(i.first_seen) ?? now,
      x_scamscan_count: i.count,
    });
    for (const c of i.campaigns) {
      const target = campaignId.get(c);
      if (!target) continue;
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${uuid5(`indicates\t${id}\t${target}`)}`,
        created: now,
        modified: now,
        relationship_type: 'indicates',
        source_ref: id,
        target_ref: target,
      });
    }
  }
  return { type: 'bundle', id: `bundle--${uuid5('bundle\t' + objects.map((o) => o.id).join(','))}`, objects };
}
