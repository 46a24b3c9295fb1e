// Prepared statements kept per connection by SQL text: read paths that build their SQL from a few shapes
// (filters, tables) prepare each shape once instead of on every call.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** Shapes are few; the bound keeps a connection's cache small even if SQL text ever varied freely. */
const MAX_PER_CONNECTION = 500;
const caches = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    if (cache.size >= MAX_PER_CONNECTION) cache.clear();
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt as unknown as Statement<P, R>;
}
