// Perplexity as the gateway sees it: Bearer auth, the Agent API envelope
// `{"error":{message,type,code:int,param?}}` (status == code), FastAPI 422 `{"detail":[…]}` from
// legacy Sonar, `X-RateLimit-*` on 429s, and failures inside HTTP 200 (`status:"failed"|"cancelled"`).
import {
  ProviderError,
  type Headers,
  type ProviderDescriptor,
  type ProviderErrorKind,
  type RateLimitHint,
} from '../../gateway/types';
import { errorText, isRetryableStatus, shouldRetryHeader, statusKind } from '../shared/errors';
import { header, headerNumber, parseResetAt, retryAfterMs } from '../shared/headers';
import { asArray, asObject, asString, at, parseJson } from '../shared/json';

export const PERPLEXITY_BASE_URL = 'https://api.perplexity.ai';

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  forbidden: 'auth',
  not_found: 'not_found',
  payload_too_large: 'bad_request',
  request_rate_limit_exceeded: 'rate_limited',
  internal_error: 'server',
  bad_gateway: 'server',
  gateway_timeout: 'timeout',
  upstream_structured_output_failed: 'server',
  external_connector_error: 'server',
};
const OUT_OF_CREDIT = /insufficient (credits|balance|quota)|out of credits|quota exceeded/i;

export function classifyPerplexityError(
  status: number,
  headers: Headers,
  bodyText: string,
  now = Date.now(),
): ProviderError {
  const body = asObject(parseJson(bodyText));
  const error = asObject(body?.error);
  // FastAPI validation errors: {"detail":[{"loc":[…],"msg":"…","type":"…"}]}
  const detail = asObject(asArray(body?.detail)?.[0]);
  const type = asString(error?.type) ?? asString(detail?.type);
  const message = asString(error?.message) ?? asString(detail?.msg) ?? asString(body?.detail);
  let kind: ProviderErrorKind = statusKind(status);
  if (type !== undefined && KIND_BY_TYPE[type] !== undefined && !(type === 'forbidden' && status === 403))
    kind = KIND_BY_TYPE[type];
  if (message !== undefined && OUT_OF_CREDIT.test(message)) kind = 'quota';
  const retryable = kind !== 'quota' && (shouldRetryHeader(headers) ?? isRetryableStatus(status));
  return new ProviderError({
    provider: 'perplexity',
    kind,
    status,
    message: errorText(message, bodyText, status),
    retryable,
    retryAfterMs: retryable ? retryAfterMs(headers, now) : null,
    providerCode: type ?? null,
  });
}

/** `X-RateLimit-{Limit,Remaining,Reset}` (sent with 429s); the reset format is not documented, so any is read. */
export function perplexityRateLimitHint(headers: Headers, now: number): RateLimitHint | null {
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  if (remaining === undefined) return null;
  const resetAt = parseResetAt(header(headers, 'x-ratelimit-reset'), now);
  return { requestsRemaining: remaining, ...(resetAt !== undefined ? { requestsResetAt: resetAt } : {}) };
}

const TRANSIENT = /timeout|overload|unavailable|internal|server|rate.?limit|bad_gateway/i;

/**
 * Agent API runs that fail or are cancelled still answer HTTP 200 with `status` and `error` set.
 * `incomplete` (max_output_tokens) is a usable partial answer, not an error.
 */
export function perplexitySuccessBodyError(status: number, body: unknown): ProviderError | null {
  if (at(body, 'object') !== 'response') return null;
  const runStatus = asString(at(body, 'status'));
  if (runStatus !== 'failed' && runStatus !== 'cancelled') return null;
  const code = asString(at(body, 'error', 'code')) ?? asString(at(body, 'error', 'type')) ?? runStatus;
  const message = asString(at(body, 'error', 'message')) ?? `agent run ${runStatus}`;
  return new ProviderError({
    provider: 'perplexity',
    kind: runStatus === 'cancelled' ? 'aborted' : 'server',
    status,
    message: errorText(message, '', status),
    // A failed run may have spent tool calls: only obviously transient failures are retried.
    retryable: runStatus === 'failed' && TRANSIENT.test(`${code} ${message}`),
    providerCode: code,
    requestId: asString(at(body, 'id')) ?? null,
  });
}

/**
 * Idempotency: none documented: refs/specs/perplexity-openapi.thirdparty-mirror.json declares no idempotency
 * header or field. A retried completion may bill twice: each attempt has its own ledger row.
 */
export const perplexityDescriptor: ProviderDescriptor = {
  id: 'perplexity',
  displayName: 'Perplexity',
  defaultBaseUrl: PERPLEXITY_BASE_URL,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential.secret}` }),
  classifyError: (status, headers, bodyText) => classifyPerplexityError(status, headers, bodyText),
  rateLimitHint: perplexityRateLimitHint,
  classifySuccessBody: perplexitySuccessBodyError,
};
