// Budgets at run time: worst-case reservations, settlement, threshold alerts recorded once per period, and status
// with burn rate and month-end projection.
//
// The hot path keeps its state in memory and exact: the enabled budgets and caps (reloaded when this process
// changes them or another connection commits: SQLite's data_version), each period's spend per call profile
// (read once from the ledger, then folded from the ledger's spend events) and this process's own holds. A call
// no hard budget applies to touches no table and opens no transaction; a hard budget takes one BEGIN IMMEDIATE
// transaction (the reservation row other connections see, and the caller's write-ahead row in the same commit),
// where spend is re-read only if another connection wrote since.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { immediate } from '../db/database';
import { AppError } from '../core/errors';
import type { BudgetGuard, Reservation } from '../gateway/deps';
import type { Nanos, ProviderId } from '../gateway/types';
import type { CallProfile, ProfileStore } from '../ledger/profiles';
import type { SpendChange } from '../ledger/ledger';
import { spendByProfile, type PeriodSpend } from '../ledger/spend';
import { HOUR_MS } from '../ledger/rollups';
import { localDayPeriod, localMonthPeriod, type LocalPeriod } from '../ledger/timezones';
import type { Budget, BudgetRepository } from './repository';

const DAY_MS = 86_400_000;
/** An in-flight call's hold lapses after this long (a crash must not block a budget forever). */
export const DEFAULT_RESERVATION_TTL_MS = 30 * 60_000;
/** Where the per-operation caps are set, named in the refusal of a call of unknown cost. */
export const OPERATION_CAP_SETTING = 'Budgets → Per-operation caps (budgets.caps.set)';

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
  /** The ledger's committed spend changes (Ledger.onSpend): folded into the in-memory period totals. */
  spendEvents?: (listener: (changes: SpendChange[]) => void) => void;
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

interface Hold extends Scoped {
  amount: number;
  expiresAt: number;
  /** A row in budget_reservations (hard budgets: other connections must see it). */
  stored: boolean;
  /** Any budget applies: settle re-checks the alerts. */
  budgeted: boolean;
}

/** One period's spend per profile, valid while the period, the zone and the database's other writers stand still. */
interface PeriodCache extends LocalPeriod {
  tz: string;
  dataVersion: number;
  spend: PeriodSpend;
}

interface ForeignHold extends Scoped {
  amount: number;
}

export class BudgetService implements BudgetGuard {
  private readonly clock: () => number;
  private readonly ttl: number;
  private readonly holds = new Map<string, Hold>();
  private readonly periods = new Map<Budget['period'], PeriodCache>();
  /** Reservations other connections hold, as of `foreignVersion`. */
  private foreign: ForeignHold[] = [];
  private foreignVersion = -1;
  private config: { repoVersion: number; dataVersion: number; budgets: Budget[]; caps: Map<string, number> } | null =
    null;
  /** Alerts already recorded (budget, period key, threshold): no write once a threshold is passed. */
  private readonly raised = new Set<string>();
  private readonly stmts;

  constructor(private readonly o: BudgetServiceOptions) {
    this.clock = o.clock ?? Date.now;
    this.ttl = o.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
    const db = o.db;
    this.stmts = {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      expire: db.prepare('DELETE FROM budget_reservations WHERE expires_at <= ?'),
      insert: db.prepare(
        'INSERT INTO budget_reservations (id, call_id, provider, integration_id, amount_nanos, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      remove: db.prepare('DELETE FROM budget_reservations WHERE id = ?'),
      open: db.prepare<[number], { id: string; provider: string; integration_id: string; amount_nanos: number }>(
        'SELECT id, provider, integration_id, amount_nanos FROM budget_reservations WHERE expires_at > ?',
      ),
      alert: db.prepare(
        `INSERT INTO budget_alerts (budget_id, period_key, threshold, spent_nanos, limit_nanos, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (budget_id, period_key, threshold) DO NOTHING`,
      ),
    };
    o.spendEvents?.((changes) => this.fold(changes));
  }

  reserve(
    input: {
      callId: string;
      provider: ProviderId;
      integrationId: string | null;
      endpoint: string;
      amountNanos: Nanos | null;
      model?: string | null;
    },
    alongside?: () => void,
  ): Reservation {
    let amount = input.amountNanos;
    if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0))
      throw new AppError('invalid_input', 'A reservation must be a non-negative integer of nano-USD');
    const scoped: Scoped = { provider: input.provider, integrationId: input.integrationId };
    const config = this.currentConfig();
    const id = randomUUID();
    const now = this.clock();
    const hold: Hold = { ...scoped, amount: amount ?? 0, expiresAt: now + this.ttl, stored: false, budgeted: false };
    const hard: Budget[] = [];
    for (const b of config.budgets) {
      if (!applies(b, scoped)) continue;
      hold.budgeted = true;
      if (b.mode === 'hard') hard.push(b);
    }
    const [firstHard] = hard;
    if (firstHard) {
      if (amount === null) {
        const cap = config.caps.get(capKey(input.provider, input.endpoint));
        if (cap === undefined) throw unknownCost(firstHard, input.provider, input.endpoint, input.model ?? null);
        amount = cap;
        hold.amount = cap;
      }
      const wanted = amount;
      immediate(this.o.db, () => {
        const dataVersion = this.stmts.dataVersion.get() as number;
        for (const b of hard) {
          const spent = this.spent(b, now, dataVersion).costNanos;
          const held = this.heldInScope(b, now, dataVersion);
          if (spent + held + wanted > b.limitNanos) {
            throw new AppError('budget_exceeded', budgetMessage(b, spent, held, wanted), {
              budgetId: b.id,
              scope: b.scope,
              scopeId: b.scopeId,
              period: b.period,
              periodKey: this.period(b, now).key,
              limitNanos: b.limitNanos,
              spentNanos: spent,
              reservedNanos: held,
              requestedNanos: wanted,
            });
          }
        }
        this.stmts.insert.run(id, input.callId, input.provider, input.integrationId ?? '', wanted, now, hold.expiresAt);
        alongside?.();
      });
      hold.stored = true;
    } else alongside?.();
    // Held only once everything committed: a refusal or a failed write inside leaves nothing to settle.
    this.holds.set(id, hold);
    return { id, amountNanos: hold.amount };
  }

  /** Releases the hold; the actual cost is already in the ledger (recorded before settle). Then checks alerts. */
  settle(reservation: Reservation, actualNanos: Nanos | null): void {
    void actualNanos;
    const h = this.holds.get(reservation.id);
    this.holds.delete(reservation.id);
    if (h?.stored !== false) this.stmts.remove.run(reservation.id);
    if (h?.budgeted) this.checkAlerts(h);
  }

  /** Records (once per budget, period and threshold) and emits alerts for budgets now past a threshold. */
  checkAlerts(scope?: Scoped): BudgetAlertEvent[] {
    const budgets = this.currentConfig().budgets.filter((b) => scope === undefined || applies(b, scope));
    if (budgets.length === 0) return [];
    const now = this.clock();
    const dataVersion = this.stmts.dataVersion.get() as number;
    const raised: BudgetAlertEvent[] = [];
    for (const b of budgets) {
      const spent = this.spent(b, now, dataVersion).costNanos;
      const key = this.period(b, now).key;
      for (const t of b.thresholds) {
        if (spent * 100 < t * b.limitNanos) continue;
        const seen = `${b.id}\u0000${key}\u0000${t}\u0000${b.updatedAt}`;
        if (this.raised.has(seen)) continue;
        const info = this.stmts.alert.run(b.id, key, t, spent, b.limitNanos, now);
        this.raised.add(seen);
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

  /** Enabled budgets and caps, reloaded only when they may have changed. */
  private currentConfig() {
    const dataVersion = this.stmts.dataVersion.get() as number;
    const c = this.config;
    if (c && c.repoVersion === this.o.repo.version && c.dataVersion === dataVersion) return c;
    const caps = new Map<string, number>();
    for (const cap of this.o.repo.caps()) caps.set(capKey(cap.provider, cap.endpoint), cap.capNanos);
    this.config = { repoVersion: this.o.repo.version, dataVersion, budgets: this.o.repo.enabled(), caps };
    return this.config;
  }

  private period(b: Budget, now: number): PeriodCache {
    const tz = this.o.timeZone();
    const p = this.periods.get(b.period);
    if (p && p.tz === tz && now >= p.start && now < p.end) return p;
    const fresh = b.period === 'month' ? localMonthPeriod(tz, now) : localDayPeriod(tz, now);
    // The spend of a new period is read on first use (dataVersion -1 forces it).
    const cache: PeriodCache = {
      ...fresh,
      tz,
      dataVersion: -1,
      spend: { costByProfile: new Map(), unpricedByProfile: new Map() },
    };
    this.periods.set(b.period, cache);
    return cache;
  }

  /** Spend in the budget's current period, re-read from the ledger only when another connection wrote. */
  private spent(b: Budget, now: number, dataVersion: number): { costNanos: number; unpriced: number } {
    const cache = this.period(b, now);
    if (cache.dataVersion !== dataVersion) {
      cache.spend = spendByProfile(this.o.db, cache.start, cache.end);
      cache.dataVersion = dataVersion;
    }
    return sumInScope(b, cache.spend, this.o.profiles);
  }

  /** Own holds (memory) plus other connections' (re-read when another connection wrote). */
  private heldInScope(b: Budget, now: number, dataVersion: number): number {
    if (this.foreignVersion !== dataVersion) {
      this.stmts.expire.run(now);
      this.foreign = this.stmts.open
        .all(now)
        .filter((r) => !this.holds.has(r.id))
        .map((r) => ({
          provider: r.provider,
          integrationId: r.integration_id === '' ? null : r.integration_id,
          amount: r.amount_nanos,
        }));
      this.foreignVersion = dataVersion;
    }
    let held = 0;
    for (const f of this.foreign) if (applies(b, f)) held += f.amount;
    for (const [id, h] of this.holds) {
      if (h.expiresAt <= now) this.holds.delete(id);
      else if (applies(b, h)) held += h.amount;
    }
    return held;
  }

  /** The ledger's own committed changes, added to the periods they fall in. */
  private fold(changes: SpendChange[]): void {
    for (const cache of this.periods.values()) {
      if (cache.dataVersion === -1) continue;
      for (const c of changes) {
        if (c.ts < cache.start || c.ts >= cache.end) continue;
        const s = cache.spend;
        s.costByProfile.set(c.profileId, (s.costByProfile.get(c.profileId) ?? 0) + c.costNanos);
        s.unpricedByProfile.set(c.profileId, (s.unpricedByProfile.get(c.profileId) ?? 0) + c.unpriced);
      }
    }
  }

  status(at: number = this.clock()): BudgetStatus[] {
    const tz = this.o.timeZone();
    const periods = new Map<Budget['period'], { period: LocalPeriod; spend: PeriodSpend }>();
    const reserved = this.stmts.open.all(at);
    return this.o.repo.list().map((b) => {
      let p = periods.get(b.period);
      if (!p) {
        const period = b.period === 'month' ? localMonthPeriod(tz, at) : localDayPeriod(tz, at);
        p = { period, spend: spendByProfile(this.o.db, period.start, period.end) };
        periods.set(b.period, p);
      }
      const { period } = p;
      const { costNanos: spent, unpriced } = sumInScope(b, p.spend, this.o.profiles);
      const held = reserved
        .filter((r) =>
          applies(b, { provider: r.provider, integrationId: r.integration_id === '' ? null : r.integration_id }),
        )
        .reduce((sum, r) => sum + r.amount_nanos, 0);
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
}

const usd = (n: number): string => `$${(n / 1e9).toFixed(2)}`;

function budgetMessage(b: Budget, spent: number, held: number, amount: number): string {
  const what = b.scope === 'overall' ? 'overall' : `${b.scope} ${b.scopeId}`;
  const need = `this call (up to ${usd(amount)})`;
  return `The ${b.period === 'month' ? 'monthly' : 'daily'} ${what} budget of ${usd(b.limitNanos)} would be exceeded: ${usd(spent)} spent and ${usd(held)} held by calls in flight leave no room for ${need}.`;
}

function sumInScope(b: Budget, spend: PeriodSpend, profiles: ProfileStore): { costNanos: number; unpriced: number } {
  let costNanos = 0;
  let unpriced = 0;
  for (const [profileId, cost] of spend.costByProfile) {
    const p = profiles.get(profileId);
    if (!p || !profileInScope(b, p)) continue;
    costNanos += cost;
    unpriced += spend.unpricedByProfile.get(profileId) ?? 0;
  }
  return { costNanos, unpriced };
}

const capKey = (provider: string, endpoint: string) => `${provider}\u0000${endpoint}`;

/** A call of unknown cost under a hard budget: refused, naming the setting that would let it run. */
function unknownCost(b: Budget, provider: string, endpoint: string, model: string | null): AppError {
  const what = b.scope === 'overall' ? 'overall' : `${b.scope} ${b.scopeId}`;
  const price = model ? `a price for ${provider} model "${model}"` : 'its price';
  return new AppError(
    'budget_exceeded',
    `The cost of ${provider} ${endpoint} cannot be bounded before it is sent, and the ${what} budget is hard. Set a per-operation cap for ${provider} ${endpoint} in ${OPERATION_CAP_SETTING} to let it run, or set ${price} on the Prices screen.`,
    { reason: 'unknown_cost', setting: 'budgets.caps.set', provider, endpoint, model, budgetId: b.id },
  );
}
