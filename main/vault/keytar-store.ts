// The primary store: the OS keychain through keytar (macOS Keychain, Windows Credential Manager,
// libsecret/Secret Service on Linux). Service = app name, account = integration id.
import { describeBackendError, isVaultError, VaultError } from './errors';
import { withTimeout } from './timeout';
import type { SecretStore, StoreInfo } from './types';

/** The part of keytar we use; injected so a hanging or broken keychain can be tested. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'AICON Studio';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;

/** Loads the native module lazily: on a machine without libsecret the require itself throws. */
export async function loadKeytar(): Promise<KeytarLike> {
  try {
    const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
    return mod.default ?? mod;
  } catch (e) {
    throw new VaultError('unavailable', `The keychain module could not be loaded: ${describeBackendError(e)}`, e);
  }
}

export interface KeytarStoreOptions {
  keytar: KeytarLike;
  service?: string;
  timeoutMs?: number;
}

export class KeytarSecretStore implements SecretStore {
  private readonly keytar: KeytarLike;
  readonly service: string;
  private readonly timeoutMs: number;

  constructor(opts: KeytarStoreOptions) {
    this.keytar = opts.keytar;
    this.service = opts.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  }

  info(): StoreInfo {
    return { backend: 'keychain', persistent: true, label: 'OS keychain', warning: null };
  }

  get(account: string): Promise<string | null> {
    return this.call('read', () => this.keytar.getPassword(this.service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.call('write', () => this.keytar.setPassword(this.service, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.call('delete', () => this.keytar.deletePassword(this.service, account));
  }

  private async call<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work, this.timeoutMs, `The OS keychain (${action})`);
    } catch (e) {
      if (isVaultError(e)) throw e;
      throw new VaultError('failed', `The OS keychain refused to ${action} the key: ${describeBackendError(e)}`, e);
    }
  }
}
