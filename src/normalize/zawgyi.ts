/**
 * Zawgyi → Unicode conversion with myanmar-tools' own rules, run faster. The library's converter tries every
 * rule of a phase (a regular expression anchored at the current position) at every position of the text —
 * ~80,000 regular-expression calls for a 640-character post, ~1.8 ms, which made a Zawgyi post ~6× slower to
 * score than a Unicode one. Here the same rules run in the same order with the same replacement semantics,
 * but at each position only the rules whose pattern can start with the character there are tried: a rule's
 * possible first characters are read from its pattern (conservatively: a pattern this does not understand,
 * or one that can match the empty string, is always tried). The output is therefore the library's, character
 * for character (tests compare the two on every Zawgyi post in data/, the library's own sample texts and
 * random strings).
 *
 * The rules are the library's (`resources/Z2U.js` in the myanmar-tools package, the file its build inlines into
 * its converter), kept as data in `zawgyi-rules.ts` by `npm run gen:zawgyi`. Should a rule take a form this
 * runner does not handle, the library's converter is used.
 */
import { loadDependency } from '../load.js';
import { Z2U_RULES } from './zawgyi-rules.js';
import type myanmarTools from 'myanmar-tools';

interface RawRule {
  readonly p: RegExp;
  readonly s: string;
  readonly matchOnStart?: unknown;
  readonly revisit?: unknown;
}

interface Rule {
  /** The pattern without its `^`, sticky: it matches exactly at `lastIndex`, as the original does at the start of the rest of the text. */
  readonly re: RegExp;
  /** The replacement as literal pieces and group numbers (the rules use only `$1`–`$9`). */
  readonly replacement: ReadonlyArray<string | number>;
  readonly matchOnStart: boolean;
  readonly revisit: boolean;
  /** The characters a match can start with (UTF-16 code units), or null: try at every position. */
  readonly first: ReadonlySet<number> | null;
}

interface Phase {
  readonly rules: readonly Rule[];
  /** Per first character of the rest of the text: the indices of the rules worth trying, in rule order. */
  readonly myanmar: ReadonlyArray<Int32Array | undefined>; // U+1000–U+109F, by offset
  readonly other: ReadonlyMap<number, Int32Array>;
  /** The indices of the rules tried whatever the character (first === null). */
  readonly always: Int32Array;
}

/**
 * The first characters a match of `source` (a pattern without its leading `^`) can begin with, or null when
 * unknown or when it can match the empty string. Understands literal characters, character classes without
 * negation or escapes, groups with alternatives, and the quantifiers `?`, `*`, `+`, `{n,m}`.
 */
export function firstChars(source: string): Set<number> | null {
  const r = sequence(source, 0, false);
  return r === null || r.nullable || r.end !== source.length ? null : r.set;
}

interface Parsed {
  set: Set<number>;
  nullable: boolean;
  end: number;
}

/** A sequence up to `)` (inside a group) or the end, alternatives joined. */
function sequence(src: string, at: number, inGroup: boolean): Parsed | null {
  const set = new Set<number>();
  let nullable = false; // of the alternatives seen so far
  let altNullable = true; // of the current alternative, so far
  let i = at;
  while (i < src.length) {
    const c = src[i];
    if (c === ')') {
      if (!inGroup) return null;
      break;
    }
    if (c === '|') {
      nullable ||= altNullable;
      altNullable = true;
      i++;
      continue;
    }
    let atom: Set<number> | null;
    let atomNullable = false;
    if (c === '(') {
      let j = i + 1;
      if (src.startsWith('?:', j)) j += 2;
      else if (src[j] === '?') return null; // lookaround or named group
      const inner = sequence(src, j, true);
      if (inner === null || src[inner.end] !== ')') return null;
      atom = inner.set;
      atomNullable = inner.nullable;
      i = inner.end + 1;
    } else if (c === '[') {
      const close = src.indexOf(']', i + 1);
      if (close < 0 || src[i + 1] === '^' || src.slice(i + 1, close).includes('\\')) return null;
      atom = new Set<number>();
      const body = src.slice(i + 1, close);
      for (let k = 0; k < body.length; k++) {
        const a = body.charCodeAt(k);
        if (body[k + 1] === '-' && k + 2 < body.length) {
          const b = body.charCodeAt(k + 2);
          for (let x = a; x <= b; x++) atom.add(x);
          k += 2;
        } else atom.add(a);
      }
      i = close + 1;
    } else if (c === '$') {
      atom = new Set<number>();
      atomNullable = true;
      i++;
    } else if (c === '\\' || c === '.' || c === '^' || c === '*' || c === '+' || c === '?' || c === '{' || c === ']' || c === '}') {
      return null;
    } else {
      atom = new Set<number>([src.charCodeAt(i)]);
      i++;
    }
    // Quantifier.
    const q = src[i];
    if (q === '*' || q === '?') {
      atomNullable = true;
      i++;
    } else if (q === '+') i++;
    else if (q === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(i));
      if (!m) return null;
      if (Number(m[1]) === 0) atomNullable = true;
      i += m[0].length;
    }
    if (src[i] === '?') i++; // lazy
    if (altNullable) for (const x of atom) set.add(x);
    altNullable &&= atomNullable;
  }
  nullable ||= altNullable;
  return { set, nullable, end: i };
}

/** The replacement string as pieces, or null when it uses more than `$1`–`$9`. */
function parseReplacement(s: string): Array<string | number> | null {
  const out: Array<string | number> = [];
  let lit = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') {
      lit += s[i];
      continue;
    }
    const d = s.charCodeAt(i + 1) - 48;
    if (!(d >= 1 && d <= 9)) return null;
    if (lit) out.push(lit);
    lit = '';
    out.push(d);
    i++;
  }
  if (lit) out.push(lit);
  return out;
}

/** A phase compiled, or null when a rule has a form the fast runner does not handle. */
function compilePhase(raw: readonly RawRule[]): Phase | null {
  const rules: Rule[] = [];
  for (const r of raw) {
    const src = r.p.source;
    const replacement = parseReplacement(r.s);
    if (!src.startsWith('^') || r.p.flags !== '' || replacement === null) return null;
    const body = src.slice(1);
    // `$n` beyond the pattern's groups stays literal in String.prototype.replace; not handled here.
    const groups = new RegExp(`${body}|`).exec('')!.length - 1;
    if (replacement.some((piece) => typeof piece === 'number' && piece > groups)) return null;
    // A second anchor would mean something else once the pattern is sticky (a `^` negating a class is fine).
    if (body.replaceAll('[^', '[').includes('^')) return null;
    rules.push({ re: new RegExp(body, 'y'), replacement, matchOnStart: r.matchOnStart != null, revisit: r.revisit != null, first: firstChars(body) });
  }
  const pick = (c: number) => Int32Array.from(rules.flatMap((r, i) => (r.first === null || r.first.has(c) ? [i] : [])));
  const always = pick(-1);
  const chars = new Set<number>();
  for (const r of rules) if (r.first) for (const c of r.first) chars.add(c);
  const myanmar: Array<Int32Array | undefined> = [];
  const other = new Map<number, Int32Array>();
  for (const c of chars) {
    if (c >= 0x1000 && c < 0x10a0) myanmar[c - 0x1000] = pick(c);
    else other.set(c, pick(c));
  }
  return { rules, myanmar, other, always };
}

/**
 * One phase, with the library's semantics (`runPhase` in myanmar-tools' zawgyi_converter.js): at each position
 * the rules are tried in order, each matching at the start of the rest of the text; a match is replaced and the
 * walk continues with the next rule after the replacement (or at its start, for a `revisit` rule); with no match
 * the character is copied. Here only the candidate rules for the current character are tried, and matches are
 * made in place (sticky) instead of on a fresh copy of the rest of the text at every position.
 */
function runPhase(phase: Phase, input: string): string {
  const { rules, myanmar, other, always } = phase;
  let text = input;
  let pos = 0;
  let out = '';
  let copied = 0; // text[copied, pos) is still to be appended to out
  let atStart = true;
  while (pos < text.length) {
    let found = false;
    let next = 0; // rules before this index have had their turn at this position
    for (;;) {
      const c = text.charCodeAt(pos);
      const list = (c >= 0x1000 && c < 0x10a0 ? myanmar[c - 0x1000] : other.get(c)) ?? always;
      let k = 0;
      while (k < list.length && list[k] < next) k++;
      let fired = false;
      for (; k < list.length; k++) {
        const rule = rules[list[k]];
        next = list[k] + 1;
        if (rule.matchOnStart && !atStart) continue;
        rule.re.lastIndex = pos;
        const m = rule.re.exec(text);
        if (m === null) continue;
        let rep = '';
        for (const piece of rule.replacement) rep += typeof piece === 'number' ? (m[piece] ?? '') : piece;
        found = fired = true;
        if (rule.revisit) {
          // The rest of the text starts with the replacement, and the walk stays at its start.
          out += text.slice(copied, pos);
          text = rep + text.slice(pos + m[0].length);
          pos = copied = 0;
        } else {
          out += text.slice(copied, pos) + rep;
          pos += m[0].length;
          copied = pos;
        }
        break;
      }
      if (!fired || pos >= text.length) break;
    }
    if (!found) pos++;
    atStart = false;
  }
  return out + text.slice(copied);
}

let phases: Phase[] | null | undefined;

/** The library's Zawgyi → Unicode rules, compiled; null when one has a form the runner does not handle (then the library converts). */
function compiledRules(): Phase[] | null {
  if (phases !== undefined) return phases;
  const compiled = Z2U_RULES.map((ph) => compilePhase(ph.map((r) => ({ p: new RegExp(r.p), s: r.s, matchOnStart: r.matchOnStart, revisit: r.revisit }))));
  phases = compiled.every((ph) => ph !== null) ? (compiled as Phase[]) : null;
  return phases;
}

let library: InstanceType<typeof myanmarTools.ZawgyiConverter> | undefined;

/** Zawgyi → Unicode, equal to myanmar-tools' `ZawgyiConverter.zawgyiToUnicode`. */
export function zawgyiToUnicodeFast(text: string): string {
  const ph = compiledRules();
  if (ph === null) return (library ??= new (loadDependency('myanmar-tools') as typeof myanmarTools).ZawgyiConverter()).zawgyiToUnicode(text);
  let s = text;
  for (const p of ph) s = runPhase(p, s);
  return s;
}

/** Whether the fast path is in use (every rule compiled); for tests. */
export function fastZawgyiAvailable(): boolean {
  return compiledRules() !== null;
}
