import { create } from 'zustand';

export const PAGES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'calls', label: 'Call log' },
  { id: 'workflows', label: 'Workflows' },
  { id: 'integrations', label: 'Integrations' },
  { id: 'gateway', label: 'Gateway' },
  { id: 'budgets', label: 'Budgets' },
  { id: 'reconcile', label: 'Reconciliation' },
  { id: 'prices', label: 'Prices' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

const fromHash = (): PageId => {
  const id = window.location.hash.replace(/^#\/?/, '');
  return (PAGES.find((p) => p.id === id)?.id ?? 'dashboard') as PageId;
};

interface NavigationState {
  page: PageId;
  go(page: PageId): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  page: fromHash(),
  go(page) {
    window.location.hash = `/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState({ page: fromHash() }));
