// Which job (or search) the call log is scoped to, when another screen ("Open in call log" on a step or job) sends the user there.
import { create } from 'zustand';
import { useNavigation } from './navigation';

export interface JobScope {
  jobId: string;
  /** What the user knows the job as, e.g. "Render video". */
  label: string;
}

interface CallLogScopeState {
  job: JobScope | null;
  /** A search another screen opened the call log with (taken once by the page). */
  search: string | null;
  showJob(scope: JobScope): void;
  showSearch(q: string): void;
  takeSearch(): string | null;
  clear(): void;
}

export const useCallLogScope = create<CallLogScopeState>((set, get) => ({
  job: null,
  search: null,
  showJob(scope) {
    set({ job: scope });
    useNavigation.getState().go('calls');
  },
  showSearch(q) {
    set({ search: q });
    useNavigation.getState().go('calls');
  },
  takeSearch() {
    const q = get().search;
    if (q !== null) set({ search: null });
    return q;
  },
  clear() {
    set({ job: null });
  },
}));
