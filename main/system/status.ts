// The About/Status view: version, data folder, database and migration state.
import { statSync } from 'node:fs';
import type { SystemStatus } from '../../preload/contract';
import type { Db } from '../db/database';
import { appliedMigrations, type Migration } from '../db/migrator';

export interface StatusDeps {
  db: Db;
  dbPath: string;
  dataDir: string;
  mode: 'electron' | 'web';
  demo: boolean;
  version: string;
  migrations: readonly Migration[];
  startedAt: Date;
  history: () => { empty: boolean; demoSeeded: boolean };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function systemStatus(d: StatusDeps): SystemStatus {
  const applied = appliedMigrations(d.db);
  return {
    appName: 'AICON Studio',
    version: d.version,
    mode: d.mode,
    demo: d.demo,
    dataDir: d.dataDir,
    database: {
      path: d.dbPath,
      journalMode: String(d.db.pragma('journal_mode', { simple: true })),
      sizeBytes: fileSize(d.dbPath) + fileSize(`${d.dbPath}-wal`),
      sqliteVersion: (d.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      schemaVersion: applied.at(-1)?.version ?? 0,
      latestVersion: d.migrations.length,
      migrations: applied,
    },
    runtime: { node: process.versions.node, electron: process.versions.electron ?? null, platform: process.platform },
    startedAt: d.startedAt.toISOString(),
    history: d.history(),
  };
}
