// Runs the reconciliations: on a schedule and on demand, one provider after another (vendor rate limits),
// each fetch through the gateway (ledgered as a free call) with the integration's key (or the demo fakes).
// A fetch that fails is stored as its typed state; balances that fall below their threshold raise an alert.
import type { BalanceAlertEvent, ReconcileOverview } from '../../preload/contract/reconcile';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Db } from '../db/database';
import type { Pricer } from '../gateway/deps';
import { PROVIDER_IDS, type Credential, type ProviderId } from '../gateway/types';
import type { AdminKeyVault } from '../integrations/admin-keys';
import type { Ledger } from '../ledger/ledger';
import { LedgerPeriods } from '../ledger/period-totals';
import type { ProviderAccess, ProviderTarget } from '../providers/access';
import { alertPeriodKey } from './balances';
import { balancesNow, buildOverview, driftFor } from './overview';
import { monthFromKey, monthOf } from './periods';
import { ReconcileStore, type Origin } from './store';
import type { FetchOutcome } from './types';
import { fetchFailure } from './vendors/common';
import { ADMIN_KEY_VENDORS, CURRENT_CYCLE_VENDORS, KEYLESS_VENDORS, VENDOR_ADAPTERS } from './vendors';

export interface ReconcileServiceDeps {
  db: Db;
  ledger: Ledger;
  pricer: Pricer;
  providers: ProviderAccess;
  adminKeys: AdminKeyVault;
  onAlert: (alert: BalanceAlertEvent) => void;
  clock: () => number;
  logger: Logger;
  /** Seeded demo history is a picture, not a live account: the schedule leaves its figures alone. */
  demoSeeded: () => boolean;
}

export const RECONCILE_INTERVAL_MS = 6 * 3_600_000;

export class ReconcileService {
  readonly store: ReconcileStore;
  private readonly periods: LedgerPeriods;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly controller = new AbortController();

  constructor(private readonly d: ReconcileServiceDeps) {
    this.store = new ReconcileStore(d.db);
    this.periods = new LedgerPeriods(d.db);
  }

  async overview(period?: string): Promise<ReconcileOverview> {
    const now = this.d.clock();
    const key = period ?? monthOf(now).key;
    monthFromKey(key);
    const adminKeys = await Promise.all([this.d.adminKeys.info('openai'), this.d.adminKeys.info('anthropic')]);
    return buildOverview(this.d.db, key, now, adminKeys);
  }

  /** Fetches every provider's figures (or one's) for a period; concurrent callers share one run. */
  refresh(opts: { period?: string; provider?: ProviderId } = {}): Promise<void> {
    const run = (this.inFlight ?? Promise.resolve()).then(() => this.run(opts));
    const tracked = run.finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    this.inFlight = tracked;
    return tracked;
  }

  setWarnPercent(provider: ProviderId, percent: number) {
    if (!this.store.setWarnPercent(provider, percent))
      throw new AppError('not_found', `No balance known for ${provider} yet: refresh first.`);
    this.checkAlerts();
    return balancesNow(this.store, this.d.clock());
  }

  /** Refreshes the current month every `intervalMs` (first run after `firstDelayMs`). */
  startSchedule(intervalMs = RECONCILE_INTERVAL_MS, firstDelayMs = 60_000): void {
    this.stopSchedule();
    const tick = () => {
      const next = () => {
        this.timer = setTimeout(tick, intervalMs);
        this.timer.unref();
      };
      if (this.d.demoSeeded()) return next();
      this.refresh()
        .catch((e: unknown) => this.d.logger.warn(`reconcile: scheduled refresh failed: ${String(e)}`))
        .finally(next);
    };
    this.timer = setTimeout(tick, firstDelayMs);
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stopSchedule();
    this.controller.abort();
  }

  private async run(opts: { period?: string; provider?: ProviderId }): Promise<void> {
    const now = this.d.clock();
    const month = monthFromKey(opts.period ?? monthOf(now).key);
    const past = month.key !== monthOf(now).key;
    for (const provider of opts.provider ? [opts.provider] : PROVIDER_IDS) {
      if (this.controller.signal.aborted) return;
      const { outcome, origin } =
        past && CURRENT_CYCLE_VENDORS.has(provider)
          ? {
              outcome: { state: 'not_offered', message: `${provider} reports its current billing cycle only` } as const,
              origin: 'live' as const,
            }
          : await this.fetchOne(provider, month, now);
      // A past month's good figure is not replaced by "cannot fetch that month any more".
      if (past && outcome.state === 'not_offered' && this.store.latestFetch(provider, month.key)?.state === 'ok')
        continue;
      this.store.recordFetch(provider, month.key, now, outcome, origin);
      if (outcome.state === 'ok' && outcome.reading.balance)
        this.store.upsertBalance(provider, outcome.reading.balance, now, origin);
      this.store.saveDrift(driftFor(this.store, this.periods, provider, month), now);
    }
    this.checkAlerts();
  }

  /** One vendor fetch; figures the built-in fakes gave (demo mode) are labelled `demo`. */
  private async fetchOne(
    provider: ProviderId,
    month: ReturnType<typeof monthFromKey>,
    now: number,
  ): Promise<{ outcome: FetchOutcome; origin: Origin }> {
    let target: ProviderTarget | null = null;
    const done = (outcome: FetchOutcome) => ({ outcome, origin: target?.demo ? ('demo' as const) : ('live' as const) });
    if (!KEYLESS_VENDORS.has(provider)) {
      try {
        target = await this.d.providers.target(provider);
      } catch (e) {
        if (!ADMIN_KEY_VENDORS.has(provider)) return done(fetchFailure(e, `${provider}`));
      }
    }
    let adminCredential: Credential | null = null;
    if (ADMIN_KEY_VENDORS.has(provider)) {
      if (target?.demo) adminCredential = target.credential;
      else {
        const key = await this.d.adminKeys.get(provider as 'openai' | 'anthropic').catch(() => null);
        adminCredential = key ? { secret: key } : null;
      }
    }
    try {
      const outcome = await VENDOR_ADAPTERS[provider](
        { provider, month, now },
        {
          gateway: target?.gateway ?? this.d.providers.live,
          credential: target?.credential ?? { secret: '' },
          adminCredential,
          ledger: this.d.ledger,
          pricer: this.d.pricer,
          periods: this.periods,
          store: this.store,
          signal: this.controller.signal,
        },
      );
      return done(outcome);
    } catch (e) {
      this.d.logger.warn(`reconcile: ${provider} failed: ${e instanceof Error ? e.message : String(e)}`);
      return done(fetchFailure(e, provider));
    }
  }

  /** Raises the budget-style alert once per provider, period and threshold for low or empty balances. */
  private checkAlerts(): void {
    const now = this.d.clock();
    for (const b of balancesNow(this.store, now)) {
      if (b.state === 'ok') continue;
      const threshold = b.state === 'exhausted' ? 0 : b.warnPercent;
      const alertId = this.store.recordAlert({
        provider: b.provider,
        periodKey: alertPeriodKey(b, now),
        threshold,
        remaining: b.remaining,
        unit: b.unit,
        at: now,
      });
      if (alertId !== null)
        this.d.onAlert({
          alertId,
          provider: b.provider,
          periodKey: alertPeriodKey(b, now),
          threshold,
          remaining: b.remaining,
          total: b.total,
          unit: b.unit,
          resetsAt: b.resetsAt,
        });
    }
  }
}
