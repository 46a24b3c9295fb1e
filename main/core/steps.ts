// Long reads split into steps: a generator `yield`s where other work (IPC, timers, the gateway) may run.
// Driven to the end at once where nothing else waits (scripts, tests), or with a turn of the event loop
// between steps where the app serves requests, so no single step blocks it for long.

export type Steps<T> = Generator<void, T, void>;

/** Runs every step now and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Lets queued I/O and timers run before the next step. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the steps with `between()` awaited after each one. */
export async function runStepsYielding<T>(steps: Steps<T>, between: () => Promise<void> = nextTurn): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await between();
  }
}
