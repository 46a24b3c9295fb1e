// Key/value settings persisted in SQLite (JSON values).
import type { Db } from '../db/database';

export interface SettingsStore {
  get<T>(key: string, fallback: T): T;
  set(key: string, value: unknown): void;
  all(): Record<string, unknown>;
}

export function createSettingsStore(db: Db, now: () => Date): SettingsStore {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const setStmt = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    get(key, fallback) {
      const row = getStmt.get(key);
      return row ? (JSON.parse(row.value) as never) : fallback;
    },
    set(key, value) {
      setStmt.run(key, JSON.stringify(value), now().toISOString());
    },
    all() {
      const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key').all();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
    },
  };
}
