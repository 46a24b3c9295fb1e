// Hourly rollups (hour x call profile): the deltas one ledger row contributes, the upsert that applies
// them, and latency quantiles from the per-hour histogram. Charts and budgets read only these.
import type { Db } from '../db/database';
import type { CostSource, Units } from '../gateway/types';
import { UNIT_COLUMNS, UNIT_NAMES } from './units';

export const HOUR_MS = 3_600_000;
export const hourOf = (ts: number): number => Math.floor(ts / HOUR_MS);

/** Upper bounds (ms, exclusive) of the latency histogram buckets lat_0..lat_15; the last is open-ended. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, Infinity] as const;
export const LATENCY_COLUMNS = LATENCY_BOUNDS_MS.map((_, i) => `lat_${i}`);

export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms < LATENCY_BOUNDS_MS[i]!) return i;
  return LATENCY_BOUNDS_MS.length - 1;
}

/** Counter columns in the order of RollupDelta.values. */
const COUNTER_COLUMNS = ['attempts', 'calls', 'errors', 'priced', 'unpriced', 'estimated', 'reported', 'cost_nanos'] as const;
export const ROLLUP_VALUE_COLUMNS: readonly string[] = [
  ...COUNTER_COLUMNS,
  ...UNIT_COLUMNS,
  'latency_sum_ms',
  'request_bytes',
  'response_bytes',
  ...LATENCY_COLUMNS,
];
const COL = Object.fromEntries(ROLLUP_VALUE_COLUMNS.map((c, i) => [c, i])) as Record<string, number>;

/** A vector of additions to one (hour, profile) rollup row. */
export class RollupDelta {
  readonly values: number[] = new Array<number>(ROLLUP_VALUE_COLUMNS.length).fill(0);
  constructor(
    readonly hour: number,
    readonly profileId: number,
  ) {}

  add(other: RollupDelta): void {
    for (let i = 0; i < this.values.length; i++) this.values[i]! += other.values[i]!;
  }

  isZero(): boolean {
    return this.values.every((v) => v === 0);
  }
}

const bump = (d: RollupDelta, column: string, by: number): void => {
  d.values[COL[column]!]! += by;
};

/** The cost-related counters of one row, signed: +1 to add the row's cost, -1 to take it back. */
export function addCost(d: RollupDelta, cost: { costNanos: number | null; costSource: CostSource }, sign: 1 | -1): void {
  if (cost.costNanos === null) bump(d, 'unpriced', sign);
  else {
    bump(d, 'priced', sign);
    bump(d, 'cost_nanos', sign * cost.costNanos);
  }
  if (cost.costSource === 'estimated') bump(d, 'estimated', sign);
  if (cost.costSource === 'provider_reported') bump(d, 'reported', sign);
}

export interface RollupRowInput {
  ts: number;
  profileId: number;
  attempt: number;
  isError: boolean;
  units: Units;
  costNanos: number | null;
  costSource: CostSource;
  latencyMs: number;
  requestBytes: number | null;
  responseBytes: number;
}

export function deltaForRow(row: RollupRowInput): RollupDelta {
  const d = new RollupDelta(hourOf(row.ts), row.profileId);
  bump(d, 'attempts', 1);
  if (row.attempt === 1) bump(d, 'calls', 1);
  if (row.isError) bump(d, 'errors', 1);
  addCost(d, row, 1);
  for (const name of UNIT_NAMES) {
    const v = row.units[name];
    if (v) bump(d, `u_${name}`, v);
  }
  bump(d, 'latency_sum_ms', row.latencyMs);
  bump(d, 'request_bytes', row.requestBytes ?? 0);
  bump(d, 'response_bytes', row.responseBytes);
  bump(d, `lat_${latencyBucket(row.latencyMs)}`, 1);
  return d;
}

export type RollupWriter = (delta: RollupDelta) => void;

export function createRollupWriter(db: Db): RollupWriter {
  const cols = ROLLUP_VALUE_COLUMNS;
  const stmt = db.prepare(
    `INSERT INTO call_rollups_hourly (hour, profile_id, ${cols.join(', ')}) VALUES (?, ?, ${cols.map(() => '?').join(', ')})
     ON CONFLICT (hour, profile_id) DO UPDATE SET ${cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  return (delta) => {
    if (!delta.isZero()) stmt.run(delta.hour, delta.profileId, ...delta.values);
  };
}

/** Folds many deltas into one per (hour, profile): a batch then costs one upsert per key, not per row. */
export class RollupBatch {
  private readonly byKey = new Map<string, RollupDelta>();
  add(delta: RollupDelta): void {
    const key = `${delta.hour}:${delta.profileId}`;
    const existing = this.byKey.get(key);
    if (existing) existing.add(delta);
    else this.byKey.set(key, delta);
  }
  flush(write: RollupWriter): void {
    for (const d of this.byKey.values()) write(d);
    this.byKey.clear();
  }
}

/** Quantile (0..1) from histogram counts, interpolating linearly inside the bucket; null when empty. */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const upper = LATENCY_BOUNDS_MS[i]!;
      // The open-ended last bucket has no upper bound: report its lower bound rather than invent one.
      if (!Number.isFinite(upper)) return lower;
      return lower + ((rank - seen) / c) * (upper - lower);
    }
    seen += c;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2]!;
}
