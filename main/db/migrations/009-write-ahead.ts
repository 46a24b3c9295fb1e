import type { Migration } from '../migrator';

// Money guarantees: paid non-idempotent calls a job may only send once (a key taken in the same commit as the
// call's write-ahead row), and per-operation caps that let a call of unknown cost run under a hard budget.
// Write-ahead rows themselves live in `calls` (flag bit 4 = in flight), so no change there.
export const writeAheadMigration: Migration = {
  version: 9,
  name: 'write-ahead',
  up: `
    CREATE TABLE calls_sent_once (
      key TEXT PRIMARY KEY,
      call_id TEXT NOT NULL,
      ts INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE budget_operation_caps (
      provider TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      cap_nanos INTEGER NOT NULL CHECK (cap_nanos > 0),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (provider, endpoint)
    ) STRICT, WITHOUT ROWID;

    CREATE INDEX calls_in_flight ON calls (id) WHERE (flags & 4) != 0;
  `,
};
