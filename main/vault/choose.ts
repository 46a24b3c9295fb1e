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
  const failed = (backend: SecretBackend, e: unknown) => {
    const reason = describeBackendError(e);
    attempts.push({ backend, ok: false, reason });
    opts.logger.warn(`vault: ${backend} unavailable: ${reason}`);
  };

  try {
    const keytar = await (opts.loadKeytar ?? loadKeytar)();
    const store = new KeytarSecretStore({ keytar, service: opts.keychainService ?? KEYCHAIN_SERVICE, timeoutMs });
    await probeKeychain(store);
    attempts.push({ backend: 'keychain', ok: true, reason: null });
    return { store, attempts };
  } catch (e) {
    failed('keychain', e);
  }

  if (opts.safeStorage) {
    const { api, db } = opts.safeStorage;
    const allowBasicText = opts.safeStorage.allowBasicText ?? false;
    try {
      await probeSafeStorage(api, allowBasicText, timeoutMs);
      attempts.push({ backend: 'safe_storage', ok: true, reason: null });
      return { store: new SafeStorageSecretStore({ db, safeStorage: api, allowBasicText, timeoutMs }), attempts };
    } catch (e) {
      failed('safe_storage', e);
    }
  }

  attempts.push({ backend: 'memory', ok: true, reason: null });
  opts.logger.warn('vault: keys will be kept in memory for this session only');
  return { store: new InMemorySecretStore(), attempts };
}
