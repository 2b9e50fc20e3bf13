/** What to undo when a run is cut short by a signal or a closed stdout: temp output files, the terminal's state. */

const pending = new Set<() => void>();

/** Register an undo step; the returned function forgets it (call it once the work is done). */
export function onInterrupt(undo: () => void): () => void {
  pending.add(undo);
  return () => {
    pending.delete(undo);
  };
}

/** Run every registered undo step, newest first; one that fails does not stop the others. */
export function undoPending(): void {
  const steps = [...pending].reverse();
  pending.clear();
  for (const step of steps) {
    try {
      step();
    } catch {
      // best effort: the process is about to exit
    }
  }
}

/** Exit codes for a signal, as shells report them (128 + the signal's number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
