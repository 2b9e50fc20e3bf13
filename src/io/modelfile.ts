/** Model file I/O: read and validate, write atomically (temp file in the same folder, then rename). */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelFormatError, parseModel, serializeModel, type Model } from '../model/format.js';
import { fsProblem, UserError } from './errors.js';
import { writeFileAtomic } from './textfile.js';

/** The shipped default model, relative to the installed package. `SCAMSCAN_MODEL` overrides it. */
export function defaultModelPath(): string {
  return process.env.SCAMSCAN_MODEL || fileURLToPath(new URL('../../models/default.model', import.meta.url));
}

/** Model files larger than this are refused before reading (a hostile or wrong file). */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** Read and validate a model file (`shared`: weights in SharedArrayBuffers, for posting to worker threads). */
export function readModel(path: string = defaultModelPath(), opts: { shared?: boolean } = {}): Model {
  let bytes: Uint8Array;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${path}: cannot read model: not a file`);
    if (st.size > MAX_MODEL_BYTES) throw new UserError(`${path}: cannot read model: ${st.size} bytes is more than the ${MAX_MODEL_BYTES} a model may have`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`${path}: cannot read model: ${fsProblem(err)}`);
  }
  try {
    return parseModel(bytes, opts);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
}

export function writeModel(model: Model, path: string): void {
  writeFileAtomic(path, serializeModel(model));
}
