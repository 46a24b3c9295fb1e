import type { Migration } from '../migrator';

// Latency histograms (lat_0..lat_15, same buckets as the profile rollups) on the hour x provider rollup, so the
// dashboard's latency-over-time chart reads the same small table as the spend chart. Existing rows are
// backfilled from the hour x profile rollup, which already carries the histograms.
const LATENCY = Array.from({ length: 16 }, (_, i) => `lat_${i}`);

export const providerLatencyMigration: Migration = {
  version: 5,
  name: 'provider-latency',
  up: `
    ${LATENCY.map((c) => `ALTER TABLE call_rollups_provider_hourly ADD COLUMN ${c} INTEGER NOT NULL DEFAULT 0;`).join('\n    ')}
    UPDATE call_rollups_provider_hourly AS ph SET ${LATENCY.map((c) => `${c} = s.${c}`).join(', ')}
    FROM (
      SELECT h.hour AS hour, p.provider AS provider, ${LATENCY.map((c) => `SUM(h.${c}) AS ${c}`).join(', ')}
      FROM call_rollups_hourly h JOIN call_profiles p ON p.id = h.profile_id
      GROUP BY h.hour, p.provider
    ) AS s
    WHERE s.hour = ph.hour AND s.provider = ph.provider;
  `,
};
