// OpenAI as the gateway sees it: base URL, Bearer auth, the `{"error":{message,type,param,code}}`
// envelope, and `x-ratelimit-*` headers whose resets are Go durations (`6m0s`, `20ms`).
import { ProviderError, type Headers, type ProviderDescriptor, type RateLimitHint } from '../../gateway/types';
import { errorText, isRetryableStatus, shouldRetryHeader, statusKind } from '../shared/errors';
import { header, headerNumber, parseDurationMs, retryAfterMs } from '../shared/headers';
import { asObject, asString, parseJson } from '../shared/json';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Rate-limit 429 messages end with "Please try again in 6.596s." (or "in 20ms"): a wait when no header says. */
function retryHintFromMessage(message: string | undefined): number | null {
  const m = message === undefined ? null : /try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message);
  return m === null ? null : (parseDurationMs(m[1]) ?? null);
}

export function classifyOpenAIError(
  status: number,
  headers: Headers,
  bodyText: string,
  now = Date.now(),
): ProviderError {
  const error = asObject(asObject(parseJson(bodyText))?.error);
  const message = asString(error?.message);
  const type = asString(error?.type);
  const code = asString(error?.code) ?? null;
  const requestId = header(headers, 'x-request-id') ?? null;
  const base = {
    provider: 'openai' as const,
    status,
    message: errorText(message, bodyText, status),
    providerCode: code ?? type ?? null,
    requestId,
  };

  // Out of credits looks like a rate limit (429) but waiting never helps.
  if (code === 'insufficient_quota' || type === 'insufficient_quota') {
    return new ProviderError({ ...base, kind: 'quota', providerCode: 'insufficient_quota', retryable: false });
  }
  let kind = statusKind(status);
  if (status === 503 && message !== undefined && /overloaded|slow down/i.test(message)) kind = 'overloaded';
  if (status === 400 && (code === 'content_policy_violation' || code === 'content_filter')) kind = 'content_policy';
  const retryable = shouldRetryHeader(headers) ?? isRetryableStatus(status);
  return new ProviderError({
    ...base,
    kind,
    retryable,
    retryAfterMs: retryable ? (retryAfterMs(headers, now) ?? retryHintFromMessage(message)) : null,
  });
}

/** `x-ratelimit-remaining-{requests,tokens}` with `x-ratelimit-reset-*` as durations from now. */
export function openAIRateLimitHint(headers: Headers, now: number): RateLimitHint | null {
  const hint: RateLimitHint = {};
  const requests = headerNumber(headers, 'x-ratelimit-remaining-requests');
  const requestsReset = parseDurationMs(header(headers, 'x-ratelimit-reset-requests'));
  const tokens = headerNumber(headers, 'x-ratelimit-remaining-tokens');
  const tokensReset = parseDurationMs(header(headers, 'x-ratelimit-reset-tokens'));
  if (requests !== undefined) hint.requestsRemaining = requests;
  if (requestsReset !== undefined) hint.requestsResetAt = now + requestsReset;
  if (tokens !== undefined) hint.tokensRemaining = tokens;
  if (tokensReset !== undefined) hint.tokensResetAt = now + tokensReset;
  return Object.keys(hint).length === 0 ? null : hint;
}

/**
 * Idempotency: none documented for the operations the app sends (chat, embeddings, completions, transcriptions).
 * refs/specs/openai-openapi.yaml declares no idempotency header or field, and openai-node leaves its generic
 * `idempotencyHeader` hook unset for this API. A retried generation may bill twice, so only retryable (read or
 * generate) POSTs are retried and each attempt has its own ledger row.
 */
export const openaiDescriptor: ProviderDescriptor = {
  id: 'openai',
  displayName: 'OpenAI',
  defaultBaseUrl: OPENAI_BASE_URL,
  authHeaders: (credential) => ({ authorization: `Bearer ${credential.secret}` }),
  classifyError: (status, headers, bodyText) => classifyOpenAIError(status, headers, bodyText),
  rateLimitHint: openAIRateLimitHint,
};
