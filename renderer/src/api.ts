// The renderer's one way to reach main: the preload API in Electron, the same API over HTTP in web mode.
import { buildApi, type Api, type Transport } from '../../preload/api';
import type { Result } from '../../preload/contract';
import { useStorageProblem } from './state/storageProblem';
import { reportStorageErrors } from './storageErrors';

declare global {
  interface Window {
    aicon?: Api;
  }
}

function httpTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureSource = () => {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (e: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(e.data) as { name: string; payload: unknown };
      for (const l of listeners.get(name) ?? []) l(payload);
    };
  };
  return {
    async invoke(channel, input) {
      let res: Response;
      try {
        res = await fetch(`/api/call/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        return {
          ok: false,
          error: { code: 'unavailable', message: 'The app server is not reachable. Is it still running?' },
        };
      }
      if (res.status === 401)
        return {
          ok: false,
          error: { code: 'forbidden_sender', message: 'Session expired: open the URL printed by the start command.' },
        };
      if (!res.ok && !res.headers.get('content-type')?.includes('application/json')) {
        return { ok: false, error: { code: 'unavailable', message: `Server answered ${res.status}` } };
      }
      return (await res.json()) as Result<unknown>;
    },
    subscribe(event, listener) {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

export const api: Api = reportStorageErrors(window.aicon ?? buildApi(httpTransport()), (p) =>
  useStorageProblem.getState().report(p),
);
