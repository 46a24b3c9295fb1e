// Provider base URL overrides kept in settings: read by the gateway's BaseUrls (main/gateway/base-urls.ts)
// and edited from the Integrations screen.
import type { BaseUrlEntry, IntegrationProvider } from '../../preload/contract/integrations';
import { INTEGRATION_PROVIDERS } from '../../preload/contract/integrations';
import { AppError } from '../core/errors';
import { baseUrlEnvName, type BaseUrlSettings } from '../gateway/base-urls';
import type { SettingsStore } from '../system/settings';

export const baseUrlSettingKey = (provider: IntegrationProvider, key?: string): string =>
  key ? `providers.${provider}.${key}.baseUrl` : `providers.${provider}.baseUrl`;

/** The gateway's settings source for BaseUrls. */
export const baseUrlSettingsReader =
  (settings: SettingsStore): BaseUrlSettings =>
  (provider, key) =>
    settings.get<string | null>(baseUrlSettingKey(provider, key), null);

/** http(s) only, no embedded credentials (a key in a URL would end up in settings), no query or fragment. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError(
      'invalid_input',
      'The base URL is not a valid URL (expected e.g. https://proxy.example.com/v1).',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('invalid_input', 'The base URL must start with http:// or https://.');
  if (url.username || url.password)
    throw new AppError('invalid_input', 'The base URL must not contain a user name or password.');
  if (url.search || url.hash)
    throw new AppError('invalid_input', 'The base URL must not contain a query (?…) or fragment (#…).');
  return url.href.replace(/\/+$/, '');
}

export interface BaseUrlOverridesDeps {
  settings: SettingsStore;
  env?: Record<string, string | undefined>;
  /** The provider's built-in default (from its descriptor); null when unknown to this build. */
  defaultUrl: (provider: IntegrationProvider) => string | null;
}

export class BaseUrlOverrides {
  private readonly env: Record<string, string | undefined>;

  constructor(private readonly deps: BaseUrlOverridesDeps) {
    this.env = deps.env ?? process.env;
  }

  entry(provider: IntegrationProvider): BaseUrlEntry {
    const override = this.deps.settings.get<string | null>(baseUrlSettingKey(provider), null);
    const fromEnv = this.env[baseUrlEnvName(provider)] || null;
    const defaultUrl = this.deps.defaultUrl(provider);
    return { provider, override, fromEnv, defaultUrl, effective: override ?? fromEnv ?? defaultUrl };
  }

  list(): BaseUrlEntry[] {
    return INTEGRATION_PROVIDERS.map((p) => this.entry(p));
  }

  set(provider: IntegrationProvider, url: string | null): BaseUrlEntry {
    this.deps.settings.set(baseUrlSettingKey(provider), url === null || url === '' ? null : normalizeBaseUrl(url));
    return this.entry(provider);
  }
}
