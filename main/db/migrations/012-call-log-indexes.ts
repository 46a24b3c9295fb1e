import type { Migration } from '../migrator';

// Indexes for the Call log's cost-source filter, alone and with every other filter it offers: each page is then
// an index range read newest-first, never a scan that tests rows (a rare source like "estimated" used to walk
// millions of rows). The error-only twins are partial, so they only cost a write on error rows.
export const callLogIndexesMigration: Migration = {
  version: 12,
  name: 'call-log-indexes',
  up: `
    CREATE INDEX calls_source_ts ON calls (cost_source, ts);
    CREATE INDEX calls_profile_source_ts ON calls (profile_id, cost_source, ts);
    CREATE INDEX calls_error_source_ts ON calls (cost_source, ts) WHERE error_code IS NOT NULL;
    CREATE INDEX calls_error_profile_source_ts ON calls (profile_id, cost_source, ts) WHERE error_code IS NOT NULL;
  `,
};
