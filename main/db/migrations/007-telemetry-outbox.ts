import type { Migration } from '../migrator';

// OpenTelemetry export (main/telemetry owns both tables). The outbox holds spans built from ledger rows and finished
// jobs until the backend accepts them, so they survive restarts and offline periods; the state table keeps the
// followers' cursors (last ledger row, cost change and finished job turned into spans) and the export status.
export const telemetryOutboxMigration: Migration = {
  version: 7,
  name: 'telemetry-outbox',
  up: `
    CREATE TABLE telemetry_outbox (
      id INTEGER PRIMARY KEY,
      created_at INTEGER NOT NULL, -- epoch ms when the span was queued
      span TEXT NOT NULL -- JSON span record (main/telemetry/spans.ts), already redacted
    ) STRICT;
    CREATE TABLE telemetry_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL -- JSON
    ) STRICT, WITHOUT ROWID;
  `,
};
