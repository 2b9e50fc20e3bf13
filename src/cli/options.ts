/** Numeric command-line options: parsed and range-checked, a usage error (exit 2) naming the flag otherwise. */
import { UsageError } from '../io/errors.js';

/** An integer in [min, max], or undefined when the option was not given. */
export function intOption(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: expected an integer ${min}–${max}; found "${v}"`);
  return n;
}

/** A finite number in [min, max], or undefined when the option was not given. */
export function numOption(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag}: expected a number ${min}–${max}; found "${v}"`);
  return n;
}
