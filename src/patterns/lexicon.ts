/**
 * The lexicon format: scam types and intent cues, a pattern (type or cue, weight, `any` terms, `all` groups, a
 * hand-written example), its schema and validation, and the canonical form of terms (normalized like messages).
 */
import * as v from 'valibot';
import { normalizeText } from '../normalize/index.js';

export const SCAM_TYPES = [
  'parcel_delivery',
  'impersonation_authority',
  'impersonation_bank_service',
  'impersonation_acquaintance',
  'loan',
  'gambling',
  'investment',
  'job_task',
  'prize',
  'phishing_otp',
  'promo',
  'other',
] as const;
export type ScamType = (typeof SCAM_TYPES)[number];

/**
 * Intent cues: what a message asks for or does, in any language, as opposed to what scam it is. A pattern with
 * a `cue` is evidence of that cue only (a `q:<cue>` feature), never of its scam type. `never_share` and
 * `official_channel` are what genuine notices say (a code given with a warning not to pass it on); the rest are
 * what lures ask for or threaten.
 */
export const CUES = [
  'ask_code',
  'never_share',
  'official_channel',
  'pay_fee',
  'move_to_chat',
  'threat',
  'deadline',
  'click_link',
  'windfall',
  'easy_money',
  'guaranteed_return',
  'new_number',
  'secrecy',
  'transaction_record',
  'gift_card',
  'wrong_number',
  'authority',
  'appointment',
  'fraud_warning',
] as const;
export type Cue = (typeof CUES)[number];

export interface Pattern {
  readonly id: string;
  readonly type: ScamType;
  /** 1 weak cue, 2 typical, 3 near-decisive. */
  readonly weight: number;
  /** At least one of these terms must occur (when given). */
  readonly any?: readonly string[];
  /** Every group must have one of its terms (when given). */
  readonly all?: ReadonlyArray<readonly string[]>;
  /** A hand-written message the pattern matches (kept for tests). */
  readonly example: string;
  /** An intent cue rather than scam-type evidence (`type` is then ignored). */
  readonly cue?: Cue;
}

export interface PatternFile {
  readonly lang: string;
  readonly note?: string;
  readonly patterns: readonly Pattern[];
}

const term = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const terms = v.pipe(v.array(term), v.minLength(1), v.maxLength(500));
export const patternSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  type: v.picklist(SCAM_TYPES),
  weight: v.pipe(v.number(), v.minValue(0.1), v.maxValue(10)),
  any: v.optional(terms),
  all: v.optional(v.pipe(v.array(terms), v.minLength(1), v.maxLength(10))),
  example: v.pipe(v.string(), v.maxLength(2000)),
  cue: v.optional(v.picklist(CUES)),
});
export const patternFileSchema = v.strictObject({
  lang: v.pipe(v.string(), v.maxLength(10)),
  note: v.optional(v.pipe(v.string(), v.maxLength(5000))),
  patterns: v.pipe(v.array(patternSchema), v.maxLength(5000)),
});

/** One line for the first problem a schema found: `path.to.field: what was expected, what was found`. */
export function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const i = issues[0];
  const path = i.path && i.path.length > 0 ? i.path.map((p) => String(p.key)).join('.') : '(top level)';
  // A strict object's unknown key reads "Expected never"; say what it is.
  if (i.type === 'strict_object' && i.expected === 'never') return `${path}: unknown field (not part of the format)`;
  return `${path}: ${i.message}`;
}

/** Validate a parsed pattern file; throws with one line naming the first problem. */
export function parsePatternFile(raw: unknown, where: string): PatternFile {
  const r = v.safeParse(patternFileSchema, raw);
  if (!r.success) throw new Error(`${where}: ${describeIssue(r.issues)}`);
  for (const p of r.output.patterns) {
    if (!p.any && !p.all) throw new Error(`${where}: pattern ${p.id}: expected "any" or "all", found neither`);
  }
  const ids = new Set<string>();
  for (const p of r.output.patterns) {
    if (ids.has(p.id)) throw new Error(`${where}: pattern id ${p.id} is used twice`);
    ids.add(p.id);
  }
  return r.output as PatternFile;
}

export interface PatternHit {
  readonly id: string;
  readonly type: ScamType;
  readonly weight: number;
  /** Spans [start, end) in the normalized text of the first hit of each term group. */
  readonly spans: Array<[number, number]>;
  /** Set for an intent cue pattern (not scam-type evidence). */
  readonly cue?: Cue;
}

/** Lower-case ASCII only, so offsets in the lowered text are offsets in the normalized text. */
export function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

const NEEDS_CANON = /[A-Z\s]/;

/** Compiled form of a term: ASCII lower case, trimmed, whitespace runs as one space, a trailing `*` = prefix. */
export function canonicalTerm(t: string): { text: string; prefix: boolean } {
  // Most terms (Thai, Chinese, Burmese, lower-case English) have neither capitals nor spaces: one test, no copies.
  let s = NEEDS_CANON.test(t) ? lowerAscii(t).trim().replace(/\s+/g, ' ') : t;
  const prefix = s.endsWith('*') && s.length > 1;
  if (prefix) s = s.slice(0, -1);
  return { text: s, prefix };
}

/**
 * Terms normalized like messages (Traditional → Simplified, NFKC, Thai SARA AM kept, digits folded…), so a
 * lexicon author can write `帳戶` or `ＯＴＰ` and still match. Done once when a lexicon is read or a model is
 * trained (the model stores the canonical terms), not at scoring start-up, where it would cost ~0.2 s.
 */
export function canonicalizePatterns(patterns: readonly Pattern[]): Pattern[] {
  const term = (t: string) => {
    const prefix = t.endsWith('*') && t.length > 1;
    const body = normalizeText(prefix ? t.slice(0, -1) : t).text;
    return prefix ? body + '*' : body;
  };
  return patterns.map((p) => ({
    ...p,
    ...(p.any ? { any: p.any.map(term) } : {}),
    ...(p.all ? { all: p.all.map((g) => g.map(term)) } : {}),
  }));
}
