// The secret store contract. Only main holds secrets; the renderer never reads one back.

/** Where a key lives. Recorded per integration so a later backend change is visible, not silent. */
export const SECRET_BACKENDS = ['keychain', 'safe_storage', 'memory'] as const;
export type SecretBackend = (typeof SECRET_BACKENDS)[number];

export interface StoreInfo {
  backend: SecretBackend;
  /** Survives a restart. The memory store does not, and the UI says so. */
  persistent: boolean;
  /** Human-readable name of the mechanism, e.g. "OS keychain (keytar)". */
  label: string;
  /** Shown as a banner when set (keys only in memory, obfuscation-only encryption opted in). */
  warning: string | null;
}

export interface SecretStore {
  info(): StoreInfo;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}
