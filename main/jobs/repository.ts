// SQL for the jobs table. All writes are single statements or BEGIN IMMEDIATE transactions, so two
// workers on one database file could never claim the same job.
import { randomUUID } from 'node:crypto';
import type { Job, JobState } from '../../preload/contract/jobs';
import { immediate, type Db } from '../db/database';
import type { Checkpoint, EnqueueRequest } from './types';

interface JobRow {
  id: string;
  kind: string;
  state: JobState;
  priority: number;
  progress: number;
  progress_message: string | null;
  attempts: number;
  estimated_cost_nanos: number | null;
  actual_cost_nanos: number | null;
  checkpoint: string;
  input: string;
  output: string | null;
  error_code: string | null;
  error_message: string | null;
  content_id: string | null;
  parent_id: string | null;
  run_after: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    priority: r.priority,
    progress: r.progress,
    progressMessage: r.progress_message,
    attempts: r.attempts,
    estimatedCostNanos: r.estimated_cost_nanos,
    actualCostNanos: r.actual_cost_nanos,
    checkpoint: JSON.parse(r.checkpoint) as Checkpoint,
    input: JSON.parse(r.input) as unknown,
    output: r.output === null ? null : (JSON.parse(r.output) as unknown),
    error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
    contentId: r.content_id,
    parentId: r.parent_id,
    runAfter: r.run_after,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export interface ListFilter {
  states?: JobState[];
  kind?: string;
  contentId?: string;
  parentId?: string;
  limit: number;
}

/** Where a follower of finished jobs stands: the last (finished_at, id) it has seen. */
export interface FinishedCursor {
  finishedAt: string;
  id: string;
}

export type JobRepository = ReturnType<typeof createJobRepository>;

export function createJobRepository(db: Db) {
  const byId = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const finishedAfterStmt = db.prepare<[string, string, string, number], JobRow>(
    `SELECT * FROM jobs WHERE finished_at IS NOT NULL AND (finished_at > ? OR (finished_at = ? AND id > ?))
     ORDER BY finished_at, id LIMIT ?`,
  );
  const insert = db.prepare(`
    INSERT INTO jobs (id, seq, kind, state, priority, estimated_cost_nanos, input, content_id, parent_id, created_at, updated_at)
    VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs), @kind, 'queued', @priority, @estimated, @input, @contentId, @parentId, @now, @now)`);
  // Ready = queued, or waiting whose poll time has come. Highest priority first, then queue order.
  const nextReady = (kinds: readonly string[]) =>
    db.prepare<unknown[], JobRow>(
      `SELECT * FROM jobs
         WHERE kind IN (${kinds.map(() => '?').join(',')})
           AND (state = 'queued' OR (state = 'waiting' AND run_after <= ?))
         ORDER BY priority DESC, seq ASC LIMIT 1`,
    );
  const markRunning = db.prepare(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, run_after = NULL,
       started_at = COALESCE(started_at, @now), updated_at = @now WHERE id = @id AND state IN ('queued', 'waiting')`,
  );
  const nextWake = (kinds: readonly string[]) =>
    db.prepare<unknown[], { run_after: string }>(
      `SELECT run_after FROM jobs WHERE state = 'waiting' AND kind IN (${kinds.map(() => '?').join(',')})
       ORDER BY run_after ASC LIMIT 1`,
    );

  const get = (id: string): Job | null => {
    const r = byId.get(id);
    return r ? toJob(r) : null;
  };
  const mustGet = (id: string): Job => {
    const j = get(id);
    if (!j) throw new Error(`job ${id} vanished`);
    return j;
  };

  return {
    get,
    insert(req: EnqueueRequest, now: Date): Job {
      const id = randomUUID();
      immediate(db, () =>
        insert.run({
          id,
          kind: req.kind,
          priority: req.priority ?? 0,
          estimated: req.estimatedCostNanos ?? null,
          input: JSON.stringify(req.input ?? {}),
          contentId: req.contentId ?? null,
          parentId: req.parentId ?? null,
          now: now.toISOString(),
        }),
      );
      return mustGet(id);
    },

    list(f: ListFilter): Job[] {
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.states?.length) {
        where.push(`state IN (${f.states.map(() => '?').join(',')})`);
        args.push(...f.states);
      }
      for (const [column, value] of [
        ['kind', f.kind],
        ['content_id', f.contentId],
        ['parent_id', f.parentId],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        args.push(value);
      }
      const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return db
        .prepare<unknown[], JobRow>(sql)
        .all(...args, f.limit)
        .map(toJob);
    },

    /** Finished jobs in (finished_at, id) order after `after`: a follower's cursor over completed runs. */
    finishedAfter(after: FinishedCursor | null, limit: number): Job[] {
      return finishedAfterStmt.all(after?.finishedAt ?? '', after?.finishedAt ?? '', after?.id ?? '', limit).map(toJob);
    },

    /** Atomically takes the next ready job of a known kind and marks it running. */
    claimNext(kinds: readonly string[], now: Date): Job | null {
      if (kinds.length === 0) return null;
      return immediate(db, () => {
        const row = nextReady(kinds).get(...kinds, now.toISOString());
        if (!row) return null;
        markRunning.run({ id: row.id, now: now.toISOString() });
        return mustGet(row.id);
      });
    },

    /** Start-up recovery: a job that was running when the app stopped is queued again with its checkpoint. */
    requeueInterrupted(now: Date): number {
      return db
        .prepare(
          `UPDATE jobs SET state = 'queued', progress_message = 'Resuming after restart', updated_at = ? WHERE state = 'running'`,
        )
        .run(now.toISOString()).changes;
    },

    /** When the earliest waiting job (of a kind this worker runs) is due. */
    nextWakeAt(kinds: readonly string[]): Date | null {
      if (kinds.length === 0) return null;
      const r = nextWake(kinds).get(...kinds);
      return r ? new Date(r.run_after) : null;
    },

    saveCheckpoint(id: string, checkpoint: Checkpoint, now: Date): void {
      db.prepare('UPDATE jobs SET checkpoint = ?, updated_at = ? WHERE id = ?').run(
        JSON.stringify(checkpoint),
        now.toISOString(),
        id,
      );
    },

    saveProgress(id: string, progress: number, message: string | null, now: Date): void {
      db.prepare('UPDATE jobs SET progress = ?, progress_message = ?, updated_at = ? WHERE id = ?').run(
        progress,
        message,
        now.toISOString(),
        id,
      );
    },

    addActualCost(id: string, nanos: number, now: Date): void {
      db.prepare(
        'UPDATE jobs SET actual_cost_nanos = COALESCE(actual_cost_nanos, 0) + ?, updated_at = ? WHERE id = ?',
      ).run(nanos, now.toISOString(), id);
    },

    /** A negative delta is allowed here (a settled cost below its reservation); the total stays ≥ 0. */
    adjustActualCost(id: string, deltaNanos: number, now: Date): void {
      db.prepare(
        'UPDATE jobs SET actual_cost_nanos = MAX(0, COALESCE(actual_cost_nanos, 0) + ?), updated_at = ? WHERE id = ?',
      ).run(deltaNanos, now.toISOString(), id);
    },

    /** Brings a waiting job's wake time to now (a child settled, or it was resumed); false when it is not waiting. */
    wakeWaiting(id: string, now: Date): boolean {
      return (
        db
          .prepare(`UPDATE jobs SET run_after = ?, updated_at = ? WHERE id = ? AND state = 'waiting'`)
          .run(now.toISOString(), now.toISOString(), id).changes > 0
      );
    },

    park(id: string, runAfter: Date, message: string | null, now: Date): Job {
      db.prepare(
        `UPDATE jobs SET state = 'waiting', run_after = ?, progress_message = COALESCE(?, progress_message), updated_at = ? WHERE id = ? AND state = 'running'`,
      ).run(runAfter.toISOString(), message, now.toISOString(), id);
      return mustGet(id);
    },

    succeed(id: string, output: unknown, now: Date): Job {
      db.prepare(
        `UPDATE jobs SET state = 'succeeded', progress = 1, output = ?, error_code = NULL, error_message = NULL,
           finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'`,
      ).run(JSON.stringify(output ?? null), now.toISOString(), now.toISOString(), id);
      return mustGet(id);
    },

    fail(id: string, code: string, message: string, now: Date): Job {
      db.prepare(
        `UPDATE jobs SET state = 'failed', progress_message = 'Failed', error_code = ?, error_message = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'`,
      ).run(code, message, now.toISOString(), now.toISOString(), id);
      return mustGet(id);
    },

    /** Cancels a job that has not finished; returns null when it already had. */
    cancel(id: string, now: Date): Job | null {
      const changed = db
        .prepare(
          `UPDATE jobs SET state = 'cancelled', run_after = NULL, progress_message = 'Cancelled', finished_at = ?, updated_at = ?
           WHERE id = ? AND state IN ('queued', 'running', 'waiting')`,
        )
        .run(now.toISOString(), now.toISOString(), id).changes;
      return changed ? mustGet(id) : null;
    },

    /** Queues a failed or cancelled job again; returns null when it is in any other state. */
    requeueForRetry(id: string, resetCheckpoint: boolean, now: Date): Job | null {
      const changed = db
        .prepare(
          `UPDATE jobs SET state = 'queued', progress = 0, progress_message = 'Retry queued', output = NULL,
             error_code = NULL, error_message = NULL, finished_at = NULL, run_after = NULL,
             checkpoint = CASE WHEN ? THEN '{}' ELSE checkpoint END, updated_at = ?
           WHERE id = ? AND state IN ('failed', 'cancelled')`,
        )
        .run(resetCheckpoint ? 1 : 0, now.toISOString(), id).changes;
      return changed ? mustGet(id) : null;
    },
  };
}
