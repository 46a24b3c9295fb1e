// ElevenLabs: `xi-api-key` header, every error nested under `detail` (an object, or FastAPI's array on 422),
// and the trap worth remembering: running out of credits is a 401 `quota_exceeded`, not a bad key.
import { header, headerNumber } from '../shared/headers';
import { parseJson } from '../shared/json';
import { asString, isRecord, providerError } from '../shared/parse-kit';
import type { Headers, ProviderDescriptor, ProviderError, RateLimitHint } from '../../gateway/types';

const PROVIDER = 'elevenlabs' as const;

/** `detail.status` (older bodies) or `detail.code` (newer ones may carry both) -> kind and retryability. */
function classifyDetail(
  status: number,
  headers: Headers,
  code: string | undefined,
  message: string | undefined,
): ProviderError {
  const base = { message: message ?? `HTTP ${status}`, providerCode: code ?? null };
  switch (code) {
    case 'quota_exceeded':
      // Out of credits: waiting or retrying will not help until the plan renews or is topped up.
      return providerError(PROVIDER, status, headers, { ...base, kind: 'quota', retryable: false });
    case 'invalid_api_key':
    case 'needs_authorization':
      return providerError(PROVIDER, status, headers, { ...base, kind: 'auth', retryable: false });
    case 'max_character_limit_exceeded':
      return providerError(PROVIDER, status, headers, { ...base, kind: 'limit_exceeded', retryable: false });
    case 'voice_not_found':
      return providerError(PROVIDER, status, headers, { ...base, kind: 'not_found', retryable: false });
    case 'too_many_concurrent_requests':
      return providerError(PROVIDER, status, headers, { ...base, kind: 'rate_limited', retryable: true });
    case 'system_busy':
      return providerError(PROVIDER, status, headers, { ...base, kind: 'overloaded', retryable: true });
    default:
      if (code?.startsWith('only_for_'))
        return providerError(PROVIDER, status, headers, { ...base, kind: 'permission', retryable: false });
      return providerError(PROVIDER, status, headers, base);
  }
}

export function classifyElevenLabsError(status: number, headers: Headers, bodyText: string): ProviderError {
  const body = parseJson(bodyText);
  const detail = isRecord(body) ? body.detail : undefined;
  if (Array.isArray(detail)) {
    // FastAPI validation: [{loc:[...], msg, type}]
    const first: unknown = detail[0];
    const msg = isRecord(first) ? asString(first.msg) : undefined;
    const loc = isRecord(first) && Array.isArray(first.loc) ? first.loc.join('.') : undefined;
    return providerError(PROVIDER, status, headers, {
      kind: 'bad_request',
      retryable: false,
      providerCode: 'validation_error',
      message: msg ? `${loc ? `${loc}: ` : ''}${msg}` : 'request validation failed',
    });
  }
  if (isRecord(detail))
    return classifyDetail(status, headers, asString(detail.status) ?? asString(detail.code), asString(detail.message));
  if (typeof detail === 'string') return classifyDetail(status, headers, undefined, detail);
  return classifyDetail(status, headers, undefined, undefined);
}

/** Plan concurrency from `current-concurrent-requests` / `maximum-concurrent-requests` (TTS responses). */
export function elevenLabsRateLimitHint(headers: Headers): RateLimitHint | null {
  const current = headerNumber(headers, 'current-concurrent-requests');
  if (current === undefined) return null;
  const limit = headerNumber(headers, 'maximum-concurrent-requests');
  return { concurrency: limit === undefined ? { current } : { current, limit } };
}

/**
 * Idempotency: none documented: refs/specs/elevenlabs-openapi.json declares no header but `xi-api-key`, and
 * text-to-speech has no idempotency field. A retried TTS request may bill twice: each attempt has its own ledger
 * row (priced from its `character-cost` header); voice cloning is never retried.
 */
export const elevenlabsDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'ElevenLabs',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  authHeaders: (credential) => ({ 'xi-api-key': credential.secret }),
  classifyError: classifyElevenLabsError,
  rateLimitHint: (headers) => elevenLabsRateLimitHint(headers),
};

/** The id ElevenLabs gives each generation (`request-id`, no `x-` prefix); used for request stitching. */
export const elevenLabsRequestId = (headers: Headers): string | undefined => header(headers, 'request-id');
