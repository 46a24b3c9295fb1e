// Parsing helpers shared by the media/data providers (ElevenLabs, HeyGen, Exa, Twilio, SendGrid, Apollo):
// type guards, zod validation that fails as a typed `malformed_response`, and ProviderError builders
// that start from the gateway's status classification and override only what the provider's envelope says.
import type { z } from 'zod';
import { redactSecrets } from '../../core/redact';
import { classifyStatus } from '../../gateway/errors';
import { ProviderError, type Headers, type ProviderErrorKind, type ProviderId } from '../../gateway/types';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A finite number from a JSON number or a numeric string (Twilio sends counts as strings). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export interface ErrorOverrides {
  kind?: ProviderErrorKind;
  message?: string;
  providerCode?: string | null;
  retryable?: boolean;
  requestId?: string | null;
}

/**
 * A ProviderError for a non-2xx answer: the generic status mapping (kind, retryable, retry-after) with the
 * provider's envelope details laid over it. Messages are redacted and capped; the body is never kept whole.
 */
export function providerError(
  provider: ProviderId,
  status: number,
  headers: Headers,
  overrides: ErrorOverrides,
  now = Date.now(),
): ProviderError {
  const base = classifyStatus(provider, status, headers, overrides.message ?? '', now);
  const retryable = overrides.retryable ?? base.retryable;
  return new ProviderError({
    provider,
    kind: overrides.kind ?? base.kind,
    status,
    message: redactSecrets(overrides.message || `HTTP ${status}`).slice(0, 500),
    retryable,
    retryAfterMs: retryable ? base.retryAfterMs : null,
    providerCode: overrides.providerCode ?? null,
    requestId: overrides.requestId ?? null,
  });
}

/** A 2xx whose body is not what the provider documents. Not retried: the call may have been billed. */
export function malformedResponse(provider: ProviderId, what: string, cause?: unknown): ProviderError {
  return new ProviderError({
    provider,
    kind: 'malformed_response',
    message: `unexpected ${what} response from ${provider}`,
    cause,
  });
}

/** Validates a parsed body with a zod schema; a mismatch becomes a typed `malformed_response`. */
export function parseWith<S extends z.ZodType>(
  provider: ProviderId,
  what: string,
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw malformedResponse(provider, what, result.error);
  return result.data;
}

/** Our own pre-flight refusal (too many characters, file too large): nothing was sent. */
export function limitExceeded(provider: ProviderId, message: string, providerCode: string): ProviderError {
  return new ProviderError({ provider, kind: 'limit_exceeded', message, providerCode });
}

/** Caller input we refuse before sending (missing Account SID, empty script). */
export function badInput(provider: ProviderId, message: string, providerCode = 'invalid_input'): ProviderError {
  return new ProviderError({ provider, kind: 'bad_request', message, providerCode });
}
