/** `scamscan score`: score messages given as arguments, or a file/stdin in batch, one output row per input row. */
import type { Context } from '../context.js';
import { readRecords, INPUT_FORMATS, type InputFormat, type InputRecord } from '../../io/records.js';
import { readModel } from '../../io/modelfile.js';
import { LineSink } from '../../io/output.js';
import { header, toCsv, toJson, toTsv, OUTPUT_FORMATS, type OutputFormat, type OutputRecord } from '../../io/writers.js';
import { UsageError } from '../../io/errors.js';
import { scoreText } from '../../score.js';
import { painter, scoreRow } from '../render.js';
import type { Model } from '../../model/format.js';

export interface ScoreOptions {
  input?: string;
  format?: string;
  output?: string;
  textColumn?: string;
  idColumn?: string;
  keepColumns?: string;
  model?: string;
  reasons?: number;
}

function choose<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}; found "${value}"`);
  return value as T;
}

function scoreRecord(model: Model, rec: InputRecord, keepCols: readonly string[], reasons: number): OutputRecord {
  const keep = keepCols.length > 0 ? Object.fromEntries(keepCols.map((k) => [k, rec.fields?.[k] ?? ''])) : undefined;
  if (rec.error || rec.text === undefined) return { id: rec.id, error: rec.error ?? `row ${rec.row}: no text`, keep };
  try {
    return { id: rec.id, score: scoreText(model, rec.text, reasons), keep };
  } catch (e) {
    return { id: rec.id, error: `row ${rec.row}: could not be scored: ${(e as Error).message}`, keep };
  }
}

async function* fromArgs(texts: string[]): AsyncGenerator<InputRecord> {
  let row = 0;
  for (const t of texts) {
    row++;
    yield t.trim() === '' ? { row, id: String(row), error: `row ${row}: empty text` } : { row, id: String(row), text: t };
  }
}

export async function runScore(texts: string[], opts: ScoreOptions, ctx: Context): Promise<number> {
  const format = choose<InputFormat>(opts.format, INPUT_FORMATS, '--format');
  const output: OutputFormat = choose<OutputFormat>(opts.output, OUTPUT_FORMATS, '--output') ?? (ctx.stdout.isTTY ? 'table' : 'jsonl');
  const keepCols = opts.keepColumns ? opts.keepColumns.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const reasons = opts.reasons ?? 3;
  if (!Number.isInteger(reasons) || reasons < 0 || reasons > 50) throw new UsageError(`--reasons: expected an integer 0–50; found "${opts.reasons}"`);
  if (texts.length > 0 && opts.input) throw new UsageError('give messages as arguments or an input with -i, not both');
  let input = opts.input;
  if (texts.length === 0 && input === undefined) {
    if (ctx.stdin.isTTY) throw new UsageError('nothing to score: give a message, -i FILE, or pipe messages to stdin (see scamscan score --help)');
    input = '-';
  }
  if (keepCols.length > 0 && (input === undefined || (format ?? 'text') === 'text' && !/\.(csv|tsv|jsonl|ndjson)(\.gz)?$/i.test(input))) {
    throw new UsageError('--keep-columns needs CSV, TSV or JSONL input');
  }
  const model = readModel(opts.model);
  const records = texts.length > 0 ? fromArgs(texts) : readRecords(input!, { format, textColumn: opts.textColumn, idColumn: opts.idColumn }, ctx.stdin);

  const sink = new LineSink(ctx.stdout);
  const c = painter(ctx.color);
  if (output === 'csv' || output === 'tsv') await sink.line(header(output, keepCols));
  if (output === 'table') await sink.line(c.bold(['id'.padEnd(8), 'risk  ', 'score', 'lang', 'message'].join('  ')));
  let errors = 0;
  for await (const rec of records) {
    const out = scoreRecord(model, rec, keepCols, reasons);
    if (out.error) errors++;
    let line: string;
    switch (output) {
      case 'jsonl':
        line = toJson(out);
        break;
      case 'csv':
        line = toCsv(out);
        break;
      case 'tsv':
        line = toTsv(out);
        break;
      default: {
        const [id, label, score, lang, rest] = scoreRow(out, rec.text, ctx.color);
        line = [id.padEnd(8), label + ' '.repeat(Math.max(0, 6 - (out.score?.label.length ?? 5))), score.padEnd(5), lang.padEnd(4), rest].join('  ');
      }
    }
    await sink.line(line);
  }
  await sink.flush();
  if (errors > 0) {
    ctx.stderr.write(`scamscan: ${errors} row${errors === 1 ? '' : 's'} could not be scored (see the "error" field)\n`);
    return 1;
  }
  return 0;
}
