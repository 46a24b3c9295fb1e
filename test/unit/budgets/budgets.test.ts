import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetRepository, type BudgetFields } from '../../../main/budgets/repository';
import type { BudgetAlertEvent } from '../../../main/budgets/service';
import { createCostServices, type CostServices } from '../../../main/cost/services';
import { refusal } from '../../helpers/app-error';
import { attempt, tempDb, type TempDb } from '../ledger/support';

let t: TempDb;
let now: number;
let tz: string;
let alerts: BudgetAlertEvent[];
let svc: CostServices;
let repo: BudgetRepository;

const JUNE_11 = Date.UTC(2026, 5, 11, 0, 0); // 10 days into a 30-day month (UTC)

beforeEach(() => {
  t = tempDb();
  now = JUNE_11;
  tz = 'UTC';
  alerts = [];
  svc = createCostServices({ db: t.db, clock: () => now, timeZone: () => tz, onBudgetAlert: (a) => alerts.push(a) });
  repo = new BudgetRepository(t.db);
});
afterEach(() => t.dispose());

const budget = (f: Partial<BudgetFields> = {}) =>
  repo.create({
    scope: 'overall',
    scopeId: '',
    period: 'month',
    limitNanos: 1_000_000_000,
    mode: 'hard',
    thresholds: [50, 80, 100],
    enabled: true,
    ...f,
  });
const spend = (costNanos: number, extra: Parameters<typeof attempt>[0] = {}) =>
  svc.ledger.recordAttempt(attempt({ ts: now - 60_000, costNanos, ...extra }));
const reserve = (
  amountNanos: number | null,
  provider: 'openai' | 'anthropic' = 'openai',
  integrationId: string | null = null,
) =>
  svc.budgets.reserve({
    callId: `c-${Math.random()}`,
    provider,
    integrationId,
    endpoint: 'chat.completions',
    amountNanos,
  });

describe('budget definitions', () => {
  it('validates scope, limit and thresholds and refuses a second budget for the same scope and period', () => {
    const b = budget({ thresholds: [100, 50, 50] });
    expect(b).toMatchObject({ scope: 'overall', scopeId: '', thresholds: [50, 100], enabled: true });
    expect(() => budget()).toThrow(/already exists/);
    expect(() => budget({ scope: 'provider', scopeId: 'nope' })).toThrow(/Unknown provider/);
    expect(() => budget({ scope: 'integration', scopeId: ' ' })).toThrow(/integration id/);
    expect(() => budget({ period: 'day', limitNanos: 0 })).toThrow(/positive/);
    expect(() => budget({ period: 'day', thresholds: [0] })).toThrow(/Thresholds/);
    expect(repo.update(b.id, { mode: 'soft', limitNanos: 5 })).toMatchObject({ mode: 'soft', limitNanos: 5 });
    expect(repo.delete(b.id)).toBe(true);
    expect(() => repo.get(b.id)).toThrow(/No budget/);
  });
});

describe('reservations', () => {
  it('refuses a hard-budget call that could overshoot, counting spend and calls in flight, with details', () => {
    budget({ limitNanos: 1_000_000_000 });
    spend(600_000_000);
    const held = reserve(300_000_000);
    const e = refusal(() => reserve(200_000_000));
    expect(e.code).toBe('budget_exceeded');
    expect(e.details).toMatchObject({
      scope: 'overall',
      period: 'month',
      periodKey: '2026-06',
      limitNanos: 1_000_000_000,
      spentNanos: 600_000_000,
      reservedNanos: 300_000_000,
      requestedNanos: 200_000_000,
    });
    expect(e.message).toMatch(/monthly overall budget of \$1\.00/);
    // Exactly filling the budget is allowed; releasing a hold frees room.
    const fits = reserve(100_000_000);
    svc.budgets.settle(held, null);
    expect(() => reserve(200_000_000)).not.toThrow();
    svc.budgets.settle(fits, null);
  });

  it('refuses a call of unknown cost under a hard budget, naming the per-operation cap that would allow it', () => {
    budget({ limitNanos: 1_000 });
    const e = refusal(() => reserve(null));
    expect(e.code).toBe('budget_exceeded');
    expect(e.message).toMatch(/per-operation cap for openai chat\.completions/);
    expect(e.details).toMatchObject({
      reason: 'unknown_cost',
      setting: 'budgets.caps.set',
      endpoint: 'chat.completions',
    });
    // With a cap, the cap is the call's worst case: reserved and checked like any other.
    repo.setCap('openai', 'chat.completions', 600);
    const held = reserve(null);
    expect(held.amountNanos).toBe(600);
    expect(refusal(() => reserve(null)).code).toBe('budget_exceeded');
    svc.budgets.settle(held, null);
    spend(500);
    expect(refusal(() => reserve(null)).details).toMatchObject({ spentNanos: 500, requestedNanos: 600 });
  });

  it('needs no budget room and holds nothing when no budget applies, even at unknown cost', () => {
    budget({ scope: 'provider', scopeId: 'anthropic', limitNanos: 1 });
    const before = t.db.prepare('SELECT COUNT(*) n FROM budget_reservations').get();
    const r = reserve(null, 'openai');
    expect(r.amountNanos).toBe(0);
    expect(t.db.prepare('SELECT COUNT(*) n FROM budget_reservations').get()).toEqual(before);
    svc.budgets.settle(r, null);
  });

  it('applies provider and integration budgets only to their calls, and never blocks on soft budgets', () => {
    budget({ scope: 'provider', scopeId: 'anthropic', limitNanos: 100 });
    budget({ scope: 'integration', scopeId: 'int-x', limitNanos: 100 });
    budget({ scope: 'overall', period: 'day', mode: 'soft', limitNanos: 1 });
    expect(() => reserve(1_000_000, 'openai')).not.toThrow();
    expect(refusal(() => reserve(1_000_000, 'anthropic')).details).toMatchObject({
      scope: 'provider',
      scopeId: 'anthropic',
    });
    expect(refusal(() => reserve(1_000_000, 'openai', 'int-x')).details).toMatchObject({
      scope: 'integration',
      scopeId: 'int-x',
    });
  });

  it('drops holds of calls that never settled once they expire', () => {
    budget({ limitNanos: 100 });
    reserve(100);
    expect(refusal(() => reserve(1)).code).toBe('budget_exceeded');
    now += 31 * 60_000;
    expect(() => reserve(1)).not.toThrow();
  });

  it("counts spend in the budget zone's month: 22:00 on June 30 in New York is June", () => {
    tz = 'America/New_York';
    budget({ limitNanos: 1_000 });
    now = Date.UTC(2026, 6, 1, 3, 0); // June 30, 23:00 EDT
    svc.ledger.recordAttempt(attempt({ ts: Date.UTC(2026, 6, 1, 2, 0), costNanos: 1_000 })); // June 30, 22:00 EDT
    expect(refusal(() => reserve(1)).details).toMatchObject({ periodKey: '2026-06', spentNanos: 1_000 });
    now = Date.UTC(2026, 6, 1, 5, 0); // July 1, 01:00 EDT: a new month
    expect(() => reserve(1)).not.toThrow();
  });

  it('rejects a negative or fractional amount', () => {
    expect(() => reserve(-1)).toThrow(/non-negative integer/);
    expect(() => reserve(0.5)).toThrow(/non-negative integer/);
  });
});

describe('alerts', () => {
  it('records each threshold once per period and emits it on settle', () => {
    const b = budget({ limitNanos: 1_000, mode: 'soft' });
    const r1 = reserve(600);
    spend(600);
    svc.budgets.settle(r1, 600);
    expect(alerts.map((a) => a.threshold)).toEqual([50]);
    const r2 = reserve(300);
    spend(300);
    svc.budgets.settle(r2, 300);
    const r3 = reserve(200);
    spend(200);
    svc.budgets.settle(r3, 200);
    expect(alerts.map((a) => [a.budgetId, a.periodKey, a.threshold, a.spentNanos])).toEqual([
      [b.id, '2026-06', 50, 600],
      [b.id, '2026-06', 80, 900],
      [b.id, '2026-06', 100, 1_100],
    ]);
    // Nothing new: no repeat.
    svc.budgets.settle(reserve(0), 0);
    expect(alerts).toHaveLength(3);
    expect(svc.budgets.alerts({ limit: 10 }).map((a) => a.threshold)).toEqual([100, 80, 50]);
    // A new month starts over.
    now = Date.UTC(2026, 6, 2);
    spend(700);
    svc.budgets.settle(reserve(0), 0);
    expect(alerts.at(-1)).toMatchObject({ periodKey: '2026-07', threshold: 50 });
  });

  it('alerts when a late provider price (settlement) pushes spend over a threshold', () => {
    budget({ limitNanos: 1_000 });
    const row = spend(100, { provider: 'twilio' });
    expect(alerts).toEqual([]);
    svc.ledger.settle(row, { costNanos: 850, costSource: 'provider_reported' });
    expect(alerts.map((a) => a.threshold)).toEqual([50, 80]);
  });
});

describe('status', () => {
  it('reports spent, held, % used, burn rate and the month-end projection', () => {
    budget({ limitNanos: 40_000_000_000 }); // $40
    spend(10_000_000_000); // $10 in the first 10 days of June
    spend(0, { costNanos: null, costSource: 'unpriced', priceVersion: null });
    reserve(1_000_000_000);
    const [s] = svc.budgets.status();
    expect(s).toMatchObject({
      periodKey: '2026-06',
      periodStart: '2026-06-01T00:00:00.000Z',
      periodEnd: '2026-07-01T00:00:00.000Z',
      spentNanos: 10_000_000_000,
      reservedNanos: 1_000_000_000,
      unpricedAttempts: 1,
      percentUsed: 25,
      burnRateNanosPerDay: 1_000_000_000, // $1/day
      projectedNanos: 30_000_000_000, // $10 + 20 days x $1
      projectedPercent: 75,
      state: 'ok',
      thresholdsReached: [],
    });
  });
});
