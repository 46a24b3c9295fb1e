// The durable outbox (telemetry_outbox) and the export's persisted state (telemetry_state): spans wait here until
// the backend accepts them, so a restart or an offline week loses nothing; cursors advance in the same transaction
// that queues the spans built from what they passed.
import type { Db } from '../db/database';
import { immediate } from '../db/database';
import type { SpanRecord } from './spans';

/** Oldest spans are dropped beyond this (and counted), so an endpoint that never comes back cannot fill the disk. */
export const OUTBOX_CAP = 500_000;

export interface QueuedSpan {
  id: number;
  span: SpanRecord;
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
    this.insertStmt = db.prepare('INSERT INTO telemetry_outbox (created_at, span) VALUES (?, ?)');
    this.peekStmt = db.prepare<[number], { id: number; span: string }>(
      'SELECT id, span FROM telemetry_outbox ORDER BY id LIMIT ?',
    );
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

  /** Queues spans and moves cursors in one transaction; drops the oldest spans beyond the cap. */
  enqueue(spans: readonly SpanRecord[], now: number, state: Record<string, unknown>): void {
    immediate(this.db, () => {
      for (const s of spans) this.insertStmt.run(now, JSON.stringify(s));
      for (const [k, v] of Object.entries(state)) this.setStateStmt.run(k, JSON.stringify(v));
      const over = this.backlog() - this.cap;
      if (over > 0) {
        const cut = this.peekStmt.all(over).at(-1)!.id;
        this.deleteUpToStmt.run(cut);
        this.setStateStmt.run('dropped', JSON.stringify(this.state('dropped', 0) + over));
      }
    });
  }

  /** The oldest queued spans, in order. */
  peek(limit: number): QueuedSpan[] {
    return this.peekStmt.all(limit).map((r) => ({ id: r.id, span: JSON.parse(r.span) as SpanRecord }));
  }

  /** Removes everything up to and including `id` (a batch the backend accepted) and records state in one go. */
  acknowledge(id: number, state: Record<string, unknown>): void {
    immediate(this.db, () => {
      this.deleteUpToStmt.run(id);
      for (const [k, v] of Object.entries(state)) this.setStateStmt.run(k, JSON.stringify(v));
    });
  }

  backlog(): number {
    return this.countStmt.get()!.n;
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

  /** Forgets every queued span (the user discarded the backlog). */
  clear(): number {
    return Number(this.clearStmt.run().changes);
  }
}
