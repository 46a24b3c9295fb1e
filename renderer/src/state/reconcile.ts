// Reconciliation state: the overview for a month (drift rows, balances, admin keys), on-demand refresh and
// the toast raised by a `balance.alert` (a balance or quota below its warning threshold).
import { create } from 'zustand';
import type { BalanceAlertEvent, ReconcileOverview } from '../../../preload/contract/reconcile';
import { api } from '../api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface ReconcileState {
  overview: ReconcileOverview | null;
  /** YYYY-MM; null = the current month. */
  period: string | null;
  loading: boolean;
  refreshing: boolean;
  error: string | null;
  toasts: BalanceAlertEvent[];
  load(period?: string | null): Promise<void>;
  refresh(provider?: ReconcileOverview['rows'][number]['provider']): Promise<void>;
  setWarnPercent(provider: ReconcileOverview['rows'][number]['provider'], percent: number): Promise<void>;
  setAdminKey(provider: 'openai' | 'anthropic', key: string): Promise<boolean>;
  removeAdminKey(provider: 'openai' | 'anthropic'): Promise<void>;
  follow(): () => void;
  dismiss(alertId: number): void;
}

export const useReconcile = create<ReconcileState>((set, get) => {
  const periodInput = () => (get().period ? { period: get().period as string } : {});
  return {
    overview: null,
    period: null,
    loading: false,
    refreshing: false,
    error: null,
    toasts: [],
    async load(period) {
      if (period !== undefined) set({ period });
      set({ loading: true });
      try {
        set({ overview: await api.reconcile.overview(periodInput()), error: null });
      } catch (e) {
        set({ error: message(e) });
      } finally {
        set({ loading: false });
      }
    },
    async refresh(provider) {
      set({ refreshing: true });
      try {
        set({
          overview: await api.reconcile.refresh({ ...periodInput(), ...(provider ? { provider } : {}) }),
          error: null,
        });
      } catch (e) {
        set({ error: message(e) });
      } finally {
        set({ refreshing: false });
      }
    },
    async setWarnPercent(provider, percent) {
      try {
        await api.reconcile.setWarnPercent({ provider, percent });
        await get().load();
      } catch (e) {
        set({ error: message(e) });
      }
    },
    async setAdminKey(provider, key) {
      try {
        await api.reconcile.setAdminKey({ provider, key });
        await get().load();
        return true;
      } catch (e) {
        set({ error: message(e) });
        return false;
      }
    },
    async removeAdminKey(provider) {
      try {
        await api.reconcile.removeAdminKey({ provider });
        await get().load();
      } catch (e) {
        set({ error: message(e) });
      }
    },
    follow() {
      return api.events.on('balance.alert', (alert) => {
        set({ toasts: [...get().toasts.filter((t) => t.alertId !== alert.alertId), alert] });
        if (typeof Notification !== 'undefined' && Notification.permission === 'granted')
          new Notification('Balance alert', { body: `${alert.provider}: balance below ${alert.threshold}%` });
        void get().load();
      });
    },
    dismiss(alertId) {
      set({ toasts: get().toasts.filter((t) => t.alertId !== alertId) });
    },
  };
});
