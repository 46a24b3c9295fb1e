// Ledger rows and budget settlements are written just after the call returns, not on its response path
// (gateways.md §6.2: "log write off the response path"). setImmediate runs after the caller's continuation and
// I/O polling, so a SQLite commit (and an occasional WAL checkpoint) overlaps the next request's network wait
// instead of delaying this response. Writes keep their order; a failing write is logged and never blocks others.
// All writes of one drain share one transaction when a `batch` runner is given: one commit (one WAL append) for
// every call that finished since the last drain instead of one or more per call.
import type { Logger } from '../core/logger';

export class WriteQueue {
  private pending: Array<{ write: () => void; what: string }> = [];
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly batch?: (writes: () => void) => void,
  ) {}

  /** `what` names the write in the log if it fails. */
  push(write: () => void, what: string): void {
    this.pending.push({ write, what });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Resolves once everything queued so far is written (tests, shutdown). */
  flush(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
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
    this.scheduled = false;
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
