/**
 * CSV input (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled, and line
 * breaks), read over lines so that a broken quote cannot swallow the rest of a file: a record whose quoting
 * does not close properly becomes an error row for the line where it started, and reading starts again at
 * the next line. Rows in = rows out, as far as lines can tell.
 */
import type { BadLine } from '../lines.js';
import { badLine, checkColumns, fromFields, MAX_TEXT, type InputRecord, type ReadOptions } from '../input-record.js';
import { UserError } from '../errors.js';

const QUOTE = 0x22;
const COMMA = 0x2c;

/** A quoted field longer than this many lines is taken for a stray quote rather than a long message. */
export const MAX_QUOTED_LINES = 200;

/** One CSV record, fed line by line. */
class CsvRecord {
  readonly cells: string[] = [];
  /** Why the record cannot be read (set when `feed` returns true). */
  problem?: string;
  private field = '';
  private inQuotes = false;
  private chars = 0;

  /** Feed the record's next line; true when the record is complete (or broken: see `problem`). */
  feed(line: string): boolean {
    this.chars += line.length;
    if (this.chars > MAX_TEXT) {
      this.problem = `a quoted field runs past ${MAX_TEXT} characters without closing (a stray quote?)`;
      return true;
    }
    let i = 0;
    const n = line.length;
    for (;;) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          this.field += line.slice(i) + '\n';
          return false; // the quoted field goes on to the next line
        }
        this.field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.inQuotes = false;
        i = q + 1;
        if (i < n && line.charCodeAt(i) !== COMMA) {
          this.problem = `a closing quote is followed by ${JSON.stringify(line[i])} instead of a comma or the end of the line`;
          return true;
        }
        this.cells.push(this.field);
        this.field = '';
        if (i === n) return true;
        i++; // past the comma: the next field starts
      }
      if (line.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        i++;
        continue;
      }
      const c = line.indexOf(',', i);
      if (c < 0) {
        this.cells.push(line.slice(i));
        return true;
      }
      this.cells.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** A record read from lines: its cells, or why the line it started on was given up (the lines after are read again). */
type Read = { cells: string[] } | { broken: string };

/** CSV records over lines, recovering at the line after one whose quoting is broken. */
async function* csvRecords(batches: AsyncIterable<Array<string | BadLine>>): AsyncGenerator<Read | BadLine> {
  const held: Array<string | BadLine> = []; // lines read but not yet consumed by a record
  let ended = false;
  const source = batches[Symbol.asyncIterator]();
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await source.next();
    if (next.done) {
      ended = true;
      return false;
    }
    held.push(...next.value);
    return true;
  };
  let at = 0; // index into `held` of the next unread line
  for (;;) {
    if (at >= held.length) {
      held.length = 0;
      at = 0;
      if (!(await more())) return;
      continue;
    }
    const first = held[at];
    if (typeof first !== 'string') {
      at++;
      yield first;
      continue;
    }
    const rec = new CsvRecord();
    let used = 0;
    let done = false;
    let broken: string | undefined;
    while (!done) {
      while (at + used >= held.length) {
        if (!(await more())) break;
      }
      if (at + used >= held.length) {
        broken = 'a quoted field opened on this line never closes';
        break;
      }
      const line = held[at + used];
      used++;
      if (typeof line !== 'string') {
        broken = `a quoted field opened on this line runs into a line that cannot be read (${line.problem})`;
        break;
      }
      done = rec.feed(line);
      if (done && rec.problem) broken = rec.problem;
      else if (!done && used >= MAX_QUOTED_LINES) broken = `a quoted field opened on this line runs past ${MAX_QUOTED_LINES} lines without closing`;
      if (broken) break;
    }
    if (broken !== undefined) {
      at++; // only the line where the damage starts is given up; the lines after it are read again
      yield { broken: `CSV: ${broken}; the lines after it are read as rows of their own` };
    } else {
      at += used;
      yield { cells: rec.cells };
    }
    if (at > 4096 && at * 2 > held.length) {
      held.splice(0, at);
      at = 0;
    }
  }
}

export async function* readCsv(lines: AsyncIterable<Array<string | BadLine>>, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  let header: string[] | undefined;
  let row = 0;
  for await (const r of csvRecords(lines)) {
    if (!header) {
      if ('cells' in r) {
        header = r.cells;
        checkColumns(header, opts, where);
        continue;
      }
      throw new UserError(`${where}: header row: ${'broken' in r ? r.broken : r.problem}`);
    }
    row++;
    if ('problem' in r) {
      yield badLine(row, r);
      continue;
    }
    if ('broken' in r) {
      yield { row, id: String(row), error: `row ${row}: ${r.broken}` };
      continue;
    }
    const cells = r.cells;
    const fields: Record<string, string> = Object.create(null);
    for (let i = 0; i < header.length; i++) fields[header[i]] = cells[i] ?? '';
    if (cells.length !== header.length && !(cells.length === 1 && cells[0] === '')) {
      yield { row, id: fields[opts.idColumn ?? 'id'] || String(row), fields, error: `row ${row}: expected ${header.length} fields, found ${cells.length}` };
      continue;
    }
    yield fromFields(row, fields, opts);
  }
  if (!header) checkColumns([], opts, where);
}
