// A real, migrated SQLite file in a temp folder, reopenable to simulate an app restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';

export interface TempDb {
  dir: string;
  path: string;
  /** Opens (and migrates) a new connection to the same file. */
  open(): Db;
  dispose(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-unit-'));
  const path = join(dir, 'aicon.sqlite');
  const opened: Db[] = [];
  return {
    dir,
    path,
    open() {
      const db = openDatabase(path);
      migrate(db, migrations);
      opened.push(db);
      return db;
    },
    dispose() {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
