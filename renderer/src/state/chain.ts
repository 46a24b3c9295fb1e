// The one flow of the selected piece: its newest chain from main, kept current by the jobs' events (the chain's
// own and its steps', which name it as parent), with start / approve / decline / cancel.
import { create } from 'zustand';
import {
  CHAIN_KIND,
  type ChainSettings,
  type ChainStart,
  type ChainState as RunState,
  type ChainView,
} from '../../../preload/contract/chains';
import { api } from '../api';

/** A run in these states may still start steps (or is about to). */
export const ACTIVE_CHAIN_STATES: readonly RunState[] = ['queued', 'running', 'awaiting_approval', 'over_cap'];
export const isChainActive = (state: RunState) => ACTIVE_CHAIN_STATES.includes(state);

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface ChainState {
  /** The newest chain per piece (null: none yet). */
  byPiece: Record<string, ChainView | null>;
  defaults: ChainSettings | null;
  busy: boolean;
  error: string | null;
  loadDefaults(): Promise<void>;
  saveDefaults(settings: ChainSettings): Promise<void>;
  load(contentId: string): Promise<void>;
  start(input: ChainStart): Promise<void>;
  approve(chain: ChainView, capNanos?: number): Promise<void>;
  decline(chain: ChainView): Promise<void>;
  cancel(chain: ChainView): Promise<void>;
}

let following = false;

export const useChain = create<ChainState>((set, get) => {
  const put = (v: ChainView) => set((s) => ({ byPiece: { ...s.byPiece, [v.contentId]: v }, error: null }));

  /** Once per window: a chain's rows move while any screen is shown, so its view follows main's events. */
  function follow() {
    if (following) return;
    following = true;
    api.events.on('job.progress', (p) => {
      // A chain's own events may arrive before the start call has answered: read the piece's newest chain then.
      if (p.kind === CHAIN_KIND && p.contentId !== null && p.contentId in get().byPiece) {
        void get().load(p.contentId);
        return;
      }
      const chain = Object.values(get().byPiece).find((c) => c && (c.id === p.id || c.id === p.parentId));
      if (chain) void api.chains.get({ id: chain.id }).then(put, () => undefined);
    });
  }

  async function act(call: () => Promise<ChainView>) {
    set({ busy: true, error: null });
    try {
      put(await call());
    } catch (e) {
      set({ error: message(e) });
    } finally {
      set({ busy: false });
    }
  }

  return {
    byPiece: {},
    defaults: null,
    busy: false,
    error: null,
    async loadDefaults() {
      try {
        set({ defaults: await api.chains.defaults({}) });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    async saveDefaults(settings) {
      try {
        set({ defaults: await api.chains.setDefaults(settings), error: null });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    async load(contentId) {
      follow();
      try {
        const v = await api.chains.latest({ contentId });
        set((s) => ({ byPiece: { ...s.byPiece, [contentId]: v } }));
      } catch (e) {
        set({ error: message(e) });
      }
    },
    start: (input) => act(() => api.chains.start(input)),
    approve: (chain, capNanos) =>
      act(() => api.chains.approve({ id: chain.id, ...(capNanos !== undefined ? { capNanos } : {}) })),
    decline: (chain) => act(() => api.chains.decline({ id: chain.id })),
    cancel: (chain) => act(() => api.chains.cancel({ id: chain.id })),
  };
});
