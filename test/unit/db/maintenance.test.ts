import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/database';
import { checkpoint, startWalMaintenance } from '../../../main/db/maintenance';

let dir: string;
let file: string;
let db: Db;
const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-wal-'));
  file = join(dir, 'app.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(rows: number): void {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(200));
  })();
}

describe('WAL maintenance', () => {
  it('a passive checkpoint reports a reader in the way instead of waiting for it', () => {
    const reader = openDatabase(file);
    try {
      write(2_000); // bring the table into the reader's first snapshot
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM t').get();
      write(2_000);
      expect(checkpoint(db).busy).toBe(false);
      const held = checkpoint(db);
      expect(held.checkpointedPages).toBeLessThan(held.walPages);
      reader.exec('COMMIT');
      const caughtUp = checkpoint(db);
      expect(caughtUp.checkpointedPages).toBe(caughtUp.walPages);
    } finally {
      reader.close();
    }
  });

  it('sets a WAL size limit and truncates the WAL when stopped', () => {
    const maintenance = startWalMaintenance(db, { intervalMs: 3_600_000 });
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    db.pragma('wal_autocheckpoint = 0'); // let the WAL grow so the truncation is visible
    write(5_000);
    expect(walBytes()).toBeGreaterThan(500_000);
    maintenance.stop();
    expect(walBytes()).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 5_000 });
  });
});
