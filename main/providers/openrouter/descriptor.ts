// OpenRouter as the gateway sees it: Bearer auth, `{"error":{code:int,message,metadata?}}` where the
// HTTP status equals `code`, 402 = out of credits (never retried), Cloudflare 524 and 529 retried,
// `X-RateLimit-*` only on OpenRouter's own 429s, and errors inside a 200 body.
import {
  ProviderError,
  type Headers,
  type ProviderDescriptor,
  type ProviderErrorKind,
  type RateLimitHint,
} from '../../gateway/types';
import { errorText, isRetryableStatus, shouldRetryHeader, statusKind } from '../shared/errors';
import { header, headerNumber, parseResetAt, retryAfterMs } from '../shared/headers';
import { asArray, asNumber, asObject, asString, at, parseJson } from '../shared/json';

export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';
/** App attribution shown on openrouter.ai (optional header). */
const APP_TITLE = 'AICON Studio';

/** Builds the typed error from an OpenRouter error object (HTTP body, 200 body or stream chunk). */
export function openRouterError(
  status: number,
  headers: Headers,
  error: unknown,
  fallbackText: string,
  now = Date.now(),
): ProviderError {
  const e = asObject(error);
  const message = asString(e?.message);
  const metadata = asObject(e?.metadata);
  // `code` equals the HTTP status on request errors; in-body errors may carry it instead.
  const code = asNumber(e?.code);
  const effective = status >= 400 ? status : (code ?? 500);
  let kind: ProviderErrorKind = statusKind(effective);
  if (effective === 403 && asArray(metadata?.reasons) !== undefined) kind = 'content_policy';
  if (effective === 502) kind = 'server';
  // 402: out of credits or the key's limit is spent. Retrying only burns time.
  const retryable = effective !== 402 && (shouldRetryHeader(headers) ?? isRetryableStatus(effective));
  return new ProviderError({
    provider: 'openrouter',
    kind,
    status,
    message: errorText(message, fallbackText, effective),
    retryable,
    retryAfterMs: retryable ? retryAfterMs(headers, now) : null,
    providerCode: asString(metadata?.error_type) ?? asString(e?.code) ?? (code !== undefined ? String(code) : null),
    requestId: header(headers, 'x-generation-id') ?? null,
  });
}

export function classifyOpenRouterError(
  status: number,
  headers: Headers,
  bodyText: string,
  now = Date.now(),
): ProviderError {
  return openRouterError(status, headers, asObject(parseJson(bodyText))?.error, bodyText, now);
}

/** `X-RateLimit-{Limit,Remaining,Reset}` (Reset in epoch ms); successful responses carry none. */
export function openRouterRateLimitHint(headers: Headers, now: number): RateLimitHint | null {
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  if (remaining === undefined) return null;
  const resetAt = parseResetAt(header(headers, 'x-ratelimit-reset'), now);
  return { requestsRemaining: remaining, ...(resetAt !== undefined ? { requestsResetAt: resetAt } : {}) };
}

/** "Any error while the LLM is producing the output is emitted in the response body" with HTTP 200. */
export function openRouterSuccessBodyError(status: number, body: unknown): ProviderError | null {
  const error = at(body, 'error');
  if (asObject(error) === undefined || asArray(at(body, 'choices'))?.some((c) => at(c, 'message') !== undefined))
    return null;
  return openRouterError(status, {}, error, '');
}

/**
 * Idempotency: none documented: refs/specs/openrouter-openapi.yaml declares no idempotency header or field. A
 * retried completion may bill twice: each attempt has its own ledger row (and /generation settles each).
 */
export const openrouterDescriptor: ProviderDescriptor = {
  id: 'openrouter',
  displayName: 'OpenRouter',
  defaultBaseUrl: OPENROUTER_BASE_URL,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential.secret}`, 'x-openrouter-title': APP_TITLE }),
  classifyError: (status, headers, bodyText) => classifyOpenRouterError(status, headers, bodyText),
  rateLimitHint: openRouterRateLimitHint,
  classifySuccessBody: openRouterSuccessBodyError,
};
