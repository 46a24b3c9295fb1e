import { create } from 'zustand';
import type { SystemStatus } from '../../../preload/contract';
import { api } from '../api';

interface StatusState {
  status: SystemStatus | null;
  error: string | null;
  loading: boolean;
  load(): Promise<void>;
}

export const useStatus = create<StatusState>((set) => ({
  status: null,
  error: null,
  loading: false,
  async load() {
    set({ loading: true, error: null });
    try {
      set({ status: await api.system.status(), loading: false });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e), loading: false });
    }
  },
}));
