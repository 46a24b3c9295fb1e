// Apollo.io: `x-api-key`; a bad key is a 401 in text/plain (not JSON); other errors are {error, error_code},
// {message} (a 429's message is sometimes itself JSON-encoded) or bulk_match's {status:"failed", error_code,
// error_message}. Rate limits are per team x endpoint in three fixed windows (minute / hour / day) opened by
// the first request, reported in x-*-requests-left headers (absent on 401/403; an unlimited window sends an
// empty limit header).
import { header, headerNumber } from '../shared/headers';
import { parseJson } from '../shared/json';
import { asString, isRecord, providerError } from '../shared/parse-kit';
import { ProviderError, type Headers, type ProviderDescriptor, type RateLimitHint } from '../../gateway/types';

const PROVIDER = 'apollo' as const;

/** Header spellings of Apollo's three windows, and the names we give them. */
export const APOLLO_WINDOWS = [
  { name: 'minute', limit: 'x-rate-limit-minute', left: 'x-minute-requests-left' },
  { name: 'hour', limit: 'x-rate-limit-hourly', left: 'x-hourly-requests-left' },
  { name: 'day', limit: 'x-rate-limit-24-hour', left: 'x-24-hour-requests-left' },
] as const;

function messageOf(body: Record<string, unknown>): string | undefined {
  const raw = asString(body.error_message) ?? asString(body.error) ?? asString(body.message);
  // Some 429s wrap a JSON document in `message`.
  const inner = raw?.trim().startsWith('{') ? parseJson(raw) : undefined;
  return isRecord(inner) ? (asString(inner.message) ?? asString(inner.error) ?? raw) : raw;
}

export function classifyApolloError(status: number, headers: Headers, bodyText: string): ProviderError {
  const body = parseJson(bodyText);
  if (!isRecord(body)) {
    // 401 is text/plain ("Invalid API key. See …"); keep the text as the message.
    return providerError(PROVIDER, status, headers, { message: bodyText.trim().slice(0, 300) || `HTTP ${status}` });
  }
  const code = asString(body.error_code) ?? null;
  const message = messageOf(body) ?? `HTTP ${status}`;
  if (status === 403)
    return providerError(PROVIDER, status, headers, {
      kind: 'permission',
      retryable: false,
      message,
      providerCode: code,
    });
  return providerError(PROVIDER, status, headers, { message, providerCode: code });
}

/** bulk_match reports a failed batch in its body; a 2xx carrying status:"failed" is still a failure. */
export function classifyApolloSuccessBody(status: number, body: unknown): ProviderError | null {
  if (!isRecord(body) || body.status !== 'failed') return null;
  const code = asString(body.error_code) ?? null;
  return new ProviderError({
    provider: PROVIDER,
    kind: 'bad_request',
    status,
    message: messageOf(body) ?? 'request failed',
    providerCode: code,
  });
}

export function apolloRateLimitHint(headers: Headers): RateLimitHint | null {
  const windows: NonNullable<RateLimitHint['windows']> = {};
  for (const w of APOLLO_WINDOWS) {
    const left = headerNumber(headers, w.left);
    // An empty limit header means the window is unlimited: nothing to learn.
    if (left === undefined || header(headers, w.limit) === '') continue;
    const limit = headerNumber(headers, w.limit);
    windows[w.name] = limit === undefined ? { remaining: left } : { remaining: left, limit };
  }
  const remaining = Object.values(windows).map((w) => w.remaining);
  if (remaining.length === 0) return null;
  return { requestsRemaining: Math.min(...remaining), windows };
}

/**
 * Idempotency: none documented: refs/specs/apollo-rest-api-openapi.json declares no header parameters. An
 * enrichment POST that may have spent credits is not re-sent; a job's call goes out at most once (send-once key).
 */
export const apolloDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'Apollo.io',
  defaultBaseUrl: 'https://api.apollo.io/api/v1',
  authHeaders: (credential) => ({ 'x-api-key': credential.secret }),
  classifyError: classifyApolloError,
  rateLimitHint: (headers) => apolloRateLimitHint(headers),
  classifySuccessBody: classifyApolloSuccessBody,
};
