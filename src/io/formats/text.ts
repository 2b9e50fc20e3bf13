/** Plain text input: one message per line. */
import type { BadLine } from '../lines.js';
import { badLine, checkText, type InputRecord } from '../input-record.js';

export async function* readText(lines: AsyncIterable<Array<string | BadLine>>): AsyncGenerator<InputRecord> {
  let row = 0;
  for await (const batch of lines) {
    for (const line of batch) {
      row++;
      yield typeof line === 'string' ? checkText(row, String(row), line) : badLine(row, line);
    }
  }
}
