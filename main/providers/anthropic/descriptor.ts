// Anthropic as the gateway sees it: `x-api-key` + `anthropic-version`, the
// `{"type":"error","error":{type,message},"request_id"}` envelope (529 overloaded is retryable),
// and `anthropic-ratelimit-*` headers whose resets are RFC 3339 timestamps.
import {
  ProviderError,
  type Headers,
  type ProviderDescriptor,
  type ProviderErrorKind,
  type RateLimitHint,
} from '../../gateway/types';
import { errorText, isRetryableStatus, shouldRetryHeader, statusKind } from '../shared/errors';
import { header, headerNumber, parseDateMs, retryAfterMs } from '../shared/headers';
import { asObject, asString, parseJson } from '../shared/json';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'auth',
  billing_error: 'payment_required',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'bad_request',
  rate_limit_error: 'rate_limited',
  api_error: 'server',
  timeout_error: 'timeout',
  overloaded_error: 'overloaded',
};
const RETRYABLE_TYPES = new Set(['rate_limit_error', 'api_error', 'timeout_error', 'overloaded_error']);
/** Spend limits and an empty credit balance come back as 400 invalid_request_error: never retry them. */
const OUT_OF_CREDIT = /credit balance|spend(ing)? limit|usage limit|billing/i;

/** Builds the typed error for an Anthropic error object (HTTP body or in-stream `event: error`). */
export function anthropicError(
  status: number | null,
  headers: Headers,
  error: unknown,
  requestId: string | null,
  fallbackText: string,
  now = Date.now(),
): ProviderError {
  const e = asObject(error);
  const type = asString(e?.type);
  const message = asString(e?.message);
  let kind: ProviderErrorKind =
    (type !== undefined ? KIND_BY_TYPE[type] : undefined) ?? (status === null ? 'server' : statusKind(status));
  if (kind === 'bad_request' && message !== undefined && OUT_OF_CREDIT.test(message)) kind = 'quota';
  const byType =
    type !== undefined && type in KIND_BY_TYPE
      ? RETRYABLE_TYPES.has(type)
      : status !== null && isRetryableStatus(status);
  const retryable = kind !== 'quota' && (shouldRetryHeader(headers) ?? byType);
  return new ProviderError({
    provider: 'anthropic',
    kind,
    status,
    message: errorText(message, fallbackText, status ?? 200),
    retryable,
    retryAfterMs: retryable ? retryAfterMs(headers, now) : null,
    providerCode: type ?? null,
    requestId,
  });
}

export function classifyAnthropicError(
  status: number,
  headers: Headers,
  bodyText: string,
  now = Date.now(),
): ProviderError {
  const body = asObject(parseJson(bodyText));
  const requestId = header(headers, 'request-id') ?? asString(body?.request_id) ?? null;
  return anthropicError(status, headers, body?.error, requestId, bodyText, now);
}

/**
 * `anthropic-ratelimit-{requests,tokens}-{remaining,reset}` as the main hint; the separate input
 * and output token limits as extra windows. Resets are RFC 3339 timestamps.
 */
export function anthropicRateLimitHint(headers: Headers, _now: number): RateLimitHint | null {
  const read = (name: string) => {
    const remaining = headerNumber(headers, `anthropic-ratelimit-${name}-remaining`);
    if (remaining === undefined) return undefined;
    const resetAt = parseDateMs(header(headers, `anthropic-ratelimit-${name}-reset`));
    const limit = headerNumber(headers, `anthropic-ratelimit-${name}-limit`);
    return { remaining, ...(resetAt !== undefined ? { resetAt } : {}), ...(limit !== undefined ? { limit } : {}) };
  };
  const hint: RateLimitHint = {};
  const requests = read('requests');
  const tokens = read('tokens');
  if (requests) {
    hint.requestsRemaining = requests.remaining;
    if (requests.resetAt !== undefined) hint.requestsResetAt = requests.resetAt;
  }
  if (tokens) {
    hint.tokensRemaining = tokens.remaining;
    if (tokens.resetAt !== undefined) hint.tokensResetAt = tokens.resetAt;
  }
  const windows: NonNullable<RateLimitHint['windows']> = {};
  const input = read('input-tokens');
  const output = read('output-tokens');
  if (input) windows.input_tokens = input;
  if (output) windows.output_tokens = output;
  if (Object.keys(windows).length > 0) hint.windows = windows;
  return Object.keys(hint).length === 0 ? null : hint;
}

/**
 * Idempotency: none documented. No Anthropic spec is in refs/; @anthropic-ai/sdk sends no idempotency header
 * (its client has no `idempotencyHeader`). A retried message may bill twice: each attempt has its own ledger row.
 */
export const anthropicDescriptor: ProviderDescriptor = {
  id: 'anthropic',
  displayName: 'Anthropic',
  defaultBaseUrl: ANTHROPIC_BASE_URL,
  authHeaders: (credential) => ({ 'x-api-key': credential.secret, 'anthropic-version': ANTHROPIC_VERSION }),
  classifyError: (status, headers, bodyText) => classifyAnthropicError(status, headers, bodyText),
  rateLimitHint: anthropicRateLimitHint,
};
