// The reconciliation picture for a period, from stored fetches and the ledger as it is now: one drift row per
// provider (recomputed from the latest fetch so settlements since then count), and the balance cards. Pure
// reads: the app's overview and the terminal report (read-only database) share it.
import type { Balance, DriftRow, ReconcileOverview } from '../../preload/contract/reconcile';
import type { Db } from '../db/database';
import { PROVIDER_IDS, type ProviderId } from '../gateway/types';
import { LedgerPeriods } from '../ledger/period-totals';
import { describeBalance } from './balances';
import { driftRow } from './drift';
import { monthFromKey, type Month } from './periods';
import { ReconcileStore } from './store';

const NEVER_MESSAGE = 'Not checked against the vendor yet: press Refresh.';

export function driftFor(store: ReconcileStore, periods: LedgerPeriods, provider: ProviderId, month: Month): DriftRow {
  const fetch = store.latestFetch(provider, month.key);
  const window = fetch?.reading?.window ?? { from: month.from, to: month.to };
  return driftRow({
    provider,
    period: month.key,
    ledger: periods.totals(provider, window.from, window.to),
    settled: periods.settlements(provider, window.from, window.to),
    reading: fetch?.state === 'ok' ? fetch.reading : null,
    state: fetch?.state ?? 'never',
    message: fetch?.message ?? NEVER_MESSAGE,
    checkedAt: fetch?.fetchedAt ?? null,
    window,
    origin: fetch?.origin ?? 'live',
  });
}

export function balancesNow(store: ReconcileStore, now: number): Balance[] {
  return store.balances().map((b) => describeBalance(b, store.okFetchesSince(b.provider, now - 30 * 86_400_000), now));
}

export function buildOverview(
  db: Db,
  period: string,
  now: number,
  adminKeys: ReconcileOverview['adminKeys'] = [],
): ReconcileOverview {
  const store = new ReconcileStore(db);
  const periods = new LedgerPeriods(db);
  const month = monthFromKey(period);
  return {
    period,
    generatedAt: new Date(now).toISOString(),
    rows: PROVIDER_IDS.map((p) => driftFor(store, periods, p, month)),
    balances: balancesNow(store, now),
    adminKeys,
  };
}
