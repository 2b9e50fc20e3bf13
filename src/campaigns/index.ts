/** Campaigns and indicators: group risky messages into the operations behind them (pure; see docs/campaigns.md). */
export { shinglesOf, MIN_WORDS, type Shingles } from './shingles.js';
export { signature, bandKeys, similarity, hash53, hex53, BANDS, ROWS, SIGNATURE_LENGTH } from './minhash.js';
export { indicatorsOf, canonicalUrl, e164, INDICATOR_KINDS, type Indicator, type IndicatorKind } from './indicators.js';
export { CampaignGrouper, DEFAULT_MAX_KEYS, Links, sortedRecord, type Campaign, type GrouperOptions, type IndicatorStat, type Member } from './grouper.js';
export { iocsOf, type Ioc } from './iocs.js';
export { stixBundle, patternOf, uuid5, type StixOptions } from './stix.js';
export { memberOf } from './member.js';
