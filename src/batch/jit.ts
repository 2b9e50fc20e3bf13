/**
 * Optimizing-compiler budget for batch scoring. In a dump of tens of thousands of rows, most of the CPU time
 * beyond scoring itself goes to TurboFan: counted with valgrind on 20,000 Chinese rows on one thread, 42 % of
 * all instructions were TurboFan compiling, as hot functions are compiled, deoptimized by a message of a new
 * shape and compiled again. V8 lets it inline up to 920 bytes of bytecode into each optimized function; at 300
 * each compile is smaller and the code it makes runs about as fast (bench/RESULTS.md, "2026-12-07, later").
 *
 * Set at run time, after the CLI bundle was compiled from its code cache (a flag on the command line would make
 * V8 refuse the cache), and only on the V8 it was measured on (see src/batch/heap.ts for why).
 */
import v8 from 'node:v8';
import { HEAP_FLAGS_VERIFIED } from './heap.js';

const DEFAULT_CUMULATIVE = 920; // V8 11's --max-inlined-bytecode-size-cumulative
const BATCH_CUMULATIVE = 300;

/** Smaller inlining budget from now on (process-wide, workers included); returns the function restoring V8's. */
export function limitInlining(): () => void {
  if (!HEAP_FLAGS_VERIFIED) return () => {};
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${BATCH_CUMULATIVE}`);
  return () => v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${DEFAULT_CUMULATIVE}`);
}
