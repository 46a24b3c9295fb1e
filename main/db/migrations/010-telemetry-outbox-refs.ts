import type { Migration } from '../migrator';

// The telemetry outbox keeps references instead of whole span JSON (~40 bytes a row instead of ~1 KB: far less
// WAL traffic while a backlog builds up); the span is built from the row when it is sent. Entries queued by
// migration 7's layout are carried over by the ids their span JSON names.
export const telemetryOutboxRefsMigration: Migration = {
  version: 10,
  name: 'telemetry-outbox-refs',
  up: `
    CREATE TABLE telemetry_outbox_refs (
      id INTEGER PRIMARY KEY,
      created_at INTEGER NOT NULL, -- epoch ms when it was queued
      kind TEXT NOT NULL CHECK (kind IN ('attempt', 'cost_change', 'job')),
      ref TEXT NOT NULL -- calls.id, call_cost_history.id or jobs.id
    ) STRICT;
    INSERT INTO telemetry_outbox_refs (id, created_at, kind, ref)
      SELECT id, created_at, kind, ref FROM (
        SELECT id, created_at,
          CASE
            WHEN json_extract(span, '$.attributes."aicon.cost_change.id"') IS NOT NULL THEN 'cost_change'
            WHEN json_extract(span, '$.name') LIKE 'invoke_workflow %' THEN 'job'
            ELSE 'attempt'
          END AS kind,
          CAST(COALESCE(
            json_extract(span, '$.attributes."aicon.cost_change.id"'),
            CASE WHEN json_extract(span, '$.name') LIKE 'invoke_workflow %'
              THEN json_extract(span, '$.attributes."aicon.job.id"') END,
            json_extract(span, '$.attributes."aicon.ledger.row_id"')
          ) AS TEXT) AS ref
        FROM telemetry_outbox
      ) WHERE ref IS NOT NULL;
    DROP TABLE telemetry_outbox;
    ALTER TABLE telemetry_outbox_refs RENAME TO telemetry_outbox;
  `,
};
