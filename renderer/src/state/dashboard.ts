// Dashboard state: the period (local time), filters and what the ledger says about them.
import { create } from 'zustand';
import type { UsageSummary } from '../../../preload/contract/ledger';
import type { budgetStatusSchema } from '../../../preload/contract/budgets';
import type { z } from 'zod';
import { api } from '../api';

export type BudgetStatus = z.infer<typeof budgetStatusSchema>;
export type PeriodId = 'today' | '7d' | '30d' | '90d' | 'mtd' | 'custom';
export const PERIODS: { id: PeriodId; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: 'mtd', label: 'Month to date' },
  { id: 'custom', label: 'Custom' },
];

export interface Filters {
  provider: string;
  integrationId: string;
  model: string;
  operation: string;
  /** Local-gateway client: a virtual key's name, or APP_CLIENT for the app's own calls. */
  client: string;
}
const NO_FILTERS: Filters = { provider: '', integrationId: '', model: '', operation: '', client: '' };
/** The client filter's value for the app's own calls (key names start with a letter or digit, never '@'). */
export const APP_CLIENT = '@app';
export const clientFilter = (v: string) => (v ? { client: v === APP_CLIENT ? '' : v } : {});

export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const localMidnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
export const dayInput = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const parseDayInput = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

/** The period as instants: local midnights (calendar arithmetic, so DST days are 23 or 25 hours). */
export function periodRange(
  period: PeriodId,
  now: Date,
  custom: { from: string; to: string },
): { from: Date; to: Date } {
  const today = localMidnight(now);
  switch (period) {
    case 'today':
      return { from: today, to: now };
    case '7d':
      return { from: addDays(today, -6), to: now };
    case '30d':
      return { from: addDays(today, -29), to: now };
    case '90d':
      return { from: addDays(today, -89), to: now };
    case 'mtd':
      return { from: new Date(now.getFullYear(), now.getMonth(), 1), to: now };
    case 'custom': {
      const from = parseDayInput(custom.from);
      const to = addDays(parseDayInput(custom.to), 1);
      return to > from ? { from, to } : { from, to: addDays(from, 1) };
    }
  }
}

export interface MonthOutlook {
  spentNanos: number;
  unpricedAttempts: number;
  /** Month-to-date spend scaled to the whole month by elapsed time. */
  projectedNanos: number;
}

/** Values each filter has offered so far: a filtered summary only lists what matches, but the selects keep every choice. */
export type FilterOptions = Record<keyof Filters, string[]>;
const NO_OPTIONS: FilterOptions = { provider: [], integrationId: [], model: [], operation: [], client: [] };

function mergeOptions(known: FilterOptions, s: UsageSummary): FilterOptions {
  const merge = (old: string[], seen: Array<string | null>) =>
    [...new Set([...old, ...seen.filter((v): v is string => !!v)])].sort();
  return {
    provider: merge(
      known.provider,
      s.byProvider.map((p) => p.provider),
    ),
    integrationId: merge(
      known.integrationId,
      s.byIntegration.map((i) => i.integrationId),
    ),
    model: merge(
      known.model,
      s.byModel.map((m) => m.model),
    ),
    operation: merge(
      known.operation,
      s.byOperation.map((o) => o.operation),
    ),
    client: merge(
      known.client,
      s.byClient.map((c) => c.client ?? APP_CLIENT),
    ),
  };
}

interface DashboardState {
  period: PeriodId;
  custom: { from: string; to: string };
  filters: Filters;
  options: FilterOptions;
  summary: UsageSummary | null;
  month: MonthOutlook | null;
  budgets: BudgetStatus[];
  /** Calls in the period the app stopped in the middle of, counted at their worst case. */
  unknownBilling: { attempts: number; costNanos: number };
  loading: boolean;
  error: string | null;
  setPeriod(p: PeriodId): void;
  setCustom(c: { from: string; to: string }): void;
  setFilter<K extends keyof Filters>(key: K, value: string): void;
  load(): Promise<void>;
}

/** Sequence number of the newest load: an older response that arrives late must not overwrite a newer one. */
let latestLoad = 0;

export const useDashboard = create<DashboardState>((set, get) => ({
  period: '30d',
  custom: { from: dayInput(addDays(new Date(), -13)), to: dayInput(new Date()) },
  filters: NO_FILTERS,
  options: NO_OPTIONS,
  summary: null,
  month: null,
  budgets: [],
  unknownBilling: { attempts: 0, costNanos: 0 },
  loading: false,
  error: null,
  setPeriod(period) {
    set({ period });
    void get().load();
  },
  setCustom(custom) {
    set({ custom, period: 'custom' });
    void get().load();
  },
  setFilter(key, value) {
    // Every filter narrows every query: cards, charts and breakdowns.
    set({ filters: { ...get().filters, [key]: value } });
    void get().load();
  },
  async load() {
    const seq = ++latestLoad;
    const { period, custom, filters } = get();
    const now = new Date();
    const { from, to } = periodRange(period, now, custom);
    const scope = {
      timeZone: localTimeZone(),
      ...(filters.provider ? { provider: filters.provider } : {}),
      ...(filters.integrationId ? { integrationId: filters.integrationId } : {}),
      ...(filters.model ? { model: filters.model } : {}),
      ...(filters.operation ? { operation: filters.operation } : {}),
      ...clientFilter(filters.client),
    };
    set({ loading: true, error: null });
    try {
      const monthStart = new Date(now.getFullYear(), now.getMonth(), 1);
      const monthEnd = new Date(now.getFullYear(), now.getMonth() + 1, 1);
      // One round trip: the period's summary, the month so far (to now, whatever the period) and the budgets.
      const {
        summary,
        month: mtd,
        budgets,
        unknownBilling,
      } = await api.ledger.dashboard({
        from: from.toISOString(),
        to: to.toISOString(),
        month: { from: monthStart.toISOString(), to: now.toISOString() },
        ...scope,
      });
      if (seq !== latestLoad) return;
      const elapsed = Math.max(1, now.getTime() - monthStart.getTime());
      const month: MonthOutlook = {
        spentNanos: mtd.costNanos,
        unpricedAttempts: mtd.unpricedAttempts,
        projectedNanos: Math.round((mtd.costNanos * (monthEnd.getTime() - monthStart.getTime())) / elapsed),
      };
      set({ summary, month, budgets, unknownBilling, options: mergeOptions(get().options, summary), loading: false });
    } catch (e) {
      if (seq === latestLoad) set({ error: e instanceof Error ? e.message : String(e), loading: false });
    }
  },
}));
