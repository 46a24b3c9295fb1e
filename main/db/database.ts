// Opens the app's SQLite database with the settings every service relies on.
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Called with every statement the connection runs (tests count the writes on a path). */
  verbose?: (sql: unknown) => void;
}

export function openDatabase(file: string, { readonly = false, verbose }: OpenOptions = {}): Db {
  const db = new Database(file, { readonly, fileMustExist: readonly, ...(verbose ? { verbose } : {}) });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

type Runner = Database.Transaction<(fn: () => unknown) => unknown>;
/** One transaction function per connection: db.transaction() builds four wrappers each time, a cost per call. */
const runners = new WeakMap<Db, Runner>();

/** Runs fn inside BEGIN IMMEDIATE: takes the write lock up front, so read-then-write is atomic across connections. */
export function immediate<T>(db: Db, fn: () => T): T {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((f: () => unknown) => f());
    runners.set(db, run);
  }
  return run.immediate(fn) as T;
}
