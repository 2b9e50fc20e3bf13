/** JSONL input: one JSON object (or string) per line. */
import type { BadLine } from '../lines.js';
import { badLine, checkText, fromFields, type InputRecord, type ReadOptions } from '../input-record.js';

export async function* readJsonl(lines: AsyncIterable<Array<string | BadLine>>, opts: ReadOptions): AsyncGenerator<InputRecord> {
  let row = 0;
  const textColumn = opts.textColumn ?? 'text';
  for await (const batch of lines) {
    for (const line of batch) {
      row++;
      if (typeof line !== 'string') {
        yield badLine(row, line);
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        yield { row, id: String(row), error: `row ${row}: not valid JSON` };
        continue;
      }
      if (typeof v === 'string') {
        yield checkText(row, String(row), v);
        continue;
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        yield { row, id: String(row), error: `row ${row}: expected a JSON object or string` };
        continue;
      }
      const fields: Record<string, string> = Object.create(null);
      for (const [k, val] of Object.entries(v)) fields[k] = val === null || val === undefined ? '' : typeof val === 'string' ? val : JSON.stringify(val);
      if (!(textColumn in fields)) {
        yield { row, id: fields[opts.idColumn ?? 'id'] || String(row), fields, error: `row ${row}: expected a field "${textColumn}"; found ${Object.keys(fields).join(', ') || 'none'}` };
        continue;
      }
      yield fromFields(row, fields, opts);
    }
  }
}
