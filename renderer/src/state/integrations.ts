// Integrations screen state. Secrets pass through `add`/`replace` arguments on their way to main and
// are never kept here: main only ever answers with masked suffixes.
import { create } from 'zustand';
import type {
  BaseUrlEntry,
  CredentialInput,
  IntegrationProvider,
  IntegrationView,
  VaultInfo,
} from '../../../preload/contract/integrations';
import { api } from '../api';

interface IntegrationsState {
  vault: VaultInfo | null;
  integrations: IntegrationView[];
  baseUrls: Partial<Record<IntegrationProvider, BaseUrlEntry>>;
  loading: boolean;
  loadError: string | null;
  checkingAll: boolean;
  /** Ids (integration or provider) with a call in flight. */
  busy: Record<string, boolean>;
  /** Last failure per provider card, in the provider's words. */
  errors: Partial<Record<IntegrationProvider, string>>;
  load(): Promise<void>;
  add(input: {
    provider: IntegrationProvider;
    label: string;
    makeDefault: boolean;
    credential: CredentialInput;
  }): Promise<boolean>;
  replace(view: IntegrationView, credential: CredentialInput, label: string): Promise<boolean>;
  remove(view: IntegrationView): Promise<void>;
  setDefault(view: IntegrationView): Promise<void>;
  test(view: IntegrationView): Promise<void>;
  checkAll(): Promise<void>;
  setBaseUrl(provider: IntegrationProvider, url: string | null): Promise<boolean>;
  clearError(provider: IntegrationProvider): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useIntegrations = create<IntegrationsState>((set, get) => {
  const upsert = (view: IntegrationView) => {
    const others = get().integrations.filter((v) => v.id !== view.id);
    // A new default demotes the provider's previous one.
    const adjusted = view.isDefault
      ? others.map((v) => (v.provider === view.provider ? { ...v, isDefault: false } : v))
      : others;
    set({ integrations: [...adjusted, view].sort((a, b) => a.createdAt.localeCompare(b.createdAt)) });
  };

  /** Runs a call for a card: marks it busy, records the provider's reason on failure. */
  async function run<T>(provider: IntegrationProvider, busyKey: string, call: () => Promise<T>): Promise<T | null> {
    set((s) => ({ busy: { ...s.busy, [busyKey]: true }, errors: { ...s.errors, [provider]: undefined } }));
    try {
      return await call();
    } catch (e) {
      set((s) => ({ errors: { ...s.errors, [provider]: message(e) } }));
      return null;
    } finally {
      set((s) => ({ busy: { ...s.busy, [busyKey]: false } }));
    }
  }

  return {
    vault: null,
    integrations: [],
    baseUrls: {},
    loading: false,
    loadError: null,
    checkingAll: false,
    busy: {},
    errors: {},

    async load() {
      set({ loading: true, loadError: null });
      try {
        const [list, urls] = await Promise.all([api.integrations.list(), api.integrations.getBaseUrls()]);
        set({
          vault: list.vault,
          integrations: list.integrations,
          baseUrls: Object.fromEntries(urls.providers.map((e) => [e.provider, e])),
          loading: false,
        });
      } catch (e) {
        set({ loadError: message(e), loading: false });
      }
    },

    async add({ provider, label, makeDefault, credential }) {
      const view = await run(provider, `add:${provider}`, () =>
        api.integrations.add({ provider, label, makeDefault, credential }),
      );
      if (!view) return false;
      upsert(view);
      return true;
    },

    async replace(current, credential, label) {
      const view = await run(current.provider, current.id, () =>
        api.integrations.replace({ id: current.id, credential, label }),
      );
      if (!view) return false;
      upsert(view);
      return true;
    },

    async remove(view) {
      const done = await run(view.provider, view.id, () => api.integrations.remove({ id: view.id }));
      // The default may have moved to another key: re-read rather than guess.
      if (done) await get().load();
    },

    async setDefault(view) {
      const updated = await run(view.provider, view.id, () => api.integrations.setDefault({ id: view.id }));
      if (updated) upsert(updated);
    },

    async test(view) {
      const updated = await run(view.provider, view.id, () => api.integrations.test({ id: view.id }));
      if (updated) upsert(updated);
    },

    async checkAll() {
      set({ checkingAll: true, loadError: null });
      try {
        const result = await api.integrations.checkAll();
        set({ integrations: result.integrations });
      } catch (e) {
        set({ loadError: message(e) });
      } finally {
        set({ checkingAll: false });
      }
    },

    async setBaseUrl(provider, url) {
      const entry = await run(provider, `url:${provider}`, () => api.integrations.setBaseUrl({ provider, url }));
      if (!entry) return false;
      set((s) => ({ baseUrls: { ...s.baseUrls, [provider]: entry } }));
      return true;
    },

    clearError(provider) {
      set((s) => ({ errors: { ...s.errors, [provider]: undefined } }));
    },
  };
});
