/**
 * `s` as a string of its own. V8 keeps a slice of 13 or more characters as a view of the string it was cut from,
 * and readers cut messages out of large decoded chunks: anything kept past its message (a cache key, a
 * campaign's representative) would keep the whole chunk alive, and memory would grow with the rows read
 * (bench/RESULTS.md, 2026-12-06).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
