// Reads a profile's services into the tray's snapshot: spend today and this month (local time), budgets,
// key health and running jobs. Rollup reads only, so it is cheap enough to refresh on every change.
import type { BudgetService } from '../budgets/service';
import type { IntegrationManager } from '../integrations/manager';
import type { JobService } from '../jobs/service';
import type { SummaryQueries } from '../ledger/summary';
import { localDayPeriod, localMonthPeriod } from '../ledger/timezones';
import type { GlanceSnapshot } from './menu-model';

export interface GlanceDeps {
  profile: 'real' | 'demo';
  summary: Pick<SummaryQueries, 'summary'>;
  budgets: Pick<BudgetService, 'status'>;
  integrations: Pick<IntegrationManager, 'list'>;
  jobs: Pick<JobService, 'list'>;
  timeZone: () => string;
  now: () => Date;
}

function budgetLabel(b: { scope: string; scopeId: string; period: string }): string {
  const who = b.scope === 'overall' ? 'All providers' : b.scopeId;
  return `${who} (${b.period === 'month' ? 'month' : 'day'})`;
}

export async function readGlance(d: GlanceDeps): Promise<GlanceSnapshot> {
  const now = d.now().getTime();
  const tz = d.timeZone();
  const spend = (from: number) => {
    const t = d.summary.summary({ from, to: now, timeZone: tz }).totals;
    return { costNanos: t.costNanos, unpricedAttempts: t.unpricedAttempts };
  };
  const integrations = await d.integrations.list();
  const health = new Map<string, GlanceSnapshot['health'][number]['status']>();
  for (const i of integrations) {
    const worst = health.get(i.provider);
    if (!worst || i.isDefault) health.set(i.provider, i.status);
  }
  return {
    profile: d.profile,
    today: spend(localDayPeriod(tz, now).start),
    month: spend(localMonthPeriod(tz, now).start),
    budgets: d.budgets
      .status(now)
      .filter((s) => s.budget.enabled)
      .map((s) => ({
        label: budgetLabel(s.budget),
        percentUsed: s.percentUsed,
        spentNanos: s.spentNanos,
        limitNanos: s.budget.limitNanos,
        state: s.state,
      })),
    health: [...health].map(([provider, status]) => ({ provider, status })),
    runningJobs: d.jobs
      .list({ states: ['running', 'waiting'], limit: 20 })
      .map((j) => ({ id: j.id, kind: j.kind, progress: j.progress })),
  };
}
