/** The campaign stage's pure parts: MinHash/LSH, grouping order, indicators, STIX. Messages HAND-WRITTEN. */
import { readModel } from '../../src/io/modelfile.js';
import { bandKeys, canonicalUrl, CampaignGrouper, e164, hash53, indicatorsOf, iocsOf, memberOf, patternOf, signature, similarity, stixBundle, type Member } from '../../src/campaigns/index.js';
import { FILLED } from '../fixtures/campaign-dump.js';
import { validateStix } from './stix-schemas.js';

const model = readModel();
const members: Member[] = FILLED.map((f, i) => memberOf(model, f.text, i + 1, { minLabel: 'low', minScore: 0 }).member!);

describe('MinHash signatures', () => {
  const set = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => (from + i) * 2654435761);
  test('agreement estimates Jaccard similarity', () => {
    // 300 shared of 500 in all: J = 0.6; identical sets agree everywhere; disjoint ones almost nowhere.
    expect(similarity(signature(set(0, 400)), signature(set(100, 500)))).toBeGreaterThan(0.45);
    expect(similarity(signature(set(0, 400)), signature(set(100, 500)))).toBeLessThan(0.75);
    expect(similarity(signature(set(0, 50)), signature(set(0, 50)))).toBe(1);
    expect(similarity(signature(set(0, 50)), signature(set(1000, 1050)))).toBeLessThan(0.1);
  });
  test('order and duplicates do not matter; keys are frozen', () => {
    const a = set(0, 30);
    const b = Uint32Array.from([...a].reverse().concat([...a]));
    expect(bandKeys(signature(a))).toEqual(bandKeys(signature(b)));
    // Campaign ids come from these functions: a change here changes every id (and breaks merging old shards).
    expect(hash53(Uint32Array.of(1, 2, 3)).toString(16)).toBe('97abca65f4d3b');
    expect(bandKeys(signature(Uint32Array.of(1, 2, 3)))[0]).toBe(8144294197709479);
  });
});

describe('grouping', () => {
  const ids = (g: CampaignGrouper) => JSON.stringify(g.campaigns(1));
  test('the same campaigns whatever the order of the messages', () => {
    const g1 = new CampaignGrouper();
    for (const m of members) g1.add(m);
    const g2 = new CampaignGrouper();
    for (const m of [...members].reverse()) g2.add(m);
    expect(ids(g2)).toBe(ids(g1));
  });
  test('merging campaign records of two halves equals grouping the whole', () => {
    const whole = new CampaignGrouper();
    for (const m of members) whole.add(m);
    const halves = [members.filter((_, i) => i % 2 === 0), members.filter((_, i) => i % 2 === 1)].map((part) => {
      const g = new CampaignGrouper();
      for (const m of part) g.add(m);
      return JSON.parse(JSON.stringify(g.campaigns(1)));
    });
    const merged = new CampaignGrouper();
    for (const c of [...halves[1], ...halves[0]]) merged.addCampaign(c);
    expect(ids(merged)).toBe(ids(whole));
  });
});

describe('indicators', () => {
  test('canonical forms', () => {
    expect(canonicalUrl('HXXPS://Kerry-TH[.]XYZ/Pay.')).toBe('https://kerry-th.xyz/Pay');
    expect(e164('081-234-5678', 'th-mobile', 'tha')).toBe('+66812345678');
    expect(e164('13812345678', 'cn-mobile', 'cmn')).toBe('+8613812345678');
    expect(e164('09123456789', 'mm-mobile', 'mya')).toBe('+959123456789');
    expect(indicatorsOf([{ kind: 'messenger', text: '@FastLoan88', detail: 'line' }, { kind: 'phone', text: 'xxxxxxxxxxx', detail: 'masked' }, { kind: 'messenger', text: 'xxxxxxx', detail: 'wechat' }], 'tha')).toEqual([
      { kind: 'messenger', value: 'line:fastloan88' },
    ]);
    expect(indicatorsOf([{ kind: 'url', text: 'bit.ly/abc', domain: 'bit.ly', shortener: true }], 'eng')).toEqual([
      { kind: 'url', value: 'bit.ly/abc' },
      { kind: 'domain', value: 'bit.ly', shared: true },
    ]);
  });
  test('STIX patterns quote and escape', () => {
    expect(patternOf({ kind: 'url', value: "http://x.xyz/a'b\\c" })).toBe("[url:value = 'http://x.xyz/a\\'b\\\\c']");
    expect(patternOf({ kind: 'messenger', value: 'line:fastloan88' })).toBe("[user-account:account_type = 'line' AND user-account:account_login = 'fastloan88']");
    expect(patternOf({ kind: 'account', value: 'promptpay:0812345678' })).toBe("[bank-account:account_number = '0812345678']");
  });
  test('a bundle built from the hand-written dump validates against the STIX 2.1 schemas', () => {
    const g = new CampaignGrouper();
    for (const m of members) g.add({ ...m, time: `2026-11-${String(10 + m.row).padStart(2, '0')}T00:00:00Z` });
    const campaigns = g.campaigns(1);
    const bundle = stixBundle(iocsOf(campaigns), campaigns.filter((c) => c.size >= 2), { now: '2026-12-06T00:00:00.000Z' }) as { objects: Array<{ type: string; id: string }> };
    expect(validateStix(bundle)).toEqual([]);
    expect(bundle.objects.some((o) => o.type === 'campaign' && 'first_seen' in o)).toBe(true);
    // A broken object is caught (the check is not vacuous).
    const broken = { ...bundle, objects: [{ ...bundle.objects[0], created: 'yesterday' }] };
    expect(validateStix(broken).length).toBeGreaterThan(0);
  });
});
