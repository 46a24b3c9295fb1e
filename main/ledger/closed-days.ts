// Sums over whole UTC days of the rollups, kept between requests until a write changes one of their days.
// Every rollup write goes through rollups.ts's writer, which reports the UTC days it touched here (late
// settlements and re-pricing of past days included), so a cached block is dropped exactly when one of its days
// changed. Writes to today leave the closed days of a 5-year range cached.
import type { Db } from '../db/database';

/** The UTC days the rollups of one database changed, each with the stamp of its latest change. */
export class RollupChangeLog {
  private stamp = 0;
  private readonly changed = new Map<number, number>();

  /** Called before the rollup writes of a batch (a rolled-back batch only costs a recomputation). */
  touch(days: Iterable<number>): void {
    this.stamp++;
    for (const d of days) this.changed.set(d, this.stamp);
  }

  now(): number {
    return this.stamp;
  }

  /** Whether a day in [fromDay, toDay) changed after `stamp`. */
  changedSince(stamp: number, fromDay: number, toDay: number): boolean {
    if (stamp === this.stamp) return false;
    for (const [day, s] of this.changed) if (s > stamp && day >= fromDay && day < toDay) return true;
    return false;
  }
}

const logs = new WeakMap<Db, RollupChangeLog>();

/** The change log of this database connection's rollups (one per connection: the app writes through one). */
export function rollupChangeLog(db: Db): RollupChangeLog {
  let log = logs.get(db);
  if (!log) {
    log = new RollupChangeLog();
    logs.set(db, log);
  }
  return log;
}

const MAX_ENTRIES = 512;

/** Read results over whole UTC days [fromDay, toDay), by query key; least recently used dropped beyond a bound. */
export class ClosedDayCache {
  private readonly entries = new Map<string, { stamp: number; value: unknown }>();

  constructor(private readonly log: RollupChangeLog) {}

  get<T>(key: string, fromDay: number, toDay: number, read: () => T): T {
    const fullKey = `${key}\u0000${fromDay}:${toDay}`;
    const hit = this.entries.get(fullKey);
    this.entries.delete(fullKey);
    if (hit && !this.log.changedSince(hit.stamp, fromDay, toDay)) {
      this.entries.set(fullKey, hit);
      return hit.value as T;
    }
    const stamp = this.log.now();
    const value = read();
    this.entries.set(fullKey, { stamp, value });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
