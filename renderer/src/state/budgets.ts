// Budgets screen state: budgets with their live status, the alert history, per-operation hourly limits,
// and the toast shown when main reports a crossed threshold.
import { create } from 'zustand';
import type { z } from 'zod';
import type {
  budgetAlertEventSchema,
  budgetAlertSchema,
  budgetsChannels,
  budgetStatusSchema,
} from '../../../preload/contract/budgets';
import type { limitsStateSchema } from '../../../preload/contract/limits';
import { api } from '../api';

export type BudgetStatus = z.infer<typeof budgetStatusSchema>;
export type BudgetAlert = z.infer<typeof budgetAlertSchema>;
export type BudgetAlertEvent = z.infer<typeof budgetAlertEventSchema>;
export type BudgetCreate = z.input<(typeof budgetsChannels)['budgets.create']['input']>;
export type LimitsState = z.infer<typeof limitsStateSchema>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface BudgetsState {
  statuses: BudgetStatus[];
  alerts: BudgetAlert[];
  limits: LimitsState | null;
  error: string | null;
  toasts: BudgetAlertEvent[];
  load(): Promise<void>;
  create(input: BudgetCreate): Promise<boolean>;
  update(id: number, patch: Partial<BudgetCreate>): Promise<boolean>;
  remove(id: number): Promise<void>;
  setHourlyLimits(hourly: Record<string, number | null>, defaultHourly: number): Promise<boolean>;
  /** Subscribes to `budget.alert`; returns the unsubscribe. */
  follow(): () => void;
  dismiss(alertId: number): void;
}

export const useBudgets = create<BudgetsState>((set, get) => {
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      set({ error: null });
      await get().load();
      return true;
    } catch (e) {
      set({ error: message(e) });
      return false;
    }
  };
  return {
    statuses: [],
    alerts: [],
    limits: null,
    error: null,
    toasts: [],
    async load() {
      try {
        const [statuses, alerts, limits] = await Promise.all([
          api.budgets.status({}),
          api.budgets.alerts({ limit: 50 }),
          api.limits.get({}),
        ]);
        set({ statuses, alerts, limits });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    create: (input) => run(() => api.budgets.create(input)),
    update: (id, patch) => run(() => api.budgets.update({ id, ...patch })),
    remove: async (id) => {
      await run(() => api.budgets.delete({ id }));
    },
    setHourlyLimits: (hourly, defaultHourly) => run(() => api.limits.set({ hourly, defaultHourly })),
    follow() {
      return api.events.on('budget.alert', (alert) => {
        set({ toasts: [...get().toasts.filter((t) => t.alertId !== alert.alertId), alert] });
        // Desktop notification where the user allowed them (Electron grants it; browsers ask).
        if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
          new Notification('Budget alert', {
            body: `${alert.threshold}% of a ${alert.period === 'month' ? 'monthly' : 'daily'} budget reached`,
          });
        }
        void get().load();
      });
    },
    dismiss(alertId) {
      set({ toasts: get().toasts.filter((t) => t.alertId !== alertId) });
    },
  };
});
