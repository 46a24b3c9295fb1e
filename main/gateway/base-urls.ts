// Provider base URLs: settings override, then AICON_<PROVIDER>[_<KEY>]_BASE_URL, then the descriptor default.
// Overrides point the app at proxies, EU endpoints, or our loopback fakes.
import { AppError } from '../core/errors';
import type { BaseUrls } from './deps';
import type { ProviderDescriptor, ProviderId } from './types';

export type BaseUrlSettings = (provider: ProviderId, key: string | undefined) => string | null | undefined;

export const baseUrlEnvName = (provider: ProviderId, key?: string): string =>
  `AICON_${provider.toUpperCase()}${key ? `_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}` : ''}_BASE_URL`;

function checkedUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError('invalid_input', `${source} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('invalid_input', `${source} must be an http(s) URL`);
  if (url.username || url.password) throw new AppError('invalid_input', `${source} must not embed credentials`);
  return url.href.replace(/\/+$/, '');
}

export function createBaseUrls(opts: {
  descriptors: Partial<Record<ProviderId, Pick<ProviderDescriptor, 'defaultBaseUrl' | 'extraBaseUrls'>>>;
  settings?: BaseUrlSettings;
  env?: Record<string, string | undefined>;
}): BaseUrls {
  const env = opts.env ?? process.env;
  return {
    resolve(provider, key) {
      const fromSettings = opts.settings?.(provider, key);
      if (fromSettings) return checkedUrl(fromSettings, `base URL setting for ${provider}${key ? ` (${key})` : ''}`);
      const envName = baseUrlEnvName(provider, key);
      const fromEnv = env[envName];
      if (fromEnv) return checkedUrl(fromEnv, envName);
      const d = opts.descriptors[provider];
      const fallback = key ? d?.extraBaseUrls?.[key] : d?.defaultBaseUrl;
      if (!fallback) throw new AppError('unavailable', `no base URL for ${provider}${key ? ` (${key})` : ''}`);
      return checkedUrl(fallback, `default base URL of ${provider}`);
    },
  };
}
