// Which job the call log is scoped to, when another screen ("Open in call log" on a step or job) sends the user there.
import { create } from 'zustand';
import { useNavigation } from './navigation';

export interface JobScope {
  jobId: string;
  /** What the user knows the job as, e.g. "Render video". */
  label: string;
}

interface CallLogScopeState {
  job: JobScope | null;
  showJob(scope: JobScope): void;
  clear(): void;
}

export const useCallLogScope = create<CallLogScopeState>((set) => ({
  job: null,
  showJob(scope) {
    set({ job: scope });
    useNavigation.getState().go('calls');
  },
  clear() {
    set({ job: null });
  },
}));
