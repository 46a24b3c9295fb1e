// A virtual key's own hard budget (day / month, in the app's budget time zone) and request rate. Spend comes
// from the ledger rows tagged with the key; calls in flight hold their worst case until they settle, so
// concurrent calls cannot overshoot together (the same reserve-then-settle rule as the app's budgets).
// The period's spend is read from the ledger once, then kept current by the settled costs; it is re-read every
// minute so late settlements and re-pricing (which change ledger rows, not this counter) are picked up.
import type { ClientSpendQueries } from '../ledger/client-spend';
import { localDayPeriod, localMonthPeriod, type LocalPeriod } from '../ledger/timezones';
import type { VirtualKey } from './keys';
import type { Refusal } from './refusals';

export interface KeyHold {
  /** The call is ledgered: drop its hold and count its actual cost (null = unpriced). */
  release(actualNanos: number | null): void;
}

const MINUTE_MS = 60_000;
const SPEND_REFRESH_MS = 60_000;

interface PeriodSpend {
  start: number;
  costNanos: number;
  loadedAt: number;
}

export class KeyLimits {
  private readonly held = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();
  /** `${key id}:${day|month}` -> spend in the current period. */
  private readonly spent = new Map<string, PeriodSpend>();
  /** The current day and month in the budget time zone, recomputed only when one ends (Intl lookups are slow). */
  private periods: { tz: string; day: LocalPeriod; month: LocalPeriod } | null = null;

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
    if (key.budgetDayNanos === null && key.budgetMonthNanos === null) return this.noHold(key);
    const { day, month } = this.currentPeriods(now);
    const hold = worstCaseNanos ?? 0;
    const inFlight = this.held.get(key.id) ?? 0;
    const periods = [
      { limit: key.budgetDayNanos, label: 'daily', start: day.start },
      { limit: key.budgetMonthNanos, label: 'monthly', start: month.start },
    ];
    for (const p of periods) {
      if (p.limit === null) continue;
      const spent = this.periodSpend(key, p.label, p.start, now).costNanos;
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
      release: (actualNanos) => {
        if (released) return;
        released = true;
        this.held.set(key.id, (this.held.get(key.id) ?? hold) - hold);
        this.count(key, actualNanos);
      },
    };
  }

  private currentPeriods(now: number): { day: LocalPeriod; month: LocalPeriod } {
    const tz = this.timeZone();
    const p = this.periods;
    if (p && p.tz === tz && now >= p.day.start && now < p.day.end && now < p.month.end) return p;
    this.periods = { tz, day: localDayPeriod(tz, now), month: localMonthPeriod(tz, now) };
    return this.periods;
  }

  private noHold(key: VirtualKey): KeyHold {
    return { release: (actualNanos) => this.count(key, actualNanos) };
  }

  /** Adds a settled cost to the key's cached period spends (the ledger row is already written). */
  private count(key: VirtualKey, actualNanos: number | null): void {
    if (!actualNanos) return;
    for (const label of ['daily', 'monthly']) {
      const s = this.spent.get(`${key.id}:${label}`);
      if (s) s.costNanos += actualNanos;
    }
  }

  private periodSpend(key: VirtualKey, label: string, start: number, now: number): PeriodSpend {
    const id = `${key.id}:${label}`;
    const cached = this.spent.get(id);
    if (cached && cached.start === start && now - cached.loadedAt < SPEND_REFRESH_MS) return cached;
    const fresh = { start, costNanos: this.spend.since(key.name, start).costNanos, loadedAt: now };
    this.spent.set(id, fresh);
    return fresh;
  }
}

export const isRefusal = (x: KeyHold | Refusal): x is Refusal => 'kind' in x;
