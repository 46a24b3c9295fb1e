// Reads sums over a range of UTC hours from the rollups: whole UTC days from the daily table, the
// leftover hours at either end from the hourly one. A year of history is then ~365 rows per profile.
import type { Db } from '../db/database';
import { cachedStatement } from '../db/statements';

export interface RangeParts {
  hourly: Array<[number, number]>;
  daily: [number, number] | null;
}

export function splitRange(fromHour: number, toHour: number): RangeParts {
  const firstDay = Math.ceil(fromHour / 24);
  const endDay = Math.floor(toHour / 24);
  if (endDay <= firstDay) return { hourly: toHour > fromHour ? [[fromHour, toHour]] : [], daily: null };
  const hourly: Array<[number, number]> = [];
  if (fromHour < firstDay * 24) hourly.push([fromHour, firstDay * 24]);
  if (endDay * 24 < toHour) hourly.push([endDay * 24, toHour]);
  return { hourly, daily: [firstDay, endDay] };
}

export type ProfileSums = { profile_id: number } & Record<string, number>;

/**
 * `SUM(c) AS c` for each column, per profile, over [fromHour, toHour). `filterSql` is an extra condition
 * on profile_id (built from integer ids only).
 */
export function sumByProfile(
  db: Db,
  fromHour: number,
  toHour: number,
  columns: readonly string[],
  filterSql = '',
): ProfileSums[] {
  const select = columns.map((c) => `SUM(${c}) AS ${c}`).join(', ');
  const parts = splitRange(fromHour, toHour);
  const out = new Map<number, ProfileSums>();
  const merge = (rows: ProfileSums[]) => {
    for (const r of rows) {
      const cur = out.get(r.profile_id);
      if (!cur) out.set(r.profile_id, { ...r });
      else for (const c of columns) cur[c] = (cur[c] ?? 0) + (r[c] ?? 0);
    }
  };
  const hourly = cachedStatement<[number, number], ProfileSums>(
    db,
    `SELECT profile_id, ${select} FROM call_rollups_hourly WHERE hour >= ? AND hour < ? ${filterSql} GROUP BY profile_id`,
  );
  for (const [a, b] of parts.hourly) merge(hourly.all(a, b));
  if (parts.daily) {
    merge(
      cachedStatement<[number, number], ProfileSums>(
        db,
        `SELECT profile_id, ${select} FROM call_rollups_daily WHERE day >= ? AND day < ? ${filterSql} GROUP BY profile_id`,
      ).all(parts.daily[0], parts.daily[1]),
    );
  }
  return [...out.values()];
}
