// Database backups of one profile: SQLite's online backup API (consistent while the app keeps writing),
// a validated restore (integrity, schema version, the ledger tables) and the file swap done while closed.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backup } from '../../preload/contract/profile';
import { AppError } from '../core/errors';
import { type Db, openDatabase } from './database';

export const BACKUPS_FOLDER = 'backups';
const REQUIRED_TABLES = ['settings', 'calls', 'call_profiles', 'budgets', 'integrations'];

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

function entry(dir: string, name: string): Backup {
  const st = statSync(join(dir, name));
  return { name, sizeBytes: st.size, createdAt: st.mtime.toISOString() };
}

export function listBackups(dir: string): Backup[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  return names
    .map((n) => entry(dir, n))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

export async function backupDatabase(db: Db, dir: string, label: string, now: Date): Promise<Backup> {
  mkdirSync(dir, { recursive: true });
  const name = `aicon-${label}-${stamp(now)}.sqlite`;
  await db.backup(join(dir, name));
  return entry(dir, name);
}

/** Throws a typed error unless `file` is an intact AICON database this app can open. */
export function validateBackup(file: string, latestSchema: number): void {
  let db: Db;
  try {
    db = openDatabase(file, { readonly: true });
  } catch (e) {
    throw new AppError('invalid_input', `The backup cannot be opened: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new AppError('invalid_input', `The backup is damaged (integrity check: ${String(check)}).`);
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length)
      throw new AppError('invalid_input', `This is not an AICON Studio database (no ${missing.join(', ')} table).`);
    const version = tables.has('schema_migrations')
      ? ((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0)
      : 0;
    if (version > latestSchema)
      throw new AppError(
        'invalid_input',
        `The backup is from a newer app (schema ${version}, this app knows ${latestSchema}): update the app first.`,
      );
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('invalid_input', `The backup cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db.close();
  }
}

/** Puts the backup in place of the (closed) database; the stale WAL and index files go with the old one. */
export function replaceDatabase(dbPath: string, backupFile: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  copyFileSync(backupFile, dbPath);
}
