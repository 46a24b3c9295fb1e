// Which profile the app shows (real or demo) and the switch between them. Main swaps its services; the
// page then reloads so every screen reads the new profile from scratch.
import { create } from 'zustand';
import type { ProfileId, ProfileState } from '../../../preload/contract/profile';
import { api } from '../api';

interface ProfileStore {
  state: ProfileState | null;
  switching: ProfileId | null;
  error: string | null;
  load(): Promise<void>;
  switchTo(to: ProfileId): Promise<void>;
}

export const useProfile = create<ProfileStore>((set) => ({
  state: null,
  switching: null,
  error: null,
  async load() {
    try {
      set({ state: await api.profile.state({}) });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  async switchTo(to) {
    set({ switching: to, error: null });
    try {
      await api.profile.switch({ to });
      window.location.hash = '/dashboard';
      window.location.reload();
    } catch (e) {
      set({ switching: null, error: e instanceof Error ? e.message : String(e) });
    }
  },
}));
