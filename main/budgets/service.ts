// Budgets at run time: worst-case reservations taken atomically (BEGIN IMMEDIATE: spent + open
// reservations + this call <= limit across every connection), settlement, threshold alerts recorded once
// per period, and status with burn rate and month-end projection. Spend is read from the ledger's rollups.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { immediate } from '../db/database';
import { AppError } from '../core/errors';
import type { BudgetGuard, Reservation } from '../gateway/deps';
import type { Nanos, ProviderId } from '../gateway/types';
import type { CallProfile, ProfileStore } from '../ledger/profiles';
import { sumByProfile } from '../ledger/rollup-reader';
import { HOUR_MS } from '../ledger/rollups';
import { localDayPeriod, localMonthPeriod, type LocalPeriod } from '../ledger/timezones';
import type { Budget, BudgetRepository } from './repository';

const DAY_MS = 86_400_000;
/** An in-flight call's hold lapses after this long (a crash must not block a budget forever). */
export const DEFAULT_RESERVATION_TTL_MS = 30 * 60_000;

export interface BudgetAlertEvent {
  alertId: number;
  budgetId: number;
  scope: Budget['scope'];
  scopeId: string;
  period: Budget['period'];
  periodKey: string;
  threshold: number;
  spentNanos: number;
  limitNanos: number;
  mode: Budget['mode'];
}

export interface BudgetStatus {
  budget: Budget;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  spentNanos: number;
  reservedNanos: number;
  /** Calls in the period without a price: not in `spentNanos`. */
  unpricedAttempts: number;
  percentUsed: number;
  burnRateNanosPerDay: number;
  projectedNanos: number;
  projectedPercent: number;
  state: 'ok' | 'warning' | 'exceeded';
  thresholdsReached: number[];
}

export interface BudgetServiceOptions {
  db: Db;
  repo: BudgetRepository;
  profiles: ProfileStore;
  timeZone: () => string;
  clock?: () => number;
  reservationTtlMs?: number;
  onAlert?: (alert: BudgetAlertEvent) => void;
}

interface Scoped {
  provider: string;
  integrationId: string | null;
}

const applies = (b: Budget, s: Scoped): boolean =>
  b.scope === 'overall' ||
  (b.scope === 'provider' && b.scopeId === s.provider) ||
  (b.scope === 'integration' && b.scopeId === s.integrationId);

const profileInScope = (b: Budget, p: CallProfile): boolean =>
  applies(b, { provider: p.provider, integrationId: p.integrationId });

interface PeriodSpend {
  costByProfile: Map<number, number>;
  unpricedByProfile: Map<number, number>;
}

export class BudgetService implements BudgetGuard {
  private readonly clock: () => number;
  private readonly ttl: number;
  /** Where each live reservation came from, so settle() knows which budgets to re-check. */
  private readonly pending = new Map<string, Scoped & { stored: boolean }>();

  constructor(private readonly o: BudgetServiceOptions) {
    this.clock = o.clock ?? Date.now;
    this.ttl = o.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  }

  reserve(input: {
    callId: string;
    provider: ProviderId;
    integrationId: string | null;
    amountNanos: Nanos | null;
  }): Reservation {
    const amount = input.amountNanos;
    if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0))
      throw new AppError('invalid_input', 'A reservation must be a non-negative integer of nano-USD');
    const scoped: Scoped = { provider: input.provider, integrationId: input.integrationId };
    const id = randomUUID();
    const stored = immediate(this.o.db, () => {
      const now = this.clock();
      this.o.db.prepare('DELETE FROM budget_reservations WHERE expires_at <= ?').run(now);
      const budgets = this.o.repo.enabled().filter((b) => applies(b, scoped));
      if (budgets.length === 0) return false;
      const spend = new SpendReader(this.o.db, this.o.profiles, this.o.timeZone(), now);
      const reserved = this.openReservations(now);
      for (const b of budgets) {
        if (b.mode !== 'hard') continue;
        const spent = spend.spent(b).costNanos;
        const held = reservedInScope(b, reserved);
        // A call we cannot bound (null) may still not start once the budget is used up.
        const over = amount === null ? spent + held >= b.limitNanos : spent + held + amount > b.limitNanos;
        if (over) {
          throw new AppError('budget_exceeded', budgetMessage(b, spent, held, amount), {
            budgetId: b.id,
            scope: b.scope,
            scopeId: b.scopeId,
            period: b.period,
            periodKey: spend.period(b).key,
            limitNanos: b.limitNanos,
            spentNanos: spent,
            reservedNanos: held,
            requestedNanos: amount,
          });
        }
      }
      this.o.db
        .prepare(
          'INSERT INTO budget_reservations (id, call_id, provider, integration_id, amount_nanos, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, input.callId, input.provider, input.integrationId ?? '', amount ?? 0, now, now + this.ttl);
      return true;
    });
    this.pending.set(id, { ...scoped, stored });
    return { id, amountNanos: amount ?? 0 };
  }

  /** Releases the hold; the actual cost is already in the ledger (recorded before settle). Then checks alerts. */
  settle(reservation: Reservation, actualNanos: Nanos | null): void {
    void actualNanos;
    const p = this.pending.get(reservation.id);
    this.pending.delete(reservation.id);
    if (p?.stored !== false) this.o.db.prepare('DELETE FROM budget_reservations WHERE id = ?').run(reservation.id);
    if (p) this.checkAlerts(p);
  }

  /** Records (once per budget, period and threshold) and emits alerts for budgets now past a threshold. */
  checkAlerts(scope?: Scoped): BudgetAlertEvent[] {
    const budgets = this.o.repo.enabled().filter((b) => scope === undefined || applies(b, scope));
    if (budgets.length === 0) return [];
    const now = this.clock();
    const spend = new SpendReader(this.o.db, this.o.profiles, this.o.timeZone(), now);
    const insert = this.o.db.prepare(
      `INSERT INTO budget_alerts (budget_id, period_key, threshold, spent_nanos, limit_nanos, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (budget_id, period_key, threshold) DO NOTHING`,
    );
    const raised: BudgetAlertEvent[] = [];
    for (const b of budgets) {
      const spent = spend.spent(b).costNanos;
      const key = spend.period(b).key;
      for (const t of b.thresholds) {
        if (spent * 100 < t * b.limitNanos) continue;
        const info = insert.run(b.id, key, t, spent, b.limitNanos, now);
        if (info.changes === 0) continue;
        raised.push({
          alertId: Number(info.lastInsertRowid),
          budgetId: b.id,
          scope: b.scope,
          scopeId: b.scopeId,
          period: b.period,
          periodKey: key,
          threshold: t,
          spentNanos: spent,
          limitNanos: b.limitNanos,
          mode: b.mode,
        });
      }
    }
    for (const a of raised) this.o.onAlert?.(a);
    return raised;
  }

  status(at: number = this.clock()): BudgetStatus[] {
    const spend = new SpendReader(this.o.db, this.o.profiles, this.o.timeZone(), at);
    const reserved = this.openReservations(at);
    return this.o.repo.list().map((b) => {
      const period = spend.period(b);
      const { costNanos: spent, unpriced } = spend.spent(b);
      const held = reservedInScope(b, reserved);
      // Burn rate over the elapsed part of the period (at least an hour, so a first call does not explode it).
      const elapsed = Math.max(HOUR_MS, Math.min(at, period.end) - period.start);
      const perMs = spent / elapsed;
      const projected = Math.round(spent + perMs * Math.max(0, period.end - at));
      const percent = (spent / b.limitNanos) * 100;
      return {
        budget: b,
        periodKey: period.key,
        periodStart: new Date(period.start).toISOString(),
        periodEnd: new Date(period.end).toISOString(),
        spentNanos: spent,
        reservedNanos: held,
        unpricedAttempts: unpriced,
        percentUsed: percent,
        burnRateNanosPerDay: Math.round(perMs * DAY_MS),
        projectedNanos: projected,
        projectedPercent: (projected / b.limitNanos) * 100,
        state: percent >= 100 ? 'exceeded' : b.thresholds.some((t) => t < 100 && percent >= t) ? 'warning' : 'ok',
        thresholdsReached: b.thresholds.filter((t) => percent >= t),
      };
    });
  }

  alerts(opts: { limit: number; since?: number }) {
    type Row = {
      id: number;
      budget_id: number;
      period_key: string;
      threshold: number;
      spent_nanos: number;
      limit_nanos: number;
      created_at: number;
      scope: Budget['scope'];
      scope_id: string;
      period: Budget['period'];
      mode: Budget['mode'];
    };
    return this.o.db
      .prepare<[number, number], Row>(
        `SELECT a.*, b.scope, b.scope_id, b.period, b.mode FROM budget_alerts a JOIN budgets b ON b.id = a.budget_id
         WHERE a.created_at >= ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
      )
      .all(opts.since ?? 0, opts.limit)
      .map((r) => ({
        id: r.id,
        budgetId: r.budget_id,
        scope: r.scope,
        scopeId: r.scope_id,
        period: r.period,
        periodKey: r.period_key,
        threshold: r.threshold,
        spentNanos: r.spent_nanos,
        limitNanos: r.limit_nanos,
        mode: r.mode,
        createdAt: new Date(r.created_at).toISOString(),
      }));
  }

  private openReservations(now: number): Array<{ provider: string; integration_id: string; amount: number }> {
    return this.o.db
      .prepare<[number], { provider: string; integration_id: string; amount: number }>(
        'SELECT provider, integration_id, SUM(amount_nanos) AS amount FROM budget_reservations WHERE expires_at > ? GROUP BY provider, integration_id',
      )
      .all(now);
  }
}

function reservedInScope(
  b: Budget,
  reserved: Array<{ provider: string; integration_id: string; amount: number }>,
): number {
  return reserved
    .filter((r) =>
      applies(b, { provider: r.provider, integrationId: r.integration_id === '' ? null : r.integration_id }),
    )
    .reduce((s, r) => s + r.amount, 0);
}

const usd = (n: number): string => `$${(n / 1e9).toFixed(2)}`;

function budgetMessage(b: Budget, spent: number, held: number, amount: number | null): string {
  const what = b.scope === 'overall' ? 'overall' : `${b.scope} ${b.scopeId}`;
  const need = amount === null ? 'a call of unknown cost' : `this call (up to ${usd(amount)})`;
  return `The ${b.period === 'month' ? 'monthly' : 'daily'} ${what} budget of ${usd(b.limitNanos)} would be exceeded: ${usd(spent)} spent and ${usd(held)} held by calls in flight leave no room for ${need}.`;
}

/** Spend per budget period from the rollups (plus raw rows for partial edge hours), memoised per period. */
class SpendReader {
  private readonly byPeriod = new Map<string, PeriodSpend>();
  private readonly periods = new Map<string, LocalPeriod>();
  private readonly profiles: CallProfile[];

  constructor(
    private readonly db: Db,
    profileStore: ProfileStore,
    private readonly tz: string,
    private readonly at: number,
  ) {
    this.profiles = profileStore.all();
  }

  period(b: Budget): LocalPeriod {
    let p = this.periods.get(b.period);
    if (!p) {
      p = b.period === 'month' ? localMonthPeriod(this.tz, this.at) : localDayPeriod(this.tz, this.at);
      this.periods.set(b.period, p);
    }
    return p;
  }

  spent(b: Budget): { costNanos: number; unpriced: number } {
    const period = this.period(b);
    let s = this.byPeriod.get(b.period);
    if (!s) {
      s = this.read(period);
      this.byPeriod.set(b.period, s);
    }
    let costNanos = 0;
    let unpriced = 0;
    for (const p of this.profiles) {
      if (!profileInScope(b, p)) continue;
      costNanos += s.costByProfile.get(p.id) ?? 0;
      unpriced += s.unpricedByProfile.get(p.id) ?? 0;
    }
    return { costNanos, unpriced };
  }

  private read(period: LocalPeriod): PeriodSpend {
    const out: PeriodSpend = { costByProfile: new Map(), unpricedByProfile: new Map() };
    const add = (rows: Array<{ profile_id: number; cost: number; unpriced: number }>) => {
      for (const r of rows) {
        out.costByProfile.set(r.profile_id, (out.costByProfile.get(r.profile_id) ?? 0) + r.cost);
        out.unpricedByProfile.set(r.profile_id, (out.unpricedByProfile.get(r.profile_id) ?? 0) + r.unpriced);
      }
    };
    const firstFull = Math.ceil(period.start / HOUR_MS);
    const endFull = Math.floor(period.end / HOUR_MS);
    add(
      sumByProfile(this.db, firstFull, endFull, ['cost_nanos', 'unpriced']).map((r) => ({
        profile_id: r.profile_id,
        cost: r.cost_nanos ?? 0,
        unpriced: r.unpriced ?? 0,
      })),
    );
    // Periods in half-hour zones start mid-hour: read those slivers from the raw rows.
    const raw = this.db.prepare<[number, number], { profile_id: number; cost: number; unpriced: number }>(
      `SELECT profile_id, SUM(COALESCE(cost_nanos, 0)) AS cost, SUM(cost_nanos IS NULL) AS unpriced FROM calls WHERE ts >= ? AND ts < ? GROUP BY profile_id`,
    );
    if (period.start < firstFull * HOUR_MS) add(raw.all(period.start, firstFull * HOUR_MS));
    if (endFull * HOUR_MS < period.end) add(raw.all(Math.max(endFull * HOUR_MS, period.start), period.end));
    return out;
  }
}
