// Electron's safeStorage as the fallback store: ciphertext in SQLite (`vault_secrets`), the key to
// it in the OS keyring/DPAPI/Keychain. Refuses the `basic_text` backend (a hard-coded password,
// i.e. obfuscation) unless the user explicitly opted in.
import type { Db } from '../db/database';
import { describeBackendError, isVaultError, VaultError } from './errors';
import { withTimeout } from './timeout';
import type { SecretStore, StoreInfo } from './types';

/** What we need from Electron's safeStorage; sync or async members both work. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  /** Linux: basic_text | gnome_libsecret | kwallet* | unknown (before `ready`). Other platforms: a label. */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer | Promise<Buffer>;
  decryptString(encrypted: Buffer): string | Promise<string>;
}

export const BASIC_TEXT = 'basic_text';
export const BASIC_TEXT_WARNING =
  'Keys are encrypted with a fixed password because no desktop keyring was detected (basic_text): this hides them from casual reading only.';

export interface SafeStorageStoreOptions {
  db: Db;
  safeStorage: SafeStorageLike;
  /** The user's explicit opt-in to `basic_text`. */
  allowBasicText: boolean;
  now?: () => Date;
  timeoutMs?: number;
}

/** Why safeStorage cannot be used right now, or null when it can. */
export async function safeStorageUnusableReason(
  safeStorage: SafeStorageLike,
  allowBasicText: boolean,
): Promise<string | null> {
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'unknown') return 'safeStorage is not ready yet (called before the app was ready)';
  // Reports differ on whether isEncryptionAvailable() is true under basic_text, so check both.
  if (backend === BASIC_TEXT && !allowBasicText)
    return 'safeStorage would use basic_text (obfuscation only) and the user has not opted in';
  if (!(await safeStorage.isEncryptionAvailable())) return 'safeStorage reports that encryption is not available';
  return null;
}

export class SafeStorageSecretStore implements SecretStore {
  private readonly db: Db;
  private readonly safeStorage: SafeStorageLike;
  private readonly allowBasicText: boolean;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(opts: SafeStorageStoreOptions) {
    this.db = opts.db;
    this.safeStorage = opts.safeStorage;
    this.allowBasicText = opts.allowBasicText;
    this.now = opts.now ?? (() => new Date());
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  info(): StoreInfo {
    const backend = this.safeStorage.getSelectedStorageBackend();
    return {
      backend: 'safe_storage',
      persistent: true,
      label: `Encrypted in the app database (safeStorage, ${backend})`,
      warning: backend === BASIC_TEXT ? BASIC_TEXT_WARNING : null,
    };
  }

  async get(account: string): Promise<string | null> {
    const row = this.db
      .prepare<[string], { ciphertext: Buffer }>('SELECT ciphertext FROM vault_secrets WHERE account = ?')
      .get(account);
    if (!row) return null;
    await this.ensureUsable();
    return this.call('decrypt', async () => this.safeStorage.decryptString(row.ciphertext));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.ensureUsable();
    const ciphertext = await this.call('encrypt', async () => this.safeStorage.encryptString(secret));
    this.db
      .prepare(
        `INSERT INTO vault_secrets (account, ciphertext, storage_backend, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(account) DO UPDATE SET ciphertext = excluded.ciphertext, storage_backend = excluded.storage_backend, updated_at = excluded.updated_at`,
      )
      .run(account, ciphertext, this.safeStorage.getSelectedStorageBackend(), this.now().toISOString());
  }

  async delete(account: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM vault_secrets WHERE account = ?').run(account).changes > 0;
  }

  /** Re-checked on every use: the opt-in must hold even if the backend changed after start-up. */
  private async ensureUsable(): Promise<void> {
    const reason = await safeStorageUnusableReason(this.safeStorage, this.allowBasicText);
    if (reason) throw new VaultError('refused', `Refusing to use safeStorage: ${reason}`);
  }

  private async call<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work, this.timeoutMs, `safeStorage (${action})`);
    } catch (e) {
      if (isVaultError(e)) throw e;
      throw new VaultError('failed', `safeStorage could not ${action} the key: ${describeBackendError(e)}`, e);
    }
  }
}
