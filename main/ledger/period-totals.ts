// Read side for reconciliation: one provider's raw ledger figures over a window (cost, still-estimated and
// unpriced attempts, unit sums), the billed rows that carry a vendor id, which vendor ids the ledger knows,
// and the settlements already applied. Reads `calls` directly (a window is small; the ts index serves it).
import type { Db } from '../db/database';
import { FLAG_ESTIMATED, FLAG_FREE } from './ledger';

export interface PeriodTotals {
  costNanos: number;
  /** First attempts. */
  calls: number;
  attempts: number;
  unpricedAttempts: number;
  /** Attempts whose units or cost are still an estimate (waiting for the vendor's figure). */
  estimatedAttempts: number;
  estimatedNanos: number;
  characters: number;
  credits: number;
  seconds: number;
  segments: number;
  minutes: number;
}

export interface BilledRow {
  rowId: number;
  ts: number;
  providerRequestId: string;
  costNanos: number | null;
  estimated: boolean;
}

export interface SettlementSum {
  count: number;
  /** Sum of (new − old) over settlements of rows in the window; null costs count as 0. */
  deltaNanos: number;
}

const BILLED = `p.provider = ? AND c.ts >= ? AND c.ts < ? AND (c.flags & ${FLAG_FREE}) = 0`;

export class LedgerPeriods {
  private readonly totalsStmt;
  private readonly billedStmt;
  private readonly settledStmt;
  private readonly knownStmt;

  constructor(db: Db) {
    this.totalsStmt = db.prepare<[string, number, number], Record<keyof PeriodTotals, number | null>>(
      `SELECT COALESCE(SUM(c.cost_nanos), 0) AS costNanos,
              SUM(c.attempt = 1) AS calls,
              COUNT(*) AS attempts,
              SUM(c.cost_source = 'unpriced') AS unpricedAttempts,
              SUM((c.flags & ${FLAG_ESTIMATED}) != 0 OR c.cost_source = 'estimated') AS estimatedAttempts,
              COALESCE(SUM(CASE WHEN (c.flags & ${FLAG_ESTIMATED}) != 0 OR c.cost_source = 'estimated' THEN c.cost_nanos END), 0) AS estimatedNanos,
              COALESCE(SUM(c.u_characters), 0) AS characters,
              COALESCE(SUM(c.u_credits), 0) AS credits,
              COALESCE(SUM(c.u_seconds), 0) AS seconds,
              COALESCE(SUM(c.u_segments), 0) AS segments,
              COALESCE(SUM(c.u_minutes), 0) AS minutes
       FROM calls c JOIN call_profiles p ON p.id = c.profile_id
       WHERE p.provider = ? AND c.ts >= ? AND c.ts < ?`,
    );
    this.billedStmt = db.prepare<
      [string, number, number, number, number],
      { rowId: number; ts: number; providerRequestId: string; costNanos: number | null; estimated: number }
    >(
      `SELECT c.id AS rowId, c.ts, c.provider_request_id AS providerRequestId, c.cost_nanos AS costNanos,
              ((c.flags & ${FLAG_ESTIMATED}) != 0 OR c.cost_source = 'estimated') AS estimated
       FROM calls c JOIN call_profiles p ON p.id = c.profile_id
       WHERE ${BILLED} AND c.error_code IS NULL AND c.provider_request_id IS NOT NULL AND c.id > ?
       ORDER BY c.id LIMIT ?`,
    );
    this.settledStmt = db.prepare<[string, number, number], { count: number; deltaNanos: number | null }>(
      `SELECT COUNT(*) AS count, SUM(COALESCE(h.new_cost_nanos, 0) - COALESCE(h.old_cost_nanos, 0)) AS deltaNanos
       FROM call_cost_history h JOIN calls c ON c.id = h.call_row_id JOIN call_profiles p ON p.id = c.profile_id
       WHERE h.reason = 'settlement' AND p.provider = ? AND c.ts >= ? AND c.ts < ?`,
    );
    this.knownStmt = db.prepare<[string, string, number], { id: number }>(
      `SELECT c.id FROM calls c JOIN call_profiles p ON p.id = c.profile_id
       WHERE c.provider_request_id = ? AND p.provider = ? AND c.ts >= ? LIMIT 1`,
    );
  }

  totals(provider: string, from: number, to: number): PeriodTotals {
    const r = this.totalsStmt.get(provider, from, to);
    const n = (v: number | null | undefined) => v ?? 0;
    return {
      costNanos: n(r?.costNanos),
      calls: n(r?.calls),
      attempts: n(r?.attempts),
      unpricedAttempts: n(r?.unpricedAttempts),
      estimatedAttempts: n(r?.estimatedAttempts),
      estimatedNanos: n(r?.estimatedNanos),
      characters: n(r?.characters),
      credits: n(r?.credits),
      seconds: n(r?.seconds),
      segments: n(r?.segments),
      minutes: n(r?.minutes),
    };
  }

  /** Successful billed rows carrying a vendor id in the window, by row id after `afterRowId` (paging). */
  billed(provider: string, from: number, to: number, afterRowId: number, limit: number): BilledRow[] {
    return this.billedStmt
      .all(provider, from, to, afterRowId, limit)
      .map((r) => ({ ...r, estimated: r.estimated === 1 }));
  }

  settlements(provider: string, from: number, to: number): SettlementSum {
    const r = this.settledStmt.get(provider, from, to);
    return { count: r?.count ?? 0, deltaNanos: r?.deltaNanos ?? 0 };
  }

  /** Whether the ledger has a row for this vendor id (since `sinceTs`): false = the call was made outside AICON. */
  knows(provider: string, providerRequestId: string, sinceTs: number): boolean {
    return this.knownStmt.get(providerRequestId, provider, sinceTs) !== undefined;
  }
}
