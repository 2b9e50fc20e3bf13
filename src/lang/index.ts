/**
 * Stage 2: language id. Unicode script counts decide first (fast and right on short messages); franc is asked
 * only for Latin-only text. URLs, e-mail addresses and digits are stripped before counting so that the letters
 * of a link do not outvote a Thai or Burmese message.
 */
import type * as Franc from 'franc';
import { loadDependency } from '../load.js';

// franc is loaded the first time a long Latin-only message needs it (importing it costs ~50 ms).
let francLib: typeof Franc | undefined;

export type Lang = 'tha' | 'cmn' | 'mya' | 'eng' | 'und';
export const LANGS: readonly Lang[] = ['tha', 'cmn', 'mya', 'eng', 'und'];

export interface ScriptShares {
  thai: number;
  myanmar: number;
  han: number;
  latin: number;
  other: number;
}

export interface LangGuess {
  /** Primary language of the message. */
  readonly lang: Lang;
  /** Share of letters in each script (0–1, summing to 1 when there are letters). */
  readonly scripts: ScriptShares;
}

export const URLISH = /^(?:https?:\/\/|www\.)|^[\w.+-]+@[\w-]+\.|^[a-z0-9-]+\.(?:com|net|org|ly|me|cc|co|xyz|top|info|th|cn|mm|io|gl|gd|to|link|app|site|online|vip|shop|club)\b|^[0-9]+$/i;

/** Whether `c` is one of the characters URLs, e-mail addresses and numbers are made of: `[\w.+\-@:/?=&%#~]`. */
function isRunChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x40 && c <= 0x5a) || (c >= 0x2d && c <= 0x3a) || c === 0x2b || c === 0x5f || c === 0x3d || c === 0x3f || c === 0x26 || c === 0x25 || c === 0x23 || c === 0x7e;
}

/**
 * The text as language id sees it: each maximal run of those characters (looked at once: linear time) gone when
 * it is a URL, an e-mail address or a number, its digits blanked otherwise; the text itself when no run changes
 * (most messages). Every alternative of URLISH needs a `.`, `@`, `:` or digit, so a run with none of them (most
 * words) is kept without running URLISH. A scanner: `text.replace(/[\w.+\-@:/?=&%#~]+/g, …)` called back and
 * built a string per word (a test holds the two equal).
 */
export function stripUrlish(text: string): string {
  let out: string | undefined;
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isRunChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let marked = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isRunChar(c)) break;
      if ((c >= 0x30 && c <= 0x3a) || c === 0x2e || c === 0x40) marked = true;
    }
    if (!marked) continue;
    const run = text.slice(start, i);
    const kept = URLISH.test(run) ? ' ' : run.replace(/[0-9]+/g, ' ');
    if (kept === run) continue;
    out = (out ?? '') + text.slice(last, start) + kept;
    last = i;
  }
  return out === undefined ? text : out + text.slice(last);
}

/** Latin languages franc may choose from; anything but English becomes `und`. */
const LATIN_ONLY = ['eng', 'ind', 'zlm', 'vie', 'tgl', 'fra', 'spa', 'por', 'deu', 'nld', 'ita'];
/** Below this many Latin letters franc is unreliable; short Latin messages are taken as English. */
const FRANC_MIN_LETTERS = 40;

// English function and SMS words. Three of them mean English without asking franc, which otherwise costs a fifth
// of an English message's scoring time and calls over a quarter of the English SMS it sees (`Yup but not studying
// surfing lor`) something else (bench/RESULTS.md, 2026-12-06). Words common in the other Latin-script languages
// franc separates (`was`, `so`, `an`, `i`, `u`, `ok`, `link`, `stop`…) are left out; a few shared ones stay (`in`,
// `is`, `me`, `on`), and hand-written messages in those languages still reach franc (test/unit/lang.test.ts).
const ENGLISH_WORDS =
  /\b(?:the|you|your|to|and|is|are|for|of|in|on|this|that|with|have|call|now|please|will|my|me|we|it|be|at|not|can|get|free|our|i'm|im|ur|just|what|how|from|txt|reply|got|if|don't|dont|been|has|had|would|could|should|there|they|their|she|his|him|by|or|all|yes|about|out|up|know|like|love|need|want|send|won|claim|prize|cash|urgent|account|click|here|today|tomorrow|when|where|who|which|hi|dear|pls|plz|thanks|thank|sorry|tonight|home|going|only|then|than|more|day|back|later|good|great|lol|lor|yeah|haha|wat|gonna)\b/gi;

/** Cheap check before franc: three or more common English words mean English. */
function looksEnglish(text: string): boolean {
  let n = 0;
  ENGLISH_WORDS.lastIndex = 0;
  while (ENGLISH_WORDS.exec(text) !== null) if (++n >= 3) return true;
  return false;
}

export function scriptCounts(text: string): ScriptShares {
  const c: ScriptShares = { thai: 0, myanmar: 0, han: 0, latin: 0, other: 0 };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const cp = text.charCodeAt(i);
    if (cp < 0x80) {
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) c.latin++;
    } else if (cp >= 0x0e00 && cp <= 0x0e7f) c.thai++;
    else if ((cp >= 0x1000 && cp <= 0x109f) || (cp >= 0xaa60 && cp <= 0xaa7f) || (cp >= 0xa9e0 && cp <= 0xa9ff)) c.myanmar++;
    else if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff)) c.han++;
    else if (cp >= 0xc0 && cp <= 0x24f) c.latin++;
    else if (cp >= 0xd800 && cp <= 0xdbff) {
      // Astral Han (extensions B+) counts as Han; other astral letters as other.
      const full = text.codePointAt(i)!;
      if (full >= 0x20000 && full <= 0x3134f) c.han++;
      else if (/\p{L}/u.test(String.fromCodePoint(full))) c.other++;
      i++;
    } else if (/\p{L}/u.test(text[i])) c.other++;
  }
  return c;
}

function shares(c: ScriptShares): ScriptShares {
  const total = c.thai + c.myanmar + c.han + c.latin + c.other;
  if (total === 0) return { thai: 0, myanmar: 0, han: 0, latin: 0, other: 0 };
  const r = (x: number) => Math.round((x / total) * 1000) / 1000;
  return { thai: r(c.thai), myanmar: r(c.myanmar), han: r(c.han), latin: r(c.latin), other: r(c.other) };
}

/** Detect the primary language of a (normalized) message. */
export function detectLanguage(text: string): LangGuess {
  // Count on the whole text first: a non-Latin script of ours wins at two letters whatever the URLs hold, so
  // URLs, e-mails and digits only need stripping when the message may be Latin-only.
  const whole = scriptCounts(text);
  const stripped = whole.thai >= 2 || whole.myanmar >= 2 || whole.han >= 2 ? text : stripUrlish(text);
  const c = stripped === text ? whole : scriptCounts(stripped);
  const sh = shares(c);
  // A non-Latin script of ours wins at two or more letters; the largest of them is the primary language (on a
  // tie the first of Thai, Burmese, Chinese).
  let top: Lang = 'tha';
  let topCount = c.thai;
  if (c.myanmar > topCount) {
    top = 'mya';
    topCount = c.myanmar;
  }
  if (c.han > topCount) {
    top = 'cmn';
    topCount = c.han;
  }
  if (topCount >= 2) {
    // Kana or Hangul mixed with Han is Japanese/Korean, not Chinese.
    if (top === 'cmn' && /[\u3040-\u30ff\uac00-\ud7af]/.test(stripped)) return { lang: 'und', scripts: sh };
    return { lang: top, scripts: sh };
  }
  if (c.latin >= 2 && c.latin >= c.other) {
    if (c.latin < FRANC_MIN_LETTERS || looksEnglish(stripped)) return { lang: 'eng', scripts: sh };
    const guess = (francLib ??= loadDependency<typeof Franc>('franc')).franc(stripped, { only: LATIN_ONLY, minLength: 3 });
    return { lang: guess === 'eng' ? 'eng' : 'und', scripts: sh };
  }
  if (topCount >= 1 && c.latin === 0 && c.other === 0) return { lang: top, scripts: sh };
  return { lang: 'und', scripts: sh };
}
