// Jobs screen state: the list from main, kept live by `job.progress` events.
import { create } from 'zustand';
import { CHAIN_KIND } from '../../../preload/contract/chains';
import { TERMINAL_JOB_STATES, type Job, type JobState } from '../../../preload/contract/jobs';
import { api } from '../api';

export type JobFilter = 'all' | 'active' | 'finished';

const FILTER_STATES: Record<JobFilter, JobState[] | undefined> = {
  all: undefined,
  active: ['queued', 'running', 'waiting'],
  finished: [...TERMINAL_JOB_STATES],
};

interface JobsState {
  jobs: Job[];
  filter: JobFilter;
  loading: boolean;
  error: string | null;
  /** Per-job action failures (cancel/retry), shown on the row. */
  rowErrors: Record<string, string>;
  load(): Promise<void>;
  setFilter(filter: JobFilter): void;
  cancel(id: string): Promise<void>;
  retry(id: string, resetCheckpoint?: boolean): Promise<void>;
  /** Answers a one-flow run's approval prompt (the same calls as the piece's panel). */
  approveChain(id: string): Promise<void>;
  declineChain(id: string): Promise<void>;
  /** Subscribes to live progress; returns the unsubscribe function. */
  follow(): () => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const matches = (filter: JobFilter, job: Job) => FILTER_STATES[filter]?.includes(job.state) ?? true;

export const useJobs = create<JobsState>((set, get) => {
  const upsert = (job: Job) =>
    set((s) => {
      const known = s.jobs.some((j) => j.id === job.id);
      if (!matches(s.filter, job)) return { jobs: s.jobs.filter((j) => j.id !== job.id) };
      return { jobs: known ? s.jobs.map((j) => (j.id === job.id ? job : j)) : [job, ...s.jobs] };
    });

  const refetch = async (id: string) => {
    try {
      upsert(await api.jobs.get({ id }));
    } catch {
      // The next full load shows whatever is true; a failed refresh of one row is not worth a banner.
    }
  };

  async function act(id: string, call: () => Promise<Job>) {
    set((s) => ({ rowErrors: { ...s.rowErrors, [id]: '' } }));
    try {
      upsert(await call());
    } catch (e) {
      set((s) => ({ rowErrors: { ...s.rowErrors, [id]: message(e) } }));
    }
  }

  return {
    jobs: [],
    filter: 'all',
    loading: false,
    error: null,
    rowErrors: {},
    async load() {
      set({ loading: true, error: null });
      try {
        const { jobs } = await api.jobs.list({ states: FILTER_STATES[get().filter], limit: 200 });
        set({ jobs, loading: false });
      } catch (e) {
        set({ error: message(e), loading: false });
      }
    },
    setFilter(filter) {
      set({ filter });
      void get().load();
    },
    cancel: (id) => act(id, () => api.jobs.cancel({ id })),
    retry: (id, resetCheckpoint = false) => act(id, () => api.jobs.retry({ id, resetCheckpoint })),
    approveChain: (id) => act(id, () => api.chains.approve({ id }).then(() => api.jobs.get({ id }))),
    declineChain: (id) => act(id, () => api.chains.decline({ id }).then(() => api.jobs.get({ id }))),
    follow() {
      return api.events.on('job.progress', (p) => {
        const current = get().jobs.find((j) => j.id === p.id);
        // Progress ticks update the row in place; anything else (a new job, a state change) re-reads
        // the row so costs, output and errors are current.
        // A chain's row is always re-read: its checkpoint says whether it waits for an approval.
        if (current && current.state === p.state && current.kind !== CHAIN_KIND) {
          upsert({
            ...current,
            progress: p.progress,
            progressMessage: p.message,
            runAfter: p.runAfter ?? current.runAfter,
            updatedAt: p.updatedAt,
          });
        } else {
          void refetch(p.id);
        }
      });
    },
  };
});
