// Ledger rows and budget settlements are written just after the call returns, not on its response path
// (gateways.md §6.2: "log write off the response path"). setImmediate runs after the caller's continuation and
// I/O polling, so a SQLite commit (and an occasional WAL checkpoint) overlaps the next request's network wait
// instead of delaying this response. Writes keep their order; a failing write is logged and never blocks others.
// All writes of one drain share one transaction when a `batch` runner is given: one commit (one WAL append) for
// every call that finished since the last drain instead of one or more per call. With a window, the calls that
// finish within a few milliseconds of each other share that commit too (the commit, not the SQL, is the cost).
import type { Logger } from '../core/logger';

/** Deferred writes of many calls share one commit; this many are written at once without waiting for the window. */
const MAX_BATCH = 256;

export class WriteQueue {
  private pending: Array<{ write: () => void; what: string }> = [];
  private scheduled: { kind: 'timer'; handle: NodeJS.Timeout } | { kind: 'immediate' } | null = null;
  private idleWaiters: Array<() => void> = [];

  /**
   * `batch` runs a drain's writes in one transaction; `windowMs` (only with `batch`) lets the writes of the calls
   * that finish within it gather before that one commit. Until then a call's reservation stays held: stricter.
   */
  constructor(
    private readonly logger: Logger,
    private readonly batch?: (writes: () => void) => void,
    private readonly windowMs = 0,
  ) {}

  /** `what` names the write in the log if it fails. */
  push(write: () => void, what: string): void {
    this.pending.push({ write, what });
    if (this.pending.length >= MAX_BATCH) this.drainSoon();
    else if (!this.scheduled) {
      if (this.batch && this.windowMs > 0)
        this.scheduled = { kind: 'timer', handle: setTimeout(() => this.drain(), this.windowMs) };
      else this.drainSoon();
    }
  }

  /** Resolves once everything queued so far is written (tests, shutdown); does not wait out the window. */
  flush(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    this.drainSoon();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drainSoon(): void {
    if (this.scheduled?.kind === 'immediate') return;
    if (this.scheduled?.kind === 'timer') clearTimeout(this.scheduled.handle);
    this.scheduled = { kind: 'immediate' };
    setImmediate(() => this.drain());
  }

  private drain(): void {
    try {
      if (this.batch) this.batch(() => this.writeAll());
      else this.writeAll();
    } catch (e) {
      // The batch's own BEGIN or COMMIT failed (disk full): its rows stay in flight and are settled at next start.
      this.logger.error('gateway: deferred ledger writes failed to commit', e);
    }
    this.pending = [];
    this.scheduled = null;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private writeAll(): void {
    // Writes queued while draining run in this same pass. Each write that fails is rolled back alone (its own
    // transaction nests as a savepoint) and logged; the others still commit.
    for (const { write, what } of this.pending) {
      try {
        write();
      } catch (e) {
        this.logger.error(`gateway: ${what} failed`, e);
      }
    }
  }
}
