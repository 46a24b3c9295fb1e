// Typed failures of a secret store. Messages never carry a secret: backend errors are redacted.
import { redactSecrets } from '../core/redact';

export type VaultErrorKind = 'timeout' | 'unavailable' | 'refused' | 'failed';

export class VaultError extends Error {
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'VaultError';
  }
}

export const isVaultError = (e: unknown): e is VaultError => e instanceof VaultError;

/** A backend's own error text, safe to show or log. */
export function describeBackendError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return redactSecrets(text).slice(0, 300);
}
