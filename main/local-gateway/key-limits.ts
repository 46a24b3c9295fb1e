// A virtual key's own hard budget (day / month, in the app's budget time zone) and request rate. Spend comes
// from the ledger rows tagged with the key; calls in flight hold their worst case until they settle, so
// concurrent calls cannot overshoot together (the same reserve-then-settle rule as the app's budgets).
import type { ClientSpendQueries } from '../ledger/client-spend';
import { localDayPeriod, localMonthPeriod } from '../ledger/timezones';
import type { VirtualKey } from './keys';
import type { Refusal } from './refusals';

export interface KeyHold {
  release(): void;
}

const NO_HOLD: KeyHold = { release() {} };
const MINUTE_MS = 60_000;

export class KeyLimits {
  private readonly held = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly spend: ClientSpendQueries,
    private readonly timeZone: () => string,
    private readonly clock: () => number,
  ) {}

  /** Admits one call for `key` holding `worstCaseNanos` (null = unbounded: admitted while under budget). */
  admit(key: VirtualKey, worstCaseNanos: number | null): KeyHold | Refusal {
    const now = this.clock();
    if (key.ratePerMinute !== null) {
      const times = (this.recent.get(key.id) ?? []).filter((t) => t > now - MINUTE_MS);
      if (times.length >= key.ratePerMinute) {
        this.recent.set(key.id, times);
        return {
          kind: 'rate_limited',
          message: `AICON gateway: key "${key.name}" allows ${key.ratePerMinute} requests per minute`,
          retryAfterS: ((times[0] ?? now) + MINUTE_MS - now) / 1000,
        };
      }
      times.push(now);
      this.recent.set(key.id, times);
    }
    if (key.budgetDayNanos === null && key.budgetMonthNanos === null) return NO_HOLD;
    const tz = this.timeZone();
    const hold = worstCaseNanos ?? 0;
    const inFlight = this.held.get(key.id) ?? 0;
    const periods = [
      { limit: key.budgetDayNanos, label: 'daily', start: localDayPeriod(tz, now).start },
      { limit: key.budgetMonthNanos, label: 'monthly', start: localMonthPeriod(tz, now).start },
    ];
    for (const p of periods) {
      if (p.limit === null) continue;
      const spent = this.spend.since(key.name, p.start).costNanos;
      if (spent + inFlight >= p.limit || spent + inFlight + hold > p.limit) {
        return {
          kind: 'budget',
          message: `AICON gateway: key "${key.name}" is over its ${p.label} budget ($${(spent / 1e9).toFixed(4)} spent, $${(p.limit / 1e9).toFixed(4)} allowed)`,
        };
      }
    }
    this.held.set(key.id, inFlight + hold);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held.set(key.id, (this.held.get(key.id) ?? hold) - hold);
      },
    };
  }
}

export const isRefusal = (x: KeyHold | Refusal): x is Refusal => 'kind' in x;
