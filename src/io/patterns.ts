/** Reading the scam-type lexicons shipped in `src/patterns/<lang>.json` (used by `train`; scoring reads the copy in the model). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalizePatterns, parsePatternFile, type Pattern } from '../patterns/index.js';
import { fsProblem, UserError } from './errors.js';

/** The lexicon folder of the source tree (the same folder from `src/io` under jest and from `dist/io`). */
export function defaultPatternDir(): string {
  return fileURLToPath(new URL('../../src/patterns/', import.meta.url));
}

/** Every `*.json` lexicon in `dir`, in file-name order, validated and with canonical terms; one line naming the file and field on error. */
export function readPatterns(dir: string = defaultPatternDir()): Pattern[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new UserError(`${dir}: cannot read pattern folder: ${fsProblem(e)}`);
  }
  const out: Pattern[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    const path = join(dir, f);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new UserError(`${path}: expected a JSON pattern file, found ${(e as Error).message}`);
    }
    let file;
    try {
      file = parsePatternFile(raw, path);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    for (const p of file.patterns) {
      if (ids.has(p.id)) throw new UserError(`${path}: pattern id ${p.id} is also used in another file`);
      ids.add(p.id);
      out.push(p);
    }
  }
  return canonicalizePatterns(out);
}
