// Balance and quota cards: what is left, when it resets, the pace of use and when it runs out at that pace,
// and the warning state that raises a balance alert (once per provider, period and threshold).
import type { Balance } from '../../preload/contract/reconcile';
import type { StoredBalance, StoredFetch } from './store';

const DAY_MS = 86_400_000;
/** A wallet without a plan size warns when it runs out within this many days. */
export const WALLET_WARN_DAYS = 7;
/** Pace needs some elapsed time; below this the projection would swing wildly. */
const MIN_PACE_WINDOW_MS = 3_600_000;

/** Use per day: over the billing period so far when the vendor says how much was used, else between reads. */
export function pacePerDay(b: StoredBalance, history: readonly StoredFetch[], now: number): number | null {
  if (b.used !== null && b.periodStart !== null) {
    const elapsed = now - Date.parse(b.periodStart);
    return elapsed >= MIN_PACE_WINDOW_MS ? (b.used / elapsed) * DAY_MS : null;
  }
  const reads = history
    .map((f) => ({ at: f.fetchedAt, balance: f.reading?.balance ?? null }))
    .filter((r): r is { at: number; balance: NonNullable<typeof r.balance> } => r.balance?.unit === b.unit);
  const first = reads.find((r) => now - r.at <= 30 * DAY_MS);
  if (!first || b.fetchedAt - first.at < MIN_PACE_WINDOW_MS) return null;
  const spent = first.balance.remaining - b.remaining;
  // A top-up between the reads makes the drop meaningless: no pace rather than a wrong one.
  return spent >= 0 ? (spent / (b.fetchedAt - first.at)) * DAY_MS : null;
}

export function describeBalance(b: StoredBalance, history: readonly StoredFetch[], now: number): Balance {
  const pace = pacePerDay(b, history, now);
  const runsOut = pace !== null && pace > 0 ? b.fetchedAt + (b.remaining / pace) * DAY_MS : null;
  const runsOutAt = runsOut !== null && runsOut - now <= 365 * DAY_MS ? runsOut : null;
  const resets = b.resetsAt === null ? null : Date.parse(b.resetsAt);
  const percentLeft = b.total !== null && b.total > 0 ? (100 * b.remaining) / b.total : null;
  const exhausted = b.remaining <= 0;
  const low =
    percentLeft !== null
      ? percentLeft <= b.warnPercent
      : runsOutAt !== null && runsOutAt - now <= WALLET_WARN_DAYS * DAY_MS;
  return {
    provider: b.provider,
    unit: b.unit,
    remaining: b.remaining,
    total: b.total,
    used: b.used,
    periodStart: b.periodStart,
    resetsAt: b.resetsAt,
    fetchedAt: new Date(b.fetchedAt).toISOString(),
    warnPercent: b.warnPercent,
    percentLeft,
    pacePerDay: pace,
    runsOutAt: runsOutAt === null ? null : new Date(runsOutAt).toISOString(),
    runsOutBeforeReset: runsOutAt !== null && resets !== null && runsOutAt < resets,
    state: exhausted ? 'exhausted' : low ? 'warning' : 'ok',
    origin: b.origin,
  };
}

/** The period an alert belongs to: the quota cycle (its reset) when there is one, else the UTC month. */
export function alertPeriodKey(b: Balance, now: number): string {
  return b.resetsAt ? `until-${b.resetsAt.slice(0, 10)}` : new Date(now).toISOString().slice(0, 7);
}
