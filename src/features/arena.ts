/**
 * Typed arrays for per-message results (feature buckets and spans, the sparse vector), carved out of shared
 * 256 KB blocks instead of each getting its own memory. A typed array of more than 64 bytes gets a separate
 * backing store, which V8 allocates, tracks and frees with other threads involved (its array-buffer sweeper),
 * several times the cost of a view into a block (figures in bench/RESULTS.md, "Figures behind source comments").
 * A block is freed with the last array that uses it.
 *
 * The arrays behave as freshly allocated ones (zero-filled, never shared with another array); only their
 * `.buffer` is the block, so nothing may transfer or resize it (nothing does).
 */
const BLOCK_BYTES = 1 << 18;
/** Larger arrays get their own buffer (a long post's features; rare), so one cannot waste most of a block. */
const OWN_BUFFER_BYTES = BLOCK_BYTES >> 3;

let block = new ArrayBuffer(BLOCK_BYTES);
let used = 0;

/** Room for `bytes` bytes, 8-byte aligned: [buffer, byte offset]. */
function take(bytes: number): [ArrayBuffer, number] {
  const size = (bytes + 7) & ~7;
  if (size > OWN_BUFFER_BYTES) return [new ArrayBuffer(size), 0];
  if (used + size > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    used = 0;
  }
  const at = used;
  used += size;
  return [block, at];
}

export function u32(n: number): Uint32Array {
  const [b, at] = take(4 * n);
  return new Uint32Array(b, at, n);
}

export function i32(n: number): Int32Array {
  const [b, at] = take(4 * n);
  return new Int32Array(b, at, n);
}

export function f32(n: number): Float32Array {
  const [b, at] = take(4 * n);
  return new Float32Array(b, at, n);
}

/** Below this many elements an element loop copies faster than `set` (which needs a `subarray` view). */
const LOOP_COPY = 32;

/** The first `n` elements of `src`, copied. */
export function copyU32(src: Uint32Array, n: number): Uint32Array {
  const a = u32(n);
  if (n > LOOP_COPY) a.set(src.subarray(0, n));
  else for (let i = 0; i < n; i++) a[i] = src[i];
  return a;
}

export function copyI32(src: Int32Array, n: number): Int32Array {
  const a = i32(n);
  if (n > LOOP_COPY) a.set(src.subarray(0, n));
  else for (let i = 0; i < n; i++) a[i] = src[i];
  return a;
}
