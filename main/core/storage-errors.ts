// Storage failures (SQLite and file system) as named errors that say what to do, instead of "internal".
import { AppError } from './errors';

export type StorageErrorKind = 'disk_full' | 'read_only' | 'locked' | 'corrupt';

const ADVICE: Record<StorageErrorKind, string> = {
  disk_full: 'The disk holding the data folder is full. Free some space and try again; nothing was saved.',
  read_only:
    'The data folder is read-only (or its files are not writable by you). Check its permissions or move it to a writable disk; nothing was saved.',
  locked:
    'The database is locked by another program. Close anything else using the data folder (another AICON Studio, a backup or sync tool) and try again.',
  corrupt:
    'The database file is damaged. Restart with --move-aside-corrupt-db (or AICON_MOVE_ASIDE_CORRUPT_DB=1) to move it aside and start a fresh one; the damaged file is kept next to it.',
};

/** Which kind of storage failure an error is (better-sqlite3 `code`, or a Node file-system `code`); null = not one. */
export function storageErrorKind(e: unknown): StorageErrorKind | null {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return 'read_only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  // SQLite reports a write that hit a full disk mid-way as an I/O error on some file systems.
  if (code.startsWith('SQLITE_IOERR') && /disk is full|no space/i.test(String((e as Error).message)))
    return 'disk_full';
  return null;
}

/** The named AppError for a storage failure, or null when `e` is something else. */
export function storageError(e: unknown, file?: string): AppError | null {
  const kind = storageErrorKind(e);
  if (!kind) return null;
  const where = file ? ` (${file})` : '';
  return new AppError('storage', `${ADVICE[kind]}${where}`, { kind, ...(file ? { file } : {}) });
}
