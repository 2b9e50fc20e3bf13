/** An output file: written to a temp name and renamed when complete; gzip-compressed when the name ends in .gz. */
import { createWriteStream, renameSync, unlinkSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fsProblem, UserError } from './errors.js';
import { isDirectory } from './open-input.js';

/** `close` renames the finished file into place; `abort` removes it, so a failed run leaves no partial output. */
export async function openOutput(path: string): Promise<{ stream: Writable; close: () => Promise<void>; abort: () => void }> {
  if (isDirectory(path)) throw new UserError(`${path}: cannot write: is a directory; give a file name`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const file = createWriteStream(tmp);
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (e) => reject(new UserError(`${path}: cannot write: ${fsProblem(e)}`)));
  });
  const gz = path.toLowerCase().endsWith('.gz') ? createGzip() : undefined;
  if (gz) gz.pipe(file);
  const stream: Writable = gz ?? file;
  return {
    stream,
    abort: () => {
      stream.destroy();
      file.destroy();
      try {
        unlinkSync(tmp);
      } catch {
        /* gone already */
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        file.once('close', () => {
          try {
            renameSync(tmp, path);
            resolve();
          } catch (e) {
            reject(new UserError(`${path}: cannot write: ${fsProblem(e)}`));
          }
        });
        file.once('error', (e) => {
          try {
            unlinkSync(tmp);
          } catch {
            /* gone already */
          }
          reject(new UserError(`${path}: cannot write: ${fsProblem(e)}`));
        });
        stream.end();
      }),
  };
}
