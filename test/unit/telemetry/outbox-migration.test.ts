// Migration 10: an outbox queued under migration 7's layout (whole span JSON) keeps every entry, as references.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';

const dir = mkdtempSync(join(tmpdir(), 'aicon-outbox-migr-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('carries queued spans over as attempt, cost-change and job references, in order', () => {
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, migrations.slice(0, 7));
  const queue = db.prepare('INSERT INTO telemetry_outbox (created_at, span) VALUES (?, ?)');
  const span = (name: string, attributes: Record<string, unknown>) =>
    JSON.stringify({ name, kind: 'client', attributes });
  queue.run(1, span('chat gpt-4o-mini', { 'aicon.ledger.row_id': 41, 'aicon.call_id': 'c1' }));
  queue.run(2, span('settlement twilio', { 'aicon.ledger.row_id': 42, 'aicon.cost_change.id': 7 }));
  queue.run(3, span('invoke_workflow video_render', { 'aicon.job.id': 'job-1' }));
  queue.run(4, span('generate_content heygen', { 'aicon.ledger.row_id': 43, 'aicon.job.id': 'job-1' }));
  migrate(db, migrations);
  expect(db.prepare('SELECT id, created_at AS createdAt, kind, ref FROM telemetry_outbox ORDER BY id').all()).toEqual([
    { id: 1, createdAt: 1, kind: 'attempt', ref: '41' },
    { id: 2, createdAt: 2, kind: 'cost_change', ref: '7' },
    { id: 3, createdAt: 3, kind: 'job', ref: 'job-1' },
    { id: 4, createdAt: 4, kind: 'attempt', ref: '43' },
  ]);
  db.close();
});
