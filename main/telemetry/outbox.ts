// The durable outbox (telemetry_outbox) and the export's persisted state (telemetry_state): what is still to be
// sent waits here (by reference: an attempt, a cost change or a job) until the backend accepts its span, so a
// restart or an offline week loses nothing; cursors advance in the same transaction that queues what they passed.
import type { Db } from '../db/database';
import { immediate } from '../db/database';

/** Oldest entries are dropped beyond this (and counted), so an endpoint that never comes back cannot fill the disk. */
export const OUTBOX_CAP = 500_000;

export type OutboxKind = 'attempt' | 'cost_change' | 'job';

export interface OutboxEntry {
  kind: OutboxKind;
  /** calls.id or call_cost_history.id (as text), or jobs.id. */
  ref: string;
}

export interface QueuedEntry extends OutboxEntry {
  id: number;
}

export class Outbox {
  private readonly insertStmt;
  private readonly peekStmt;
  private readonly countStmt;
  private readonly oldestStmt;
  private readonly deleteUpToStmt;
  private readonly getStateStmt;
  private readonly setStateStmt;
  private readonly deleteStateStmt;
  private readonly clearStmt;

  constructor(
    private readonly db: Db,
    private readonly cap = OUTBOX_CAP,
  ) {
    this.insertStmt = db.prepare('INSERT INTO telemetry_outbox (created_at, kind, ref) VALUES (?, ?, ?)');
    this.peekStmt = db.prepare<[number], QueuedEntry>('SELECT id, kind, ref FROM telemetry_outbox ORDER BY id LIMIT ?');
    this.countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM telemetry_outbox');
    this.oldestStmt = db.prepare<[], { created_at: number }>(
      'SELECT created_at FROM telemetry_outbox ORDER BY id LIMIT 1',
    );
    this.deleteUpToStmt = db.prepare('DELETE FROM telemetry_outbox WHERE id <= ?');
    this.getStateStmt = db.prepare<[string], { value: string }>('SELECT value FROM telemetry_state WHERE key = ?');
    this.setStateStmt = db.prepare(
      'INSERT INTO telemetry_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStateStmt = db.prepare('DELETE FROM telemetry_state WHERE key = ?');
    this.clearStmt = db.prepare('DELETE FROM telemetry_outbox');
  }

  /** Queues entries and moves cursors in one transaction; drops the oldest entries beyond the cap. */
  enqueue(entries: readonly OutboxEntry[], now: number, state: Record<string, unknown>): void {
    immediate(this.db, () => {
      for (const e of entries) this.insertStmt.run(now, e.kind, e.ref);
      for (const [k, v] of Object.entries(state)) this.setStateStmt.run(k, JSON.stringify(v));
      const over = this.backlog() - this.cap;
      const cut = over > 0 ? this.peekStmt.all(over).at(-1) : undefined;
      if (cut) {
        this.deleteUpToStmt.run(cut.id);
        this.setStateStmt.run('dropped', JSON.stringify(this.state('dropped', 0) + over));
      }
    });
  }

  /** The oldest queued entries, in order. */
  peek(limit: number): QueuedEntry[] {
    return this.peekStmt.all(limit);
  }

  /** Removes everything up to and including `id` (a batch the backend accepted) and records state in one go. */
  acknowledge(id: number, state: Record<string, unknown>): void {
    immediate(this.db, () => {
      this.deleteUpToStmt.run(id);
      for (const [k, v] of Object.entries(state)) this.setStateStmt.run(k, JSON.stringify(v));
    });
  }

  backlog(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  /** When the oldest waiting span was queued (epoch ms), or null when the outbox is empty. */
  oldestQueuedAt(): number | null {
    return this.oldestStmt.get()?.created_at ?? null;
  }

  state<T>(key: string, fallback: T): T {
    const row = this.getStateStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  setState(values: Record<string, unknown>): void {
    immediate(this.db, () => {
      for (const [k, v] of Object.entries(values)) {
        if (v === undefined) this.deleteStateStmt.run(k);
        else this.setStateStmt.run(k, JSON.stringify(v));
      }
    });
  }

  /** Forgets everything queued (the user discarded the backlog). */
  clear(): number {
    return Number(this.clearStmt.run().changes);
  }
}
