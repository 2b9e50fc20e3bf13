import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsProblem, UserError } from './errors.js';
import { isDirectory } from './open-input.js';

/** Write a whole file atomically (temp file, then rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (isDirectory(path)) throw new UserError(`${path}: cannot write: is a directory; give a file name`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new UserError(`${path}: cannot write: ${fsProblem(e)}`);
  }
}
