// Builds the ledger, pricing, budgets and limits on one database connection: the gateway's LedgerSink,
// Pricer, BudgetGuard and Limiter plus their IPC handlers.
import type { Db } from '../db/database';
import type { PartialHandlers } from '../core/router';
import { BudgetRepository } from '../budgets/repository';
import { BudgetService, type BudgetAlertEvent } from '../budgets/service';
import { budgetsHandlers } from '../budgets/handlers';
import { LimitsConfigStore } from '../limits/config';
import { LimiterService } from '../limits/limiter';
import { limitsHandlers } from '../limits/handlers';
import { OverrideStore } from '../pricing/overrides';
import { PricingService } from '../pricing/pricer';
import { Repricer } from '../pricing/reprice';
import { pricesHandlers } from '../pricing/handlers';
import { CallQueries } from '../ledger/call-queries';
import { ledgerHandlers } from '../ledger/handlers';
import { Ledger } from '../ledger/ledger';
import { SummaryQueries } from '../ledger/summary';
import { firstAttemptsSince } from '../ledger/reads';
import { HOUR_MS } from '../ledger/rollups';
import { assertTimeZone, systemTimeZone } from '../ledger/timezones';

export interface CostServicesOptions {
  db: Db;
  clock?: () => number;
  /** IANA zone for budget periods (the user's setting, else the system's). */
  timeZone: () => string;
  onBudgetAlert?: (alert: BudgetAlertEvent) => void;
  /** A budget was created, changed or deleted (the UI re-checks what it would block). */
  onBudgetsChanged?: () => void;
}

export interface CostServices {
  ledger: Ledger;
  pricer: PricingService;
  budgets: BudgetService;
  limiter: LimiterService;
  summary: SummaryQueries;
  calls: CallQueries;
  repricer: Repricer;
  handlers: PartialHandlers[];
}

export function createCostServices(o: CostServicesOptions): CostServices {
  const clock = o.clock ?? Date.now;
  const now = () => new Date(clock());
  // A bad stored zone must not break every call's budget check: fall back to the system's.
  const timeZone = () => {
    const tz = o.timeZone();
    try {
      return assertTimeZone(tz);
    } catch {
      return systemTimeZone();
    }
  };
  const ledger = new Ledger(o.db, clock);
  const overrides = new OverrideStore(o.db, now);
  const pricer = new PricingService(overrides);
  const repo = new BudgetRepository(o.db, now);
  const budgets = new BudgetService({
    db: o.db,
    repo,
    profiles: ledger.profiles,
    timeZone,
    clock,
    spendEvents: (listener) => ledger.onSpend(listener),
    ...(o.onBudgetAlert ? { onAlert: o.onBudgetAlert } : {}),
  });
  // A late price (settlement) or a re-pricing can push a budget over a threshold.
  ledger.onCostChange((changes) => {
    const scopes = new Map(
      changes.map((c) => [
        `${c.provider}\u0000${c.integrationId ?? ''}`,
        { provider: c.provider, integrationId: c.integrationId },
      ]),
    );
    for (const s of scopes.values()) budgets.checkAlerts(s);
  });
  const limiter = new LimiterService(new LimitsConfigStore(o.db, now));
  limiter.seedFromLedger(firstAttemptsSince(o.db, clock() - HOUR_MS));
  const summary = new SummaryQueries(o.db, ledger.profiles, pricer);
  const calls = new CallQueries(o.db, ledger.profiles);
  const repricer = new Repricer(o.db, ledger, pricer);
  return {
    ledger,
    pricer,
    budgets,
    limiter,
    summary,
    calls,
    repricer,
    handlers: [
      ledgerHandlers({ summary, calls, budgetStatus: () => budgets.status() }),
      pricesHandlers({ overrides, repricer, now: clock }),
      budgetsHandlers({ repo, service: budgets, ...(o.onBudgetsChanged ? { onChange: o.onBudgetsChanged } : {}) }),
      limitsHandlers({ limiter, now: clock }),
    ],
  };
}
