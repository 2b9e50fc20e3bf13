/** End-of-run counts for stderr: rows per risk label and per language, errors, throughput. */
import type { RiskLabel } from '../model/evaluate.js';

export class Summary {
  rows = 0;
  errors = 0;
  readonly labels: Record<RiskLabel, number> = { high: 0, medium: 0, low: 0 };
  readonly langs = new Map<string, number>();
  private readonly start = process.hrtime.bigint();

  add(label: RiskLabel | null, lang: string | null): void {
    this.rows++;
    if (label === null) this.errors++;
    else this.labels[label]++;
    if (lang !== null) this.langs.set(lang, (this.langs.get(lang) ?? 0) + 1);
  }

  render(): string {
    const secs = Number(process.hrtime.bigint() - this.start) / 1e9;
    const langs = [...this.langs.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    const rate = secs > 0 ? Math.round(this.rows / secs) : 0;
    return `scamscan: ${this.rows} row${this.rows === 1 ? "" : "s"}: high ${this.labels.high}, medium ${this.labels.medium}, low ${this.labels.low}, errors ${this.errors}; ${langs || 'no languages'}; ${secs.toFixed(1)} s, ${rate} rows/s`;
  }
}
