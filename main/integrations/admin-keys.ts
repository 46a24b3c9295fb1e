// Optional organization admin keys (OpenAI Admin key for the Costs API, Anthropic Admin key for the cost
// report). They read billing for a whole organization, so they are kept apart from the call keys: never used
// for a model call, never shown again, stored in the same secret store (OS keychain) as every other key.
import { AppError } from '../core/errors';
import type { SecretStore } from '../vault/types';
import { maskedSuffix } from './credentials';

export const ADMIN_KEY_PROVIDERS = ['openai', 'anthropic'] as const;
export type AdminKeyProvider = (typeof ADMIN_KEY_PROVIDERS)[number];

const RULES: Record<AdminKeyProvider, { prefix: string; hint: string }> = {
  openai: { prefix: 'sk-admin-', hint: 'OpenAI admin keys start with "sk-admin-"' },
  anthropic: { prefix: 'sk-ant-admin', hint: 'Anthropic Admin API keys start with "sk-ant-admin"' },
};

const account = (provider: AdminKeyProvider) => `admin-key:${provider}`;

export interface AdminKeyInfo {
  provider: AdminKeyProvider;
  present: boolean;
  maskedSuffix: string;
}

export class AdminKeyVault {
  constructor(private readonly store: Promise<SecretStore>) {}

  async set(provider: AdminKeyProvider, key: string): Promise<AdminKeyInfo> {
    const value = key.trim();
    const rule = RULES[provider];
    if (!value.startsWith(rule.prefix) || value.length < 24 || !/^[\x21-\x7e]+$/.test(value))
      throw new AppError('invalid_input', `This does not look like an admin key: ${rule.hint}.`, {
        reason: 'bad_format',
      });
    const store = await this.store;
    await store.set(account(provider), value);
    return { provider, present: true, maskedSuffix: maskedSuffix(value) };
  }

  /** Main-side only (reconciliation fetches): never send it over IPC. */
  async get(provider: AdminKeyProvider): Promise<string | null> {
    return (await this.store).get(account(provider));
  }

  async remove(provider: AdminKeyProvider): Promise<void> {
    await (await this.store).delete(account(provider));
  }

  async info(provider: AdminKeyProvider): Promise<AdminKeyInfo> {
    const key = await this.get(provider);
    return { provider, present: key !== null, maskedSuffix: key ? maskedSuffix(key) : '' };
  }
}
