// The reconcile tables (migration 8): fetch history, drift per provider and period, latest balances with
// their warning threshold, balance alerts, and ledger rows already checked against a per-call vendor record.
import type { BalanceReading, FetchOutcome, VendorReading } from './types';
import type { DriftRow, ReconcileState } from '../../preload/contract/reconcile';
import type { Db } from '../db/database';
import type { ProviderId } from '../gateway/types';

export type Origin = 'live' | 'demo';

export interface StoredFetch {
  provider: ProviderId;
  period: string;
  fetchedAt: number;
  state: Exclude<ReconcileState, 'never'>;
  message: string;
  errorKind: string | null;
  reading: VendorReading | null;
  origin: Origin;
}

export interface StoredBalance extends BalanceReading {
  provider: ProviderId;
  fetchedAt: number;
  warnPercent: number;
  origin: Origin;
}

export const DEFAULT_WARN_PERCENT = 20;

interface FetchRowDb {
  provider: ProviderId;
  period: string;
  fetched_at: number;
  state: StoredFetch['state'];
  message: string;
  error_kind: string | null;
  reading: string | null;
  origin: Origin;
}

interface BalanceRowDb {
  provider: ProviderId;
  fetched_at: number;
  unit: BalanceReading['unit'];
  remaining: number;
  total: number | null;
  used: number | null;
  period_start: number | null;
  resets_at: number | null;
  warn_percent: number;
  origin: Origin;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (s: string | null) => (s === null ? null : Date.parse(s));

export class ReconcileStore {
  constructor(private readonly db: Db) {}

  recordFetch(provider: ProviderId, period: string, at: number, outcome: FetchOutcome, origin: Origin = 'live'): void {
    this.db
      .prepare(
        `INSERT INTO reconcile_fetches (provider, period, fetched_at, state, error_kind, message, reading, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        provider,
        period,
        at,
        outcome.state,
        outcome.state === 'ok' ? null : (outcome.errorKind ?? null),
        outcome.state === 'ok' ? outcome.reading.message : outcome.message,
        outcome.state === 'ok' ? JSON.stringify(outcome.reading) : null,
        origin,
      );
  }

  /** The newest fetch of a provider for a period, whatever its outcome. */
  latestFetch(provider: ProviderId, period: string): StoredFetch | null {
    const r = this.db
      .prepare<[string, string], FetchRowDb>(
        `SELECT * FROM reconcile_fetches WHERE provider = ? AND period = ? ORDER BY fetched_at DESC, id DESC LIMIT 1`,
      )
      .get(provider, period);
    return r ? toFetch(r) : null;
  }

  /** Good readings of a provider since `since`, oldest first (wallet pace and balance deltas). */
  okFetchesSince(provider: ProviderId, since: number): StoredFetch[] {
    return this.db
      .prepare<[string, number], FetchRowDb>(
        `SELECT * FROM reconcile_fetches WHERE provider = ? AND fetched_at >= ? AND state = 'ok' ORDER BY fetched_at, id`,
      )
      .all(provider, since)
      .map(toFetch);
  }

  saveDrift(row: DriftRow, computedAt: number): void {
    this.db
      .prepare(
        `INSERT INTO reconcile_drift (provider, period, computed_at, state, window_from, window_to, ledger_nanos, vendor_nanos, drift, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider, period) DO UPDATE SET computed_at = excluded.computed_at, state = excluded.state,
           window_from = excluded.window_from, window_to = excluded.window_to, ledger_nanos = excluded.ledger_nanos,
           vendor_nanos = excluded.vendor_nanos, drift = excluded.drift, origin = excluded.origin`,
      )
      .run(
        row.provider,
        row.period,
        computedAt,
        row.state,
        Date.parse(row.windowFrom),
        Date.parse(row.windowTo),
        row.ledgerNanos,
        row.vendorNanos,
        JSON.stringify(row),
        row.origin,
      );
  }

  drift(period: string): DriftRow[] {
    return this.db
      .prepare<[string], { drift: string }>('SELECT drift FROM reconcile_drift WHERE period = ? ORDER BY provider')
      .all(period)
      .map((r) => JSON.parse(r.drift) as DriftRow);
  }

  upsertBalance(provider: ProviderId, b: BalanceReading, at: number, origin: Origin = 'live'): void {
    this.db
      .prepare(
        `INSERT INTO reconcile_balances (provider, fetched_at, unit, remaining, total, used, period_start, resets_at, warn_percent, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider) DO UPDATE SET fetched_at = excluded.fetched_at, unit = excluded.unit,
           remaining = excluded.remaining, total = excluded.total, used = excluded.used,
           period_start = excluded.period_start, resets_at = excluded.resets_at, origin = excluded.origin`,
      )
      .run(
        provider,
        at,
        b.unit,
        b.remaining,
        b.total,
        b.used,
        ms(b.periodStart),
        ms(b.resetsAt),
        DEFAULT_WARN_PERCENT,
        origin,
      );
  }

  balances(): StoredBalance[] {
    return this.db
      .prepare<[], BalanceRowDb>('SELECT * FROM reconcile_balances ORDER BY provider')
      .all()
      .map((r) => ({
        provider: r.provider,
        fetchedAt: r.fetched_at,
        unit: r.unit,
        remaining: r.remaining,
        total: r.total,
        used: r.used,
        periodStart: iso(r.period_start),
        resetsAt: iso(r.resets_at),
        warnPercent: r.warn_percent,
        origin: r.origin,
      }));
  }

  /** False when the provider has no balance yet. */
  setWarnPercent(provider: ProviderId, percent: number): boolean {
    return (
      this.db.prepare('UPDATE reconcile_balances SET warn_percent = ? WHERE provider = ?').run(percent, provider)
        .changes > 0
    );
  }

  /** Records an alert once per provider, period and threshold; null when it was already raised. */
  recordAlert(a: {
    provider: ProviderId;
    periodKey: string;
    threshold: number;
    remaining: number;
    unit: string;
    at: number;
  }): number | null {
    const info = this.db
      .prepare(
        `INSERT INTO reconcile_alerts (provider, period_key, threshold, remaining, unit, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider, period_key, threshold) DO NOTHING`,
      )
      .run(a.provider, a.periodKey, a.threshold, a.remaining, a.unit, a.at);
    return info.changes > 0 ? Number(info.lastInsertRowid) : null;
  }

  /** Row ids among `ids` that a reconciliation already settled or found final. */
  checkedIds(ids: readonly number[]): Set<number> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare<number[], { call_row_id: number }>(
        `SELECT call_row_id FROM reconcile_checked_calls WHERE outcome != 'pending' AND call_row_id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids);
    return new Set(rows.map((r) => r.call_row_id));
  }

  markChecked(rowId: number, outcome: 'settled' | 'unchanged' | 'pending' | 'missing', at: number): void {
    this.db
      .prepare(
        `INSERT INTO reconcile_checked_calls (call_row_id, checked_at, outcome) VALUES (?, ?, ?)
         ON CONFLICT (call_row_id) DO UPDATE SET checked_at = excluded.checked_at, outcome = excluded.outcome`,
      )
      .run(rowId, at, outcome);
  }
}

function toFetch(r: FetchRowDb): StoredFetch {
  return {
    provider: r.provider,
    period: r.period,
    fetchedAt: r.fetched_at,
    state: r.state,
    message: r.message,
    errorKind: r.error_kind,
    reading: r.reading ? (JSON.parse(r.reading) as VendorReading) : null,
    origin: r.origin,
  };
}
