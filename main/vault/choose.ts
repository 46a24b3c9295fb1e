// Picks the secret store at start-up: the OS keychain (keytar) first; in Electron, safeStorage
// ciphertext in SQLite; otherwise memory for this session, with a visible warning.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger';
import type { Db } from '../db/database';
import { describeBackendError } from './errors';
import {
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  loadKeytar,
  type KeytarLike,
} from './keytar-store';
import { InMemorySecretStore } from './memory-store';
import { SafeStorageSecretStore, safeStorageUnusableReason, type SafeStorageLike } from './safe-storage-store';
import { withTimeout } from './timeout';
import type { SecretBackend, SecretStore } from './types';

export interface ChooseOptions {
  logger: Logger;
  /** Defaults to the real keytar module. */
  loadKeytar?: () => Promise<KeytarLike>;
  keychainService?: string;
  timeoutMs?: number;
  /** Only in Electron (main/electron/safe-storage.ts): ciphertext goes to `db`. */
  safeStorage?: { api: SafeStorageLike; db: Db; allowBasicText?: boolean };
  /**
   * Why no OS keychain can exist in this session, or null to probe it. Default: `noKeychainReason()` when the
   * real keytar is used (a Linux session without a D-Bus session bus has no Secret Service to ask).
   */
  keychainAbsent?: string | null;
}

/** Linux keeps the Secret Service on the D-Bus session bus: without one there is no keychain to probe. */
export function noKeychainReason(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  return platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS
    ? 'no D-Bus session here, so no OS keychain is configured'
    : null;
}

export interface BackendAttempt {
  backend: SecretBackend;
  ok: boolean;
  reason: string | null;
}

export interface ChosenStore {
  store: SecretStore;
  attempts: BackendAttempt[];
}

const PROBE_ACCOUNT = '__aicon_probe__';

/** A write/read/delete round trip: a locked collection can still answer reads, so reading alone proves little. */
async function probeKeychain(store: SecretStore): Promise<void> {
  const marker = `probe-${randomUUID()}`;
  await store.set(PROBE_ACCOUNT, marker);
  const back = await store.get(PROBE_ACCOUNT);
  await store.delete(PROBE_ACCOUNT);
  if (back !== marker) throw new Error('the keychain did not return what was written');
}

async function probeSafeStorage(
  safeStorage: SafeStorageLike,
  allowBasicText: boolean,
  timeoutMs: number,
): Promise<void> {
  const reason = await safeStorageUnusableReason(safeStorage, allowBasicText);
  if (reason) throw new Error(reason);
  const marker = `probe-${randomUUID()}`;
  const back = await withTimeout(
    async () => safeStorage.decryptString(await safeStorage.encryptString(marker)),
    timeoutMs,
    'safeStorage',
  );
  if (back !== marker) throw new Error('safeStorage did not decrypt what it encrypted');
}

export async function chooseSecretStore(opts: ChooseOptions): Promise<ChosenStore> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const attempts: BackendAttempt[] = [];
  // Failures are collected and told once, in one line, with the store that was chosen instead.
  const failed = (backend: SecretBackend, e: unknown) => {
    attempts.push({ backend, ok: false, reason: typeof e === 'string' ? e : describeBackendError(e) });
  };
  const tell = (chosen: string) =>
    opts.logger.warn(
      `vault: ${attempts
        .filter((a) => !a.ok)
        .map((a) => `${a.backend === 'keychain' ? 'OS keychain' : a.backend} unavailable (${a.reason})`)
        .join('; ')}: ${chosen}. Settings → Keychain explains how to fix it.`,
    );

  const absent = opts.keychainAbsent !== undefined ? opts.keychainAbsent : opts.loadKeytar ? null : noKeychainReason();
  if (absent) failed('keychain', absent);
  else {
    try {
      const keytar = await (opts.loadKeytar ?? loadKeytar)();
      const store = new KeytarSecretStore({ keytar, service: opts.keychainService ?? KEYCHAIN_SERVICE, timeoutMs });
      await probeKeychain(store);
      attempts.push({ backend: 'keychain', ok: true, reason: null });
      return { store, attempts };
    } catch (e) {
      failed('keychain', e);
    }
  }

  if (opts.safeStorage) {
    const { api, db } = opts.safeStorage;
    const allowBasicText = opts.safeStorage.allowBasicText ?? false;
    try {
      await probeSafeStorage(api, allowBasicText, timeoutMs);
      attempts.push({ backend: 'safe_storage', ok: true, reason: null });
      tell('keys are encrypted with Electron safeStorage in the database');
      return { store: new SafeStorageSecretStore({ db, safeStorage: api, allowBasicText, timeoutMs }), attempts };
    } catch (e) {
      failed('safe_storage', e);
    }
  }

  attempts.push({ backend: 'memory', ok: true, reason: null });
  tell('keys are kept in memory for this session only');
  return { store: new InMemorySecretStore(), attempts };
}
