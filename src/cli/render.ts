/** Terminal rendering: the coloured score table and metric tables. Only used when stdout is a TTY (or asked for). */
import type * as ChalkModule from 'chalk';
import type { OutputRecord } from '../io/writers.js';
import { loadDependency } from '../load.js';

/** A chalk instance, colour on or off; chalk is loaded on first use (~15 ms), so JSONL runs never load it. */
export function painter(color: boolean): ChalkModule.ChalkInstance {
  return new (loadDependency<typeof ChalkModule>('chalk').Chalk)({ level: color ? 1 : 0 });
}

function width(s: string): number {
  // Approximate display width: East Asian wide characters take two columns; combining marks none.
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (/\p{M}/u.test(ch) || (cp >= 0x200b && cp <= 0x200f)) continue;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

export function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  if (width(flat) <= max) return flat;
  let out = '';
  for (const ch of flat) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

/** A plain table: first row is the header. */
export function table(rows: string[][], color: boolean): string {
  const c = painter(color);
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows
    .map((r, ri) => {
      const line = r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]))).join('  ');
      return ri === 0 ? c.bold(line) : line;
    })
    .join('\n');
}

export function scoreRow(r: OutputRecord, text: string | undefined, color: boolean): string[] {
  const c = painter(color);
  if (!r.score) return [r.id, c.magenta('error'), '', '', c.magenta(r.error ?? '')];
  const lbl = r.score.label === 'high' ? c.red.bold('high') : r.score.label === 'medium' ? c.yellow('medium') : c.green('low');
  const why = r.score.reasons.map((x) => x.feature).join(' ');
  const type = r.score.type ? c.cyan(`[${r.score.type.name}] `) : '';
  return [r.id, lbl, r.score.score.toFixed(3), r.score.lang, type + clip(text ?? '', 40) + (why ? c.dim(`  ← ${clip(why, 50)}`) : '')];
}
