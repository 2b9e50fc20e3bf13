/**
 * Heap sizing for batch scoring: the scoring thread's young generation, and the old generation's growth.
 *
 * Young generation. V8 doubles a thread's new space whenever enough objects survive its scavenges, up to
 * 2 × 16 MB on the main thread of a 64-bit Node; scoring (short-lived strings and arrays, plus a batch or two
 * in flight) gets it there within the first thousand rows, and it stays resident to the end; half of it costs
 * a little more scavenging for a lower peak RSS (bench/RESULTS.md, "Figures behind source comments").
 *
 * Node fixes the main thread's limit when it starts (`--max-semi-space-size` on its command line, which a
 * `bin` script cannot pass portably). What it does read at run time is the growth factor, at each growth:
 * `NewSpaceCap` sets it to 1 while this thread's new space is at or above the cap and back to V8's 2 when it
 * is below (V8 shrinks new space when allocation goes quiet, e.g. a slow stdin), checking every few rows.
 * The flag is process-wide: worker threads are therefore started at their full young-generation size
 * (`startWorkersAtFullYoungGeneration`), so freezing growth never leaves them small.
 *
 * Old generation: `pinOldGenerationGrowth`, below.
 */
import v8 from 'node:v8';

/** The main thread's new space (both semi-spaces) stops growing at this size. */
export const MAIN_NEW_SPACE_BYTES = 16 << 20;
const DEFAULT_GROWTH = 2; // V8's default --semi-space-growth-factor
const ROWS_PER_CHECK = 32; // checks stay rare next to scoring, yet come several times between scavenges

/**
 * V8 prints "Error: unrecognized flag" on stderr for a flag it does not know, so the flags here are used only on
 * the V8 they were verified on (11.x, Node 20); elsewhere V8's own sizing stays.
 */
export const HEAP_FLAGS_VERIFIED = /^11\./.test(process.versions.v8);

let growthFrozen = false;

function setGrowth(frozen: boolean): void {
  // Freezing is asserted at every check, not only on a change: V8 sets the factor back to 2 whenever an isolate
  // is created (a worker thread started mid-run), and this thread's new space then doubled past its cap (a
  // piped Thai dump: 16.8 → 33.6 MB as the worker started). Each call costs ~3 µs, once per 32 rows.
  if ((frozen === growthFrozen && !frozen) || !HEAP_FLAGS_VERIFIED) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${frozen ? 1 : DEFAULT_GROWTH}`);
  growthFrozen = frozen;
}

/** This thread's new-space capacity (both semi-spaces), in bytes. */
export function newSpaceBytes(): number {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_size;
  return 0;
}

/** Keeps this thread's new space at or below `capBytes` once it gets there: call `row()` after each scored row. */
export class NewSpaceCap {
  private rows = 0;
  constructor(private readonly capBytes = MAIN_NEW_SPACE_BYTES) {}

  row(): void {
    if (++this.rows < ROWS_PER_CHECK) return;
    this.rows = 0;
    this.check();
  }

  check(): void {
    setGrowth(newSpaceBytes() >= this.capBytes);
  }

  /** Leave V8's default behind (the process may go on to other work, e.g. in tests). */
  release(): void {
    setGrowth(false);
  }
}

/**
 * Worker threads created from now on start at their full young-generation size (`resourceLimits` caps it).
 * V8 reads the minimum as each worker sets up its heap, so call the returned function only once they are
 * running. Does not change threads already running (this one's size was fixed when it started).
 */
export function startWorkersAtFullYoungGeneration(): () => void {
  if (!HEAP_FLAGS_VERIFIED) return () => {};
  v8.setFlagsFromString('--min-semi-space-size=16'); // clamped to each worker's own maximum
  return () => v8.setFlagsFromString('--min-semi-space-size=0');
}

/**
 * Old generation: after each full collection V8 sets the next limit at the live size times a factor it derives
 * from measured collection and allocation speeds; at the first full collection, with no speed measured yet, it
 * takes its maximum, which lets the old generation balloon and makes peak RSS depend on when that collection
 * falls (bench/RESULTS.md, "Figures behind source comments"). `--heap-growing-percent` fixes the factor (V8
 * reads it at each limit) at the 10 % V8 settles on anyway. Returns the function that restores V8's own choice.
 */
export function pinOldGenerationGrowth(): () => void {
  if (!HEAP_FLAGS_VERIFIED) return () => {};
  v8.setFlagsFromString('--heap-growing-percent=10');
  return () => v8.setFlagsFromString('--heap-growing-percent=0');
}
