// The export's settings: plain options in the settings table, header values (auth) in the secret store only.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { TelemetryConfig } from '../../preload/contract/telemetry';
import { AppError } from '../core/errors';
import type { SettingsStore } from '../system/settings';
import type { SecretStore } from '../vault/types';

export const CONFIG_SETTING = 'telemetry.config';
export const INSTALL_ID_SETTING = 'telemetry.installId';
/** Vault account holding the headers as a JSON object. */
export const HEADERS_ACCOUNT = 'telemetry.otlp.headers';

type StoredConfig = Omit<TelemetryConfig, 'headerNames'> & { headerNames: string[] };

export const defaultConfig = (): StoredConfig => ({
  enabled: false,
  endpoint: '',
  protocol: 'http/protobuf',
  deviceName: hostname(),
  includeContent: false,
  headerNames: [],
});

export function readConfig(settings: SettingsStore): StoredConfig {
  return { ...defaultConfig(), ...settings.get<Partial<StoredConfig>>(CONFIG_SETTING, {}) };
}

/** A stable id for this installation (resource `service.instance.id`, and the seed of span ids). */
export function installId(settings: SettingsStore): string {
  const existing = settings.get<string | null>(INSTALL_ID_SETTING, null);
  if (existing) return existing;
  const id = randomUUID();
  settings.set(INSTALL_ID_SETTING, id);
  return id;
}

/** An http(s) URL without credentials in it (those belong in a header, i.e. the keychain). */
export function validateEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new AppError('invalid_input', `The endpoint must be an http(s) URL, got "${trimmed.slice(0, 100)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('invalid_input', 'The endpoint must start with http:// or https://');
  if (url.username || url.password)
    throw new AppError('invalid_input', 'Put credentials in a header (kept in the keychain), not in the endpoint URL');
  return trimmed.replace(/\/+$/, '');
}

export async function readHeaders(store: SecretStore): Promise<Record<string, string>> {
  const raw = await store.get(HEADERS_ACCOUNT);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function writeHeaders(store: SecretStore, headers: Record<string, string>): Promise<void> {
  if (Object.keys(headers).length === 0) await store.delete(HEADERS_ACCOUNT);
  else await store.set(HEADERS_ACCOUNT, JSON.stringify(headers));
}
