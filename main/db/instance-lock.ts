// One running app per data folder, in every mode. The lock is an exclusive SQLite lock on `aicon.lock`, held
// for the life of the process: the OS drops it when the process dies (even by kill -9), so a stale lock is
// simply taken over. Who holds it (pid, mode, start time) is written beside it for the second start's message.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors';

export const LOCK_FILE = 'aicon.lock';
const OWNER_FILE = 'aicon.lock.json';

export interface LockOwner {
  pid: number;
  mode: string;
  startedAt: string;
}

export interface InstanceLock {
  release(): void;
}

export function acquireInstanceLock(dataDir: string, owner: Omit<LockOwner, 'pid'>): InstanceLock {
  const db = new Database(join(dataDir, LOCK_FILE));
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    throw new AppError('conflict', heldMessage(dataDir), { dataDir, owner: readOwner(dataDir) });
  }
  const info: LockOwner = { pid: process.pid, ...owner };
  writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify(info), { mode: 0o600 });
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

function readOwner(dataDir: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function heldMessage(dataDir: string): string {
  const o = readOwner(dataDir);
  const who = o ? `process ${o.pid} (${o.mode} mode, started ${o.startedAt})` : 'another process';
  return `AICON Studio is already running on the data folder ${dataDir}: ${who} holds it. Close that one first, or start with another data folder (--data-dir or AICON_DATA_DIR).`;
}
