// The creator's preferences from main (theme, zone, currency display, alerts). Applies the theme to the page
// and feeds the dollar formatter, so every screen follows Settings without a reload.
import { create } from 'zustand';
import type { CurrencyDisplay } from '../../../preload/contract/money';
import type { Preferences, SettingsInfo } from '../../../preload/contract/settings';
import { api } from '../api';
import '../theme.css';

interface PreferencesState {
  info: SettingsInfo | null;
  error: string | null;
  saving: boolean;
  load(): Promise<void>;
  update(patch: Partial<Preferences>): Promise<boolean>;
}

function applyTheme(theme: Preferences['theme']): void {
  document.documentElement.dataset.theme = theme;
}

export const usePreferences = create<PreferencesState>((set) => ({
  info: null,
  error: null,
  saving: false,
  async load() {
    try {
      const info = await api.settings.get({});
      applyTheme(info.preferences.theme);
      set({ info, error: null });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  async update(patch) {
    set({ saving: true, error: null });
    try {
      const info = await api.settings.update(patch);
      applyTheme(info.preferences.theme);
      set({ info, saving: false });
      return true;
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e), saving: false });
      return false;
    }
  },
}));

/** The dollar display chosen in Settings (auto until preferences load). */
export const currencyDisplay = (): CurrencyDisplay =>
  usePreferences.getState().info?.preferences.currencyDisplay ?? 'auto';

/** The zone chosen in Settings, else the browser's. */
export const preferredTimeZone = (): string =>
  usePreferences.getState().info?.preferences.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
