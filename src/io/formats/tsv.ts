/** TSV input: a header row, then one row per line, cells split at tabs (no quoting). */
import type { BadLine } from '../lines.js';
import { badLine, checkColumns, fromFields, type InputRecord, type ReadOptions } from '../input-record.js';
import { UserError } from '../errors.js';

export async function* readTsv(lines: AsyncIterable<Array<string | BadLine>>, opts: ReadOptions, where: string): AsyncGenerator<InputRecord> {
  let header: string[] | undefined;
  let row = 0;
  for await (const batch of lines) {
    for (const line of batch) {
      if (!header) {
        if (typeof line !== 'string') throw new UserError(`${where}: header row: ${line.problem}`);
        header = line.split('\t');
        checkColumns(header, opts, where);
        continue;
      }
      row++;
      if (typeof line !== 'string') {
        yield badLine(row, line);
        continue;
      }
      const cells = line.split('\t');
      const fields: Record<string, string> = Object.create(null);
      for (let i = 0; i < header.length; i++) fields[header[i]] = cells[i] ?? '';
      if (cells.length !== header.length) {
        const id = fields[opts.idColumn ?? 'id'] || String(row);
        yield { row, id, fields, error: `row ${row}: expected ${header.length} tab-separated fields, found ${cells.length}` };
        continue;
      }
      yield fromFields(row, fields, opts);
    }
  }
  if (!header) checkColumns([], opts, where);
}
