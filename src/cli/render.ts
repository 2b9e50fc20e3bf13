/** Terminal rendering: the coloured score table and metric tables. Only used when stdout is a TTY (or asked for). */
import type * as ChalkModule from 'chalk';
import type { OutputRecord } from '../io/output-record.js';
import { loadDependency } from '../load.js';

/** A chalk instance, colour on or off; chalk is loaded on first use (~15 ms), so JSONL runs never load it. */
export function painter(color: boolean): ChalkModule.ChalkInstance {
  return new (loadDependency<typeof ChalkModule>('chalk').Chalk)({ level: color ? 1 : 0 });
}

// Created on first use: building ICU's grapheme segmenter costs ~15 ms, and only table output needs it.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /^(?:\p{M}|\p{Cc}|\p{Cf})+$/u;
const EMOJI = /\p{Extended_Pictographic}/u;

/** Columns one grapheme cluster takes: 2 for East Asian wide characters and emoji, 0 for marks and controls alone. */
function clusterWidth(g: string): number {
  const cp = g.codePointAt(0)!;
  if (ZERO_WIDTH.test(g)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000) return 2;
  return cp >= 0x1f000 && EMOJI.test(g) ? 2 : 1;
}

/** Display width in terminal columns, counted per grapheme cluster (a Thai or Burmese syllable's marks ride on it). */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const { segment } of graphemes().segment(s)) w += clusterWidth(segment);
  return w;
}

/** `s` on one line, cut to at most `max` columns at a grapheme boundary, with … where it was cut. */
export function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  if (displayWidth(flat) <= max) return flat;
  let out = '';
  let w = 0;
  for (const { segment } of graphemes().segment(flat)) {
    const cw = clusterWidth(segment);
    if (w + cw > max - 1) break;
    out += segment;
    w += cw;
  }
  return out + '…';
}

/** `s` cut in the middle to at most `max` columns (ids differ at their ends: `th-ssiv…1d18718`). */
export function clipMiddle(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  const parts = [...graphemes().segment(s)].map((x) => x.segment);
  const keepEnd = Math.floor((max - 1) / 2);
  let head = '';
  let tail = '';
  for (let i = parts.length - 1, w = 0; i >= 0 && w + clusterWidth(parts[i]) <= keepEnd; i--) {
    tail = parts[i] + tail;
    w += clusterWidth(parts[i]);
  }
  for (let i = 0, w = 0; i < parts.length && w + clusterWidth(parts[i]) <= max - 1 - displayWidth(tail); i++) {
    head += parts[i];
    w += clusterWidth(parts[i]);
  }
  return head + '…' + tail;
}

export function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - displayWidth(s)));
}

/** Column widths of the score table for a terminal `columns` wide (100 when not a terminal). */
export interface ScoreLayout {
  readonly id: number;
  readonly message: number;
  readonly reasons: number;
}

/** `idWidth`: the widest id when known in advance (messages given as arguments); else room for typical ids. */
export function scoreLayout(columns: number | undefined, idWidth?: number): ScoreLayout {
  const total = columns !== undefined && columns > 0 ? columns : 100;
  const id = idWidth !== undefined ? Math.max(2, idWidth) : Math.max(8, Math.min(24, Math.floor(total * 0.2)));
  const rest = Math.max(30, total - (id + 2 + 6 + 2 + 5 + 2 + 4 + 2) - 1);
  const reasons = Math.min(50, Math.floor(rest * 0.3));
  return { id, message: rest - reasons - 4, reasons };
}

/** The score table's header line. */
export function scoreHeader(layout: ScoreLayout, color: boolean): string {
  return painter(color).bold([pad('id', layout.id), 'risk  ', 'score', 'lang', 'message'].join('  '));
}

/** A plain table: first row is the header. */
export function table(rows: string[][], color: boolean): string {
  const c = painter(color);
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows
    .map((r, ri) => {
      const line = r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]))).join('  ');
      return ri === 0 ? c.bold(line) : line;
    })
    .join('\n');
}

/** One row of the score table, its columns padded to `layout`. */
export function scoreRow(r: OutputRecord, text: string | undefined, color: boolean, layout: ScoreLayout = scoreLayout(undefined)): string {
  const c = painter(color);
  const id = pad(clipMiddle(r.id, layout.id), layout.id);
  if (!r.score) return [id, c.magenta('error '), '     ', '    ', c.magenta(clip(r.error ?? '', layout.message + layout.reasons))].join('  ');
  const label = r.score.label;
  const lbl = label === 'high' ? c.red.bold('high') : label === 'medium' ? c.yellow('medium') : c.green('low');
  const why = r.score.reasons.map((x) => x.feature).join(' ');
  const tag = r.score.type ? `[${r.score.type.name}] ` : '';
  // The type tag and the message share the message column; a narrow terminal cuts the tag too.
  const shown = clip(tag + (text ?? ''), layout.message);
  const painted = tag && shown.startsWith(tag) ? c.cyan(tag) + shown.slice(tag.length) : c.cyan(shown.slice(0, Math.min(shown.length, tag.length))) + shown.slice(tag.length);
  const rest = painted + (why ? c.dim(`  ← ${clip(why, layout.reasons)}`) : '');
  return [id, lbl + ' '.repeat(6 - label.length), r.score.score.toFixed(3), pad(r.score.lang, 4), rest].join('  ');
}
