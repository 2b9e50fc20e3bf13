/** Reading the behavioural suite: every `*.jsonl` file in a folder (default: the shipped `data/suite/`). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { describeIssue } from '../patterns/index.js';
import { createHash } from 'node:crypto';
import { halfOf, SUITE_FORMS, SUITE_TESTS, type SuiteCase } from '../suite.js';
import type { LabeledRow } from '../model/train.js';
import type { CorpusInfo } from '../model/format.js';
import { UserError } from './errors.js';

export function defaultSuiteDir(): string {
  return fileURLToPath(new URL('../../data/suite/', import.meta.url));
}

const text = v.pipe(v.string(), v.minLength(1), v.maxLength(5000));
const caseSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  form: v.picklist(SUITE_FORMS),
  test: v.picklist(SUITE_TESTS),
  capability: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  text,
  variant: v.optional(text),
});

/** Every case of every `*.jsonl` file in `dir`, in file-name and line order; one line naming file, line and field on error. */
export function readSuite(dir: string = defaultSuiteDir()): SuiteCase[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (e) {
    throw new UserError(`${dir}: cannot read suite folder: ${(e as Error).message}`);
  }
  if (files.length === 0) throw new UserError(`${dir}: expected *.jsonl suite files, found none`);
  const out: SuiteCase[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    const path = join(dir, f);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${path}:${i + 1}`;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new UserError(`${where}: expected a JSON object, found ${(e as Error).message}`);
      }
      const r = v.safeParse(caseSchema, raw);
      if (!r.success) throw new UserError(`${where}: ${describeIssue(r.issues)}`);
      const c = r.output;
      const needsVariant = c.test === 'inv' || c.test === 'dir';
      if (needsVariant !== (c.variant !== undefined)) throw new UserError(`${where}: expected "variant" ${needsVariant ? 'for' : 'only for inv/dir, not for'} a ${c.test} case`);
      if (ids.has(c.id)) throw new UserError(`${where}: case id ${c.id} is used twice`);
      ids.add(c.id);
      out.push(c);
    });
  }
  return out;
}

/**
 * The `flag` and `pass` cases of the suite's dev half as auxiliary training rows (scam / ham) of weight `weight`,
 * with a corpus record for the model file; the held-out half is never returned.
 */
export function suiteTrainingRows(dir: string | undefined, weight: number): { rows: LabeledRow[]; info: CorpusInfo } {
  const dev = readSuite(dir).filter((c) => halfOf(c.id) === 'dev' && (c.test === 'flag' || c.test === 'pass'));
  const hash = createHash('sha256');
  const rows: LabeledRow[] = dev.map((c) => {
    hash.update(`${c.id}\t${c.test}\t${c.text}\n`);
    return { text: c.text, y: c.test === 'flag' ? 1 : 0, corpus: 'suite-dev', quality: 'hand-written', auxiliary: { weight } };
  });
  return { rows, info: { name: 'suite-dev', rows: rows.length, used: rows.length, sha256: hash.digest('hex') } };
}
