import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../main/core/logger';
import { chooseSecretStore } from '../../../main/vault/choose';
import type { KeytarLike } from '../../../main/vault/keytar-store';
import { openTempDb, type TempDb } from '../integrations/setup';
import { fakeSafeStorage } from './fake-safe-storage';

let t: TempDb | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

function mapKeytar(): KeytarLike {
  const items = new Map<string, string>();
  return {
    getPassword: async (s, a) => items.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}/${a}`),
  };
}

const noDbus = async (): Promise<KeytarLike> => ({
  getPassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
  setPassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
  deletePassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
});

describe('chooseSecretStore', () => {
  it('picks the keychain when a write/read/delete probe works, and leaves no probe behind', async () => {
    const keytar = mapKeytar();
    const chosen = await chooseSecretStore({ logger: capture(), loadKeytar: async () => keytar });
    expect(chosen.store.info().backend).toBe('keychain');
    expect(await keytar.getPassword('AICON Studio', '__aicon_probe__')).toBeNull();
  });

  it('falls back to memory with a warning when keytar cannot load or reach D-Bus (no safeStorage outside Electron)', async () => {
    const loadFails = async (): Promise<KeytarLike> => {
      throw new Error('libsecret-1.so.0: cannot open shared object file');
    };
    for (const loadKeytar of [loadFails, noDbus]) {
      const logger = capture();
      const chosen = await chooseSecretStore({ logger, loadKeytar });
      expect(chosen.store.info()).toMatchObject({ backend: 'memory', persistent: false });
      expect(chosen.store.info().warning).toBeTruthy();
      expect(chosen.attempts.map((a) => [a.backend, a.ok])).toEqual([
        ['keychain', false],
        ['memory', true],
      ]);
      expect(logger.lines.join('\n')).toMatch(/keychain unavailable/);
    }
  });

  it('gives up on a hanging keychain after the timeout', async () => {
    const hanging: KeytarLike = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
    };
    const chosen = await chooseSecretStore({ logger: capture(), loadKeytar: async () => hanging, timeoutMs: 30 });
    expect(chosen.store.info().backend).toBe('memory');
    expect(chosen.attempts[0]?.reason).toMatch(/did not answer/);
  });

  it('in Electron, uses safeStorage when the keychain fails, but not basic_text without opt-in', async () => {
    t = openTempDb();
    const real = await chooseSecretStore({
      logger: capture(),
      loadKeytar: noDbus,
      safeStorage: { api: fakeSafeStorage({ backend: 'gnome_libsecret' }), db: t.db },
    });
    expect(real.store.info().backend).toBe('safe_storage');

    const basic = fakeSafeStorage({ backend: 'basic_text' });
    const refused = await chooseSecretStore({
      logger: capture(),
      loadKeytar: noDbus,
      safeStorage: { api: basic, db: t.db },
    });
    expect(refused.store.info().backend).toBe('memory');
    expect(refused.attempts.find((a) => a.backend === 'safe_storage')?.reason).toMatch(/basic_text/);
    expect(basic.calls).toBe(0);

    const optedIn = await chooseSecretStore({
      logger: capture(),
      loadKeytar: noDbus,
      safeStorage: { api: basic, db: t.db, allowBasicText: true },
    });
    expect(optedIn.store.info()).toMatchObject({ backend: 'safe_storage' });
    expect(optedIn.store.info().warning).toMatch(/basic_text/);
  });
});
