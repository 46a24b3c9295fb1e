// Read side for consumers that follow the ledger in order after the fact (telemetry export): ids of attempts and
// cost changes by ascending row id (a follower keeps one integer cursor and never touches the write path), and each
// row as it stands when the follower gets to it.
import type { CallRow } from '../../preload/contract/ledger';
import type { Db } from '../db/database';
import type { CostSource, Nanos } from '../gateway/types';
import { toCallRow, type CallRowDb } from './call-queries';
import { FLAG_IN_FLIGHT } from './ledger';
import { ProfileStore } from './profiles';

/**
 * One ledger attempt with its profile, as a follower sees it: the call log's row (toCallRow, the one mapping of
 * a calls row), with the ledger row id as `rowId` and the time as epoch ms. The error message is already redacted.
 */
export type FollowedAttempt = Omit<CallRow, 'ts'> & { rowId: number; ts: number };

/** One committed cost change (late settlement or re-pricing) of an attempt. */
export interface FollowedCostChange {
  historyId: number;
  changedAt: number;
  reason: 'settlement' | 'reprice';
  oldCostNanos: Nanos | null;
  oldCostSource: CostSource;
  /** The attempt as it stands now (final units, current cost). */
  attempt: FollowedAttempt;
}

export interface ProviderTotal {
  provider: string;
  calls: number;
  attempts: number;
  errors: number;
  costNanos: Nanos;
}

export class LedgerFollower {
  private readonly profiles: ProfileStore;
  private readonly attemptIdsStmt;
  private readonly changeIdsStmt;
  private readonly attemptStmt;
  private readonly changeStmt;
  private readonly lastIdsStmt;
  private readonly totalsStmt;

  constructor(db: Db) {
    this.profiles = new ProfileStore(db);
    // Stops before the oldest write-ahead row still in flight: a follower sees each attempt once, completed.
    this.attemptIdsStmt = db
      .prepare<{ after: number; limit: number }, number>(
        `SELECT id FROM calls WHERE id > @after
           AND id < COALESCE((SELECT MIN(id) FROM calls WHERE (flags & ${FLAG_IN_FLIGHT}) != 0 AND id > @after), ${Number.MAX_SAFE_INTEGER})
         ORDER BY id LIMIT @limit`,
      )
      .pluck();
    this.changeIdsStmt = db
      .prepare<[number, number], number>('SELECT id FROM call_cost_history WHERE id > ? ORDER BY id LIMIT ?')
      .pluck();
    this.attemptStmt = db.prepare<[number], CallRowDb>('SELECT * FROM calls WHERE id = ?');
    this.changeStmt = db.prepare<
      [number],
      {
        id: number;
        call_row_id: number;
        changed_at: number;
        reason: 'settlement' | 'reprice';
        old_cost_nanos: number | null;
        old_cost_source: CostSource;
      }
    >(
      'SELECT id, call_row_id, changed_at, reason, old_cost_nanos, old_cost_source FROM call_cost_history WHERE id = ?',
    );
    this.lastIdsStmt = db.prepare<[], { calls: number; changes: number }>(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM calls) AS calls,
              (SELECT COALESCE(MAX(id), 0) FROM call_cost_history) AS changes`,
    );
    this.totalsStmt = db.prepare<[number], ProviderTotal>(
      `SELECT provider, SUM(calls) AS calls, SUM(attempts) AS attempts, SUM(errors) AS errors,
              SUM(cost_nanos) AS costNanos
       FROM call_rollups_provider_hourly WHERE hour >= ? GROUP BY provider ORDER BY provider`,
    );
  }

  /**
   * Ids of the completed attempts written after `afterRowId`, oldest first (a primary-key range: cheap). A row still
   * in flight (its request not yet answered) ends the range until it completes, so later rows wait behind it.
   */
  attemptIdsAfter(afterRowId: number, limit: number): number[] {
    return this.attemptIdsStmt.all({ after: afterRowId, limit });
  }

  /** Ids of the cost changes committed after `afterHistoryId`, oldest first. */
  costChangeIdsAfter(afterHistoryId: number, limit: number): number[] {
    return this.changeIdsStmt.all(afterHistoryId, limit);
  }

  /** One attempt as it stands now, or null when there is no such row. */
  attempt(rowId: number): FollowedAttempt | null {
    const row = this.attemptStmt.get(rowId);
    return row ? this.toAttempt(row) : null;
  }

  /** One cost change with its attempt as it stands now (final units, current cost), or null. */
  costChange(historyId: number): FollowedCostChange | null {
    const c = this.changeStmt.get(historyId);
    const attempt = c ? this.attempt(c.call_row_id) : null;
    if (!c || !attempt) return null;
    return {
      historyId: c.id,
      changedAt: c.changed_at,
      reason: c.reason,
      oldCostNanos: c.old_cost_nanos,
      oldCostSource: c.old_cost_source,
      attempt,
    };
  }

  /** The newest attempt and cost-change ids: where a follower that starts now begins. */
  lastIds(): { attempts: number; costChanges: number } {
    const r = this.lastIdsStmt.get();
    return { attempts: r?.calls ?? 0, costChanges: r?.changes ?? 0 };
  }

  /** Calls, attempts, errors and priced cost per provider from the hourly rollups, from `sinceHour` (UTC) on. */
  providerTotalsSince(sinceHour: number): ProviderTotal[] {
    return this.totalsStmt.all(sinceHour);
  }

  private toAttempt(r: CallRowDb): FollowedAttempt {
    return { ...toCallRow(r, this.profiles.get(r.profile_id)), rowId: r.id, ts: r.ts };
  }
}
