// Gateway screen state: the local gateway's status, virtual keys with spend, the one-time secret of a key just
// minted, and the live feed of calls (pushed by main as `localGateway.call`).
import { create } from 'zustand';
import type { z } from 'zod';
import type {
  gatewayCallSchema,
  localGatewayChannels,
  localGatewayStatusSchema,
  virtualKeyWithSpendSchema,
} from '../../../preload/contract/localGateway';
import { api } from '../api';

export type GatewayStatus = z.infer<typeof localGatewayStatusSchema>;
export type VirtualKeyRow = z.infer<typeof virtualKeyWithSpendSchema>;
export type GatewayCall = z.infer<typeof gatewayCallSchema>;
export type MintInput = z.input<(typeof localGatewayChannels)['localGateway.mint']['input']>;
export type GatewayConfig = z.input<(typeof localGatewayChannels)['localGateway.configure']['input']>;

const FEED_SIZE = 100;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface LocalGatewayState {
  status: GatewayStatus | null;
  keys: VirtualKeyRow[];
  feed: GatewayCall[];
  /** The secret of the key just minted: shown once, dropped when dismissed. */
  minted: { name: string; secret: string } | null;
  error: string | null;
  load(): Promise<void>;
  configure(patch: GatewayConfig): Promise<boolean>;
  mint(input: MintInput): Promise<boolean>;
  revoke(id: string): Promise<void>;
  dismissSecret(): void;
  /** Subscribes to the live feed; returns the unsubscribe. */
  follow(): () => void;
}

export const useLocalGateway = create<LocalGatewayState>((set, get) => ({
  status: null,
  keys: [],
  feed: [],
  minted: null,
  error: null,
  async load() {
    try {
      const [status, keys, feed] = await Promise.all([
        api.localGateway.status({}),
        api.localGateway.keys({}),
        api.localGateway.feed({}),
      ]);
      set({ status, keys, feed, error: null });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  async configure(patch) {
    try {
      const status = await api.localGateway.configure(patch);
      set({ status, error: null });
      return true;
    } catch (e) {
      set({ error: message(e) });
      return false;
    }
  },
  async mint(input) {
    try {
      const { key, secret } = await api.localGateway.mint(input);
      set({ minted: { name: key.name, secret }, error: null });
      await get().load();
      return true;
    } catch (e) {
      set({ error: message(e) });
      return false;
    }
  },
  async revoke(id) {
    try {
      await api.localGateway.revoke({ id });
      await get().load();
    } catch (e) {
      set({ error: message(e) });
    }
  },
  dismissSecret() {
    set({ minted: null });
  },
  follow() {
    let refresh: ReturnType<typeof setTimeout> | null = null;
    const off = api.events.on('localGateway.call', (call) => {
      set({ feed: [call, ...get().feed].slice(0, FEED_SIZE) });
      // Spend bars follow the feed, at most once a second.
      refresh ??= setTimeout(() => {
        refresh = null;
        void api.localGateway.keys({}).then((keys) => set({ keys }));
      }, 1000);
    });
    return () => {
      off();
      if (refresh) clearTimeout(refresh);
    };
  },
}));
