// Keys kept for this session only: the last resort when no keychain or encryption is available.
import type { SecretStore, StoreInfo } from './types';

export const MEMORY_STORE_WARNING =
  'No OS keychain is available, so keys are kept in memory for this session only: they are not saved and must be re-entered after a restart.';

export class InMemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  constructor(private readonly warning: string = MEMORY_STORE_WARNING) {}

  info(): StoreInfo {
    return { backend: 'memory', persistent: false, label: 'Memory (this session only)', warning: this.warning };
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
}
