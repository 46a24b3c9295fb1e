// WAL upkeep. SQLite checkpoints on commit once the WAL passes 1000 pages, but a long-lived reader (the
// dashboard, an export) can make those checkpoints stop short, and the file then keeps its high-water size.
// A periodic PASSIVE checkpoint (never waits for readers or writers) catches up while the app is quiet; the
// size limit makes SQLite shrink the file after a checkpoint, and closing truncates it.
import type { Db } from './database';

export const WAL_CHECKPOINT_INTERVAL_MS = 60_000;
/** After a checkpoint SQLite truncates the WAL back to at most this many bytes. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface CheckpointResult {
  /** The WAL could not be fully checkpointed (a reader or writer was in the way). */
  busy: boolean;
  walPages: number;
  checkpointedPages: number;
}

export function checkpoint(db: Db, mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): CheckpointResult {
  const [row] = db.pragma(`wal_checkpoint(${mode})`) as Array<{ busy: number; log: number; checkpointed: number }>;
  if (!row) throw new Error('wal_checkpoint returned no row');
  return { busy: row.busy !== 0, walPages: row.log, checkpointedPages: row.checkpointed };
}

export interface WalMaintenance {
  /** Stops the timer and truncates the WAL (call before closing the database). */
  stop(): void;
}

export function startWalMaintenance(
  db: Db,
  opts: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): WalMaintenance {
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const timer = setInterval(() => {
    try {
      if (db.open) checkpoint(db);
    } catch (e) {
      opts.onError?.(e);
    }
  }, opts.intervalMs ?? WAL_CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      try {
        if (db.open) checkpoint(db, 'TRUNCATE');
      } catch (e) {
        opts.onError?.(e);
      }
    },
  };
}
