// Shared set-up for ledger/pricing/budget tests: a migrated SQLite file in a fresh temp folder, and attempt builders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';
import type { AttemptRecord } from '../../../main/gateway/deps';

export interface TempDb {
  db: Db;
  dir: string;
  file: string;
  open(): Db;
  dispose(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-ledger-'));
  const file = join(dir, 'ledger.sqlite');
  const db = openDatabase(file);
  migrate(db, migrations);
  const extra: Db[] = [];
  return {
    db,
    dir,
    file,
    open() {
      const c = openDatabase(file);
      extra.push(c);
      return c;
    },
    dispose() {
      for (const c of [db, ...extra]) if (c.open) c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
export function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  seq++;
  return {
    callId: `call-${seq}`,
    attempt: 1,
    ts: Date.UTC(2026, 5, 1, 12, 0, 0),
    provider: 'openai',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'gpt-4o',
    status: 200,
    latencyMs: 120,
    requestBytes: 500,
    responseBytes: 2_000,
    errorCode: null,
    units: { input_tokens: 100, output_tokens: 50 },
    costNanos: 1_000,
    costSource: 'computed',
    priceVersion: 'test@1',
    providerRequestId: `req_${seq}`,
    integrationId: null,
    jobId: null,
    contentId: null,
    meta: null,
    ...overrides,
  };
}
