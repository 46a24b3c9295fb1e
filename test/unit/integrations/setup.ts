// Shared set-up for integration-manager tests: a real SQLite file with the app's migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';

export interface TempDb {
  db: Db;
  dir: string;
  path: string;
  dispose(): void;
}

export function openTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-int-'));
  const path = join(dir, 'aicon.sqlite');
  const db = openDatabase(path);
  migrate(db, migrations);
  return {
    db,
    dir,
    path,
    dispose() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Well-formed keys per provider (values are fake). */
export const KEYS = {
  openai: (tag: string) => `sk-proj-${tag.padEnd(24, 'x')}`,
  anthropic: (tag: string) => `sk-ant-api03-${tag.padEnd(24, 'x')}`,
  sendgrid: (tag: string) => `SG.${tag.padEnd(22, 'a')}.${'b'.repeat(43)}`,
  twilioAccountSid: `AC${'a1'.repeat(16)}`,
  twilioKeySid: `SK${'b2'.repeat(16)}`,
  twilioSecret: (tag: string) => tag.replace(/[^A-Za-z0-9]/g, '').padEnd(32, '0'),
};
