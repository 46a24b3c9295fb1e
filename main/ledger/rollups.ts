// Rollups: the deltas one ledger row contributes, the upserts that apply them to the four rollup tables
// (hour x profile, UTC day x profile, hour x provider, hour), and latency quantiles from the histograms.
import type { Db } from '../db/database';
import type { CostSource, Units } from '../gateway/types';
import { UNIT_COLUMNS, UNIT_NAMES } from './units';

export const HOUR_MS = 3_600_000;
export const hourOf = (ts: number): number => Math.floor(ts / HOUR_MS);
export const dayOfHour = (hour: number): number => Math.floor(hour / 24);

/** Upper bounds (ms, exclusive) of the latency histogram buckets lat_0..lat_15; the last is open-ended. */
export const LATENCY_BOUNDS_MS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  1_000,
  2_000,
  5_000,
  10_000,
  30_000,
  60_000,
  Infinity,
] as const;
export const LATENCY_COLUMNS = LATENCY_BOUNDS_MS.map((_, i) => `lat_${i}`);

export function latencyBucket(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((bound) => ms < bound);
  return i === -1 ? LATENCY_BOUNDS_MS.length - 1 : i;
}

/** Counter columns in the order of RollupDelta.values. */
const COUNTER_COLUMNS = [
  'attempts',
  'calls',
  'errors',
  'priced',
  'unpriced',
  'estimated',
  'reported',
  'cost_nanos',
] as const;
export const ROLLUP_VALUE_COLUMNS: readonly string[] = [
  ...COUNTER_COLUMNS,
  ...UNIT_COLUMNS,
  'latency_sum_ms',
  'request_bytes',
  'response_bytes',
  ...LATENCY_COLUMNS,
];
const COL = Object.fromEntries(ROLLUP_VALUE_COLUMNS.map((c, i) => [c, i])) as Record<string, number>;

/** Columns of call_rollups_provider_hourly (a subset of the value columns; the histogram since migration 5) and of call_rollups_total_hourly. */
export const PROVIDER_ROLLUP_COLUMNS: readonly string[] = [
  'attempts',
  'calls',
  'errors',
  'priced',
  'unpriced',
  'cost_nanos',
  ...LATENCY_COLUMNS,
];
const PROVIDER_INDEXES = PROVIDER_ROLLUP_COLUMNS.map((c) => ROLLUP_VALUE_COLUMNS.indexOf(c));

/** A vector of additions to one (hour, profile) rollup row; the profile's provider feeds the provider rollup. */
export class RollupDelta {
  readonly values: number[];
  constructor(
    readonly hour: number,
    readonly profileId: number,
    readonly provider: string,
    values?: readonly number[],
  ) {
    this.values = values ? values.slice() : new Array<number>(ROLLUP_VALUE_COLUMNS.length).fill(0);
  }

  copy(): RollupDelta {
    return new RollupDelta(this.hour, this.profileId, this.provider, this.values);
  }

  add(other: RollupDelta): void {
    addInto(this.values, other.values);
  }

  isZero(): boolean {
    for (const v of this.values) if (v !== 0) return false;
    return true;
  }
}

/** Adds `from` element-wise into `into` (same length). Plain index loop: it runs per ledger row. */
export function addInto(into: number[], from: readonly number[], sign = 1): void {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + sign * (from[i] as number);
}

const col = (column: string): number => {
  const i = COL[column];
  if (i === undefined) throw new Error(`Not a rollup column: ${column}`);
  return i;
};
const bump = (d: RollupDelta, column: string, by: number): void => bumpAt(d, col(column), by);
const bumpAt = (d: RollupDelta, i: number, by: number): void => {
  d.values[i] = (d.values[i] ?? 0) + by;
};
/** Column indexes resolved once (deltaForRow runs per ledger row). */
const AT = {
  attempts: col('attempts'),
  calls: col('calls'),
  errors: col('errors'),
  latencySum: col('latency_sum_ms'),
  requestBytes: col('request_bytes'),
  responseBytes: col('response_bytes'),
};
const UNIT_AT = UNIT_NAMES.map((name) => [name, col(`u_${name}`)] as const);
const LATENCY_AT = LATENCY_COLUMNS.map(col);

/** The cost-related counters of one row, signed: +1 to add the row's cost, -1 to take it back. */
export function addCost(
  d: RollupDelta,
  cost: { costNanos: number | null; costSource: CostSource },
  sign: 1 | -1,
): void {
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
  provider: string;
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
  const d = new RollupDelta(hourOf(row.ts), row.profileId, row.provider);
  bumpAt(d, AT.attempts, 1);
  if (row.attempt === 1) bumpAt(d, AT.calls, 1);
  if (row.isError) bumpAt(d, AT.errors, 1);
  addCost(d, row, 1);
  for (const [name, i] of UNIT_AT) {
    const v = row.units[name];
    if (v) bumpAt(d, i, v);
  }
  bumpAt(d, AT.latencySum, row.latencyMs);
  bumpAt(d, AT.requestBytes, row.requestBytes ?? 0);
  bumpAt(d, AT.responseBytes, row.responseBytes);
  bumpAt(d, LATENCY_AT[latencyBucket(row.latencyMs)] as number, 1);
  return d;
}

export type RollupWriter = (deltas: Iterable<RollupDelta>) => void;

/** Upserts deltas into all four rollup tables, folding them per key first (a batch costs one upsert per key). */
export function createRollupWriter(db: Db): RollupWriter {
  const cols = ROLLUP_VALUE_COLUMNS;
  const set = (cs: readonly string[]) => cs.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
  const marks = (n: number) => new Array<string>(n).fill('?').join(', ');
  const hourly = db.prepare(
    `INSERT INTO call_rollups_hourly (hour, profile_id, ${cols.join(', ')}) VALUES (?, ?, ${marks(cols.length)})
     ON CONFLICT (hour, profile_id) DO UPDATE SET ${set(cols)}`,
  );
  const daily = db.prepare(
    `INSERT INTO call_rollups_daily (day, profile_id, ${cols.join(', ')}) VALUES (?, ?, ${marks(cols.length)})
     ON CONFLICT (day, profile_id) DO UPDATE SET ${set(cols)}`,
  );
  const byProvider = db.prepare(
    `INSERT INTO call_rollups_provider_hourly (hour, provider, ${PROVIDER_ROLLUP_COLUMNS.join(', ')}) VALUES (?, ?, ${marks(PROVIDER_ROLLUP_COLUMNS.length)})
     ON CONFLICT (hour, provider) DO UPDATE SET ${set(PROVIDER_ROLLUP_COLUMNS)}`,
  );
  const total = db.prepare(
    `INSERT INTO call_rollups_total_hourly (hour, ${PROVIDER_ROLLUP_COLUMNS.join(', ')}) VALUES (?, ${marks(PROVIDER_ROLLUP_COLUMNS.length)})
     ON CONFLICT (hour) DO UPDATE SET ${set(PROVIDER_ROLLUP_COLUMNS)}`,
  );
  return (deltas) => {
    // Fold rows per (hour, profile) first; days and providers are then folded from those few aggregates.
    const hours = new Map<string, RollupDelta>();
    for (const d of deltas) {
      const key = `${d.hour}:${d.profileId}`;
      const agg = hours.get(key);
      if (agg) agg.add(d);
      else hours.set(key, d.copy());
    }
    const days = new Map<string, { day: number; delta: RollupDelta }>();
    const providers = new Map<string, RollupDelta>();
    for (const d of hours.values()) {
      const day = dayOfHour(d.hour);
      const dayKey = `${day}:${d.profileId}`;
      const dayAgg = days.get(dayKey);
      if (dayAgg) dayAgg.delta.add(d);
      else days.set(dayKey, { day, delta: d.copy() });
      const providerKey = `${d.hour}:${d.provider}`;
      const providerAgg = providers.get(providerKey);
      if (providerAgg) providerAgg.add(d);
      else providers.set(providerKey, d.copy());
    }
    for (const d of hours.values()) if (!d.isZero()) hourly.run(d.hour, d.profileId, ...d.values);
    for (const { day, delta } of days.values()) if (!delta.isZero()) daily.run(day, delta.profileId, ...delta.values);
    const totals = new Map<number, number[]>();
    for (const d of providers.values()) {
      const v = PROVIDER_INDEXES.map((i) => d.values[i] ?? 0);
      if (!v.some((x) => x !== 0)) continue;
      byProvider.run(d.hour, d.provider, ...v);
      const t = totals.get(d.hour);
      if (t) addInto(t, v);
      else totals.set(d.hour, v);
    }
    for (const [hour, v] of totals) total.run(hour, ...v);
  };
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
      const lower = LATENCY_BOUNDS_MS[i - 1] ?? 0;
      const upper = LATENCY_BOUNDS_MS[i] ?? Infinity;
      // The open-ended last bucket has no upper bound: report its lower bound rather than invent one.
      if (!Number.isFinite(upper)) return lower;
      return lower + ((rank - seen) / c) * (upper - lower);
    }
    seen += c;
  }
  return LATENCY_BOUNDS_MS.at(-2) ?? 0;
}
