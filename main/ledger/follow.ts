// Read side for consumers that follow the ledger in order after the fact (telemetry export): ids of attempts and
// cost changes by ascending row id (a follower keeps one integer cursor and never touches the write path), and each
// row as it stands when the follower gets to it.
import type { Db } from '../db/database';
import type { CostSource, Nanos, Units } from '../gateway/types';
import { FLAG_ESTIMATED, FLAG_FREE, FLAG_IN_FLIGHT } from './ledger';
import { ProfileStore } from './profiles';
import { unitsFromRow } from './units';

/** One ledger attempt with its profile, as a follower sees it. */
export interface FollowedAttempt {
  rowId: number;
  callId: string;
  attempt: number;
  ts: number;
  latencyMs: number;
  provider: string;
  operation: string;
  endpoint: string;
  method: string;
  model: string | null;
  status: number | null;
  errorCode: string | null;
  /** Already redacted by the ledger. */
  errorMessage: string | null;
  units: Units;
  costNanos: Nanos | null;
  costSource: CostSource;
  priceVersion: string | null;
  estimated: boolean;
  free: boolean;
  providerRequestId: string | null;
  jobId: string | null;
  contentId: string | null;
  requestBytes: number | null;
  responseBytes: number;
}

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

interface AttemptDbRow extends Record<string, unknown> {
  id: number;
  profile_id: number;
  call_id: string;
  attempt: number;
  ts: number;
  latency_ms: number;
  status: number | null;
  error_code: string | null;
  error_message: string | null;
  cost_nanos: number | null;
  cost_source: CostSource;
  price_version: string | null;
  flags: number;
  provider_request_id: string | null;
  job_id: string | null;
  content_id: string | null;
  request_bytes: number | null;
  response_bytes: number;
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
    this.attemptStmt = db.prepare<[number], AttemptDbRow>('SELECT * FROM calls WHERE id = ?');
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

  private toAttempt(r: AttemptDbRow): FollowedAttempt {
    const p = this.profiles.get(r.profile_id);
    return {
      rowId: r.id,
      callId: r.call_id,
      attempt: r.attempt,
      ts: r.ts,
      latencyMs: r.latency_ms,
      provider: p?.provider ?? 'unknown',
      operation: p?.operation ?? 'unknown',
      endpoint: p?.endpoint ?? '',
      method: p?.method ?? '',
      model: p?.model ?? null,
      status: r.status,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      units: unitsFromRow(r),
      costNanos: r.cost_nanos,
      costSource: r.cost_source,
      priceVersion: r.price_version,
      estimated: (r.flags & FLAG_ESTIMATED) !== 0,
      free: (r.flags & FLAG_FREE) !== 0,
      providerRequestId: r.provider_request_id,
      jobId: r.job_id,
      contentId: r.content_id,
      requestBytes: r.request_bytes,
      responseBytes: r.response_bytes,
    };
  }
}
