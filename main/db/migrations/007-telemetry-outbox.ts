import type { Migration } from '../migrator';

// OpenTelemetry export (main/telemetry owns both tables). The outbox holds what still has to be sent (a ledger
// attempt, a cost change, a finished job: by id, ~40 bytes a row; the span is built when it is sent) until the
// backend accepts it, so it survives restarts and offline periods; the state table keeps the followers' cursors
// and the export status.
export const telemetryOutboxMigration: Migration = {
  version: 7,
  name: 'telemetry-outbox',
  up: `
    CREATE TABLE telemetry_outbox (
      id INTEGER PRIMARY KEY,
      created_at INTEGER NOT NULL, -- epoch ms when it was queued
      kind TEXT NOT NULL CHECK (kind IN ('attempt', 'cost_change', 'job')),
      ref TEXT NOT NULL -- calls.id, call_cost_history.id or jobs.id
    ) STRICT;
    CREATE TABLE telemetry_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL -- JSON
    ) STRICT, WITHOUT ROWID;
  `,
};
