// A counter of writes to a database's error-text index (only the ledger writes it): a search may keep the set
// of rows matching its text while the counter stands still.
import type { Db } from '../db/database';

export interface ErrorTextWrites {
  count: number;
}

const counters = new WeakMap<Db, ErrorTextWrites>();

export function errorTextWrites(db: Db): ErrorTextWrites {
  let c = counters.get(db);
  if (!c) {
    c = { count: 0 };
    counters.set(db, c);
  }
  return c;
}
