// Spend and call counts per local-gateway client (virtual key name) since a time: read from the ledger rows of
// that client's profiles through the (profile_id, ts) index, for the gateway's per-key budgets and bars.
import type { Db } from '../db/database';
import type { ProfileStore } from './profiles';

export interface ClientSpend {
  costNanos: number;
  calls: number;
  unpriced: number;
}

export class ClientSpendQueries {
  constructor(
    private readonly db: Db,
    private readonly profiles: ProfileStore,
  ) {}

  /** Priced spend (nano-USD), first-attempt calls and unpriced rows of `client` since `sinceTs` (epoch ms). */
  since(client: string, sinceTs: number): ClientSpend {
    const ids = this.profiles
      .all()
      .filter((p) => p.client === client)
      .map((p) => p.id);
    if (ids.length === 0) return { costNanos: 0, calls: 0, unpriced: 0 };
    const row = this.db
      .prepare<number[], { cost: number | null; calls: number; unpriced: number }>(
        `SELECT SUM(cost_nanos) AS cost, SUM(attempt = 1) AS calls, SUM(cost_source = 'unpriced') AS unpriced
         FROM calls WHERE profile_id IN (${ids.map(() => '?').join(', ')}) AND ts >= ?`,
      )
      .get(...ids, sinceTs);
    return { costNanos: row?.cost ?? 0, calls: row?.calls ?? 0, unpriced: row?.unpriced ?? 0 };
  }
}
