import type { Migration } from '../migrator';

// An hour x everything rollup: the unfiltered dashboard's day counters and latency histograms read one row per
// hour instead of one per provider (a year of re-bucketed local days reads ~10x fewer rows). Backfilled from
// the hour x provider rollup, which has carried the same columns since migration 5.
const COLUMNS = [
  'attempts',
  'calls',
  'errors',
  'priced',
  'unpriced',
  'cost_nanos',
  ...Array.from({ length: 16 }, (_, i) => `lat_${i}`),
];

export const totalHourlyMigration: Migration = {
  version: 6,
  name: 'total-hourly',
  up: `
    CREATE TABLE call_rollups_total_hourly (
      hour INTEGER PRIMARY KEY,
      ${COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n      ')}
    ) STRICT, WITHOUT ROWID;
    INSERT INTO call_rollups_total_hourly (hour, ${COLUMNS.join(', ')})
      SELECT hour, ${COLUMNS.map((c) => `SUM(${c})`).join(', ')} FROM call_rollups_provider_hourly GROUP BY hour;
  `,
};
