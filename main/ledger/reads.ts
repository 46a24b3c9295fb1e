// Reads of the calls table that other folders need (limits, export, re-pricing, workflows, demo): the SQL
// stays here, next to the schema and its indexes; callers get plain rows.
import type { Db } from '../db/database';
import type { CostSource } from '../gateway/types';
import type { CallRowDb } from './call-queries';
import { sumByProfile } from './rollup-reader';
import { HOUR_MS } from './rollups';
import { UNIT_COLUMNS } from './units';

/** A (ts, id) position in the calls table; pages continue strictly after it. */
export interface CallKey {
  ts: number;
  id: number;
}

export function isLedgerEmpty(db: Db): boolean {
  return db.prepare('SELECT 1 FROM calls LIMIT 1').get() === undefined;
}

/** Sum over every attempt of the given calls (by the calls_call_id index), unpriced attempts as 0. */
export function costOfCalls(db: Db, callIds: readonly string[]): number {
  if (callIds.length === 0) return 0;
  const row = db
    .prepare<string[], { cost: number | null }>(
      `SELECT SUM(cost_nanos) AS cost FROM calls INDEXED BY calls_call_id WHERE call_id IN (${callIds.map(() => '?').join(', ')})`,
    )
    .get(...callIds);
  return row?.cost ?? 0;
}

export interface FirstAttempt {
  ts: number;
  provider: string;
  integrationId: string | null;
  operation: string;
}

/** First attempts of calls started at or after `since`, oldest first (the limiter's sliding hour). */
export function firstAttemptsSince(db: Db, since: number): FirstAttempt[] {
  return db
    .prepare<[number], { ts: number; provider: string; integration_id: string; operation: string }>(
      `SELECT c.ts, p.provider, p.integration_id, p.operation FROM calls c JOIN call_profiles p ON p.id = c.profile_id
       WHERE c.ts >= ? AND c.attempt = 1 ORDER BY c.ts`,
    )
    .all(since)
    .map((r) => ({ ts: r.ts, provider: r.provider, integrationId: r.integration_id || null, operation: r.operation }));
}

/** `AND profile_id IN (...)` for a profile filter (integer ids, safe to inline); '' when there is none. */
const ofProfiles = (ids: readonly number[] | null | undefined): string =>
  ids == null ? '' : ` AND profile_id IN (${ids.map((id) => Math.trunc(id)).join(', ') || 'NULL'})`;

/**
 * Attempts in [from, to) for an export's progress: whole hours from the rollups (a 10-year range is a few
 * thousand rollup rows, not millions of index entries), the partial hours at either end counted on the ts index.
 * Write-ahead rows still in flight are not in the rollups yet: the figure is a progress total, not a ledger sum.
 */
export function countCallsBetween(db: Db, from: number, to: number, profileIds?: readonly number[] | null): number {
  const firstHour = Math.ceil(from / HOUR_MS);
  const endHour = Math.floor(to / HOUR_MS);
  const count = (a: number, b: number) =>
    a >= b
      ? 0
      : (db
          .prepare<[number, number], { n: number }>(
            `SELECT COUNT(*) AS n FROM calls WHERE ts >= ? AND ts < ?${ofProfiles(profileIds)}`,
          )
          .get(a, b)?.n ?? 0);
  if (endHour <= firstHour) return count(from, to);
  const filter = profileIds == null ? '' : ofProfiles(profileIds);
  const whole = sumByProfile(db, firstHour, endHour, ['attempts'], filter).reduce((n, r) => n + (r.attempts ?? 0), 0);
  return count(from, firstHour * HOUR_MS) + whole + count(endHour * HOUR_MS, to);
}

/**
 * Whole rows in [from, to) after `after`, in (ts, id) order, `limit` at a time. The explicit lower bound
 * `ts >= ?` lets each chunk start where the last ended on the ts index. Raw arrays are turned into plain
 * objects here: better-sqlite3's own row objects cost about twice as much per row
 * (scripts/bench/export.ts, 1M rows: 18.4 s -> 16.1 s).
 */
export function callRowPager(
  db: Db,
  to: number,
  limit: number,
  profileIds?: readonly number[] | null,
): (after: CallKey) => CallRowDb[] {
  const page = db
    .prepare<[number, number, number, number, number], unknown[]>(
      `SELECT * FROM calls WHERE ts >= ? AND ts < ? AND (ts > ? OR id > ?)${ofProfiles(profileIds)} ORDER BY ts, id LIMIT ?`,
    )
    .raw(true);
  const columns = page.columns().map((c) => c.name);
  const asRow = (values: unknown[]): CallRowDb => {
    const row: Record<string, unknown> = {};
    columns.forEach((name, i) => {
      row[name] = values[i];
    });
    return row as unknown as CallRowDb;
  };
  return (after) => page.all(after.ts, to, after.ts, after.id, limit).map(asRow);
}

/** What re-pricing reads of a row: its cost, flags, meta and unit columns. */
export interface PriceableRow {
  id: number;
  ts: number;
  profile_id: number;
  cost_nanos: number | null;
  cost_source: CostSource;
  price_version: string | null;
  /** Set on failed attempts (re-pricing leaves those that metered nothing alone). */
  error_code: string | null;
  flags: number;
  meta: string | null;
  [unit: string]: unknown;
}

/**
 * Rows before `to` that re-pricing may change (not provider-reported), optionally only of some profiles, after
 * `after` in (ts, id) order. Keyset over the ts index, so each chunk is a range read however large the ledger is.
 */
export function priceableRowPager(
  db: Db,
  to: number,
  profileIds: readonly number[] | null,
  limit: number,
): (after: CallKey) => PriceableRow[] {
  const filter =
    profileIds === null ? '' : `AND profile_id IN (${profileIds.length ? profileIds.map(Number).join(',') : 'NULL'})`;
  const page = db.prepare<[number, number, number, number], PriceableRow>(
    `SELECT id, ts, profile_id, cost_nanos, cost_source, price_version, error_code, flags, meta, ${UNIT_COLUMNS.join(', ')}
     FROM calls INDEXED BY calls_ts WHERE (ts, id) > (?, ?) AND ts < ? AND cost_source != 'provider_reported' ${filter}
     ORDER BY ts, id LIMIT ?`,
  );
  return (after) => page.all(after.ts, after.id, to, limit);
}
