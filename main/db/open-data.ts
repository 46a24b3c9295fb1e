// Opening the data folder's database at start-up: a private folder (0700) and files (0600), a damaged file
// named with what to do (and moved aside on request), and write-ahead rows a crash left behind.
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { AppError } from '../core/errors';
import { storageErrorKind } from '../core/storage-errors';
import { openDatabase, type Db } from './database';
import { migrate, type Migration } from './migrator';

/** Creates the folder private to the user, and makes an existing one so. */
export function preparePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // Everything the app writes from here on (database, media, exports, uploads) is readable by the user only.
  process.umask(0o077);
}

const SIDECARS = ['', '-wal', '-shm'];

/** Files the database consists of, made private (files created before the umask was set stay so otherwise). */
function makePrivate(file: string): void {
  for (const s of SIDECARS) if (existsSync(file + s)) chmodSync(file + s, 0o600);
}

/** Renames a damaged database (and its WAL) to `<file>.corrupt-<time>`; returns the new name. */
export function moveAsideCorruptDatabase(file: string, now: Date): string {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const s of SIDECARS) if (existsSync(file + s)) renameSync(file + s, aside + s);
  return aside;
}

export interface OpenedDatabase {
  db: Db;
  applied: number[];
  /** Set when a damaged file was moved aside to start fresh. */
  movedAside: string | null;
}

/**
 * Opens and migrates the database. A damaged file stops start-up with an error naming it, unless
 * `moveAsideIfCorrupt` is set: then it is renamed (kept, not deleted) and a fresh database is created.
 */
export function openDataDatabase(
  file: string,
  migrations: readonly Migration[],
  opts: { now: () => Date; moveAsideIfCorrupt?: boolean },
): OpenedDatabase {
  let db: Db | null = null;
  try {
    // A damaged header or schema shows here (SQLITE_NOTADB / SQLITE_CORRUPT); no full page check at start-up,
    // which would read a large ledger whole. A page damaged later surfaces as a named storage error.
    db = openDatabase(file);
    const applied = migrate(db, migrations, opts.now);
    makePrivate(file);
    return { db, applied: applied, movedAside: null };
  } catch (e) {
    if (db?.open) db.close();
    if (storageErrorKind(e) !== 'corrupt') throw e;
    if (!opts.moveAsideIfCorrupt)
      throw new AppError(
        'storage',
        `The database file ${file} is damaged (${e instanceof Error ? e.message : String(e)}). Start with --move-aside-corrupt-db (or AICON_MOVE_ASIDE_CORRUPT_DB=1) to move it aside and start a fresh one; the damaged file is kept next to it.`,
        { kind: 'corrupt', file },
      );
    const movedAside = moveAsideCorruptDatabase(file, opts.now());
    const fresh = openDatabase(file);
    const applied = migrate(fresh, migrations, opts.now);
    makePrivate(file);
    return { db: fresh, applied: applied, movedAside };
  }
}
