// Priced spend and unpriced counts per call profile over [start, end) ms: whole hours from the rollups, the
// slivers of periods that start mid-hour (half-hour zones) from the rows. The budgets' one read of the ledger.
import type { Db } from '../db/database';
import { sumByProfile } from './rollup-reader';
import { HOUR_MS } from './rollups';
import { FLAG_IN_FLIGHT } from './ledger';

export interface PeriodSpend {
  costByProfile: Map<number, number>;
  unpricedByProfile: Map<number, number>;
}

export function spendByProfile(db: Db, start: number, end: number): PeriodSpend {
  const out: PeriodSpend = { costByProfile: new Map(), unpricedByProfile: new Map() };
  const add = (profileId: number, cost: number, unpriced: number) => {
    out.costByProfile.set(profileId, (out.costByProfile.get(profileId) ?? 0) + cost);
    out.unpricedByProfile.set(profileId, (out.unpricedByProfile.get(profileId) ?? 0) + unpriced);
  };
  const firstFull = Math.ceil(start / HOUR_MS);
  const endFull = Math.floor(end / HOUR_MS);
  for (const r of sumByProfile(db, firstFull, endFull, ['cost_nanos', 'unpriced']))
    add(r.profile_id, r.cost_nanos ?? 0, r.unpriced ?? 0);
  // In-flight rows are not in the rollups either: their worst case is held by a reservation instead.
  const raw = db.prepare<[number, number], { profile_id: number; cost: number; unpriced: number }>(
    `SELECT profile_id, SUM(COALESCE(cost_nanos, 0)) AS cost, SUM(cost_nanos IS NULL) AS unpriced FROM calls
     WHERE ts >= ? AND ts < ? AND (flags & ${FLAG_IN_FLIGHT}) = 0 GROUP BY profile_id`,
  );
  const slivers: Array<[number, number]> = [];
  if (start < firstFull * HOUR_MS) slivers.push([start, Math.min(end, firstFull * HOUR_MS)]);
  if (endFull * HOUR_MS < end && endFull >= firstFull) slivers.push([Math.max(endFull * HOUR_MS, start), end]);
  for (const [a, b] of slivers) for (const r of raw.all(a, b)) add(r.profile_id, r.cost, r.unpriced);
  return out;
}
