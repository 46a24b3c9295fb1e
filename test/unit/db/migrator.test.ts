import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/database';
import { appliedMigrations, migrate, MigrationError, type Migration } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-migr-'));
  db = openDatabase(join(dir, 'test.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tableNames = (d: Db) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('migration runner', () => {
  it('brings a fresh database to the latest version in WAL mode', () => {
    const applied = migrate(db, migrations);
    expect(applied).toEqual(migrations.map((m) => m.version));
    expect(appliedMigrations(db).map((m) => m.name)).toEqual(migrations.map((m) => m.name));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('is a no-op when re-run', () => {
    migrate(db, migrations);
    const before = tableNames(db);
    expect(migrate(db, migrations)).toEqual([]);
    expect(tableNames(db)).toEqual(before);
  });

  it('rolls back a failed migration completely and keeps earlier ones', () => {
    const list: Migration[] = [
      { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 2, name: 'broken', up: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, list)).toThrow(MigrationError);
    expect(tableNames(db)).toContain('a');
    expect(tableNames(db)).not.toContain('b');
    expect(appliedMigrations(db).map((m) => m.version)).toEqual([1]);
    // Fixed migration applies on the next run.
    const fixed = [list[0]!, { version: 2, name: 'broken', up: 'CREATE TABLE b (x INTEGER) STRICT;' }];
    expect(migrate(db, fixed)).toEqual([2]);
  });

  it('refuses gaps, renamed history and a database newer than the app', () => {
    expect(() => migrate(db, [{ version: 2, name: 'x', up: '' }])).toThrow(/without gaps/);
    migrate(db, [{ version: 1, name: 'one', up: '' }]);
    expect(() => migrate(db, [{ version: 1, name: 'renamed', up: '' }])).toThrow(/recorded as "one"/);
    expect(() => migrate(db, [])).toThrow(/newer than this app/);
  });
});
