// HeyGen answers in three envelopes that coexist in one integration:
//   v1 (`/v1/*`, upload.heygen.com): {code:100, data, message}; failures carry another numeric code, sometimes in a 2xx
//   v2 (`/v2/video/generate`, `/v2/user/*`, `/v2/photo_avatar/*`): {error:null, data}; failures {error:<string|{code,message}>, data:null}
//   v3 (`/v3/*`, `/v2/videos*`): {data}; failures {error:{code, message, param, doc_url}}, 429 with Retry-After
// The status decides first (a 401 whose v2 code says "internal_error" is still a bad key), the envelope refines.
import { parseJson } from '../shared/json';
import { asNumber, asString, isRecord, providerError } from '../shared/parse-kit';
import { ProviderError, type Headers, type ProviderDescriptor, type ProviderErrorKind } from '../../gateway/types';

const PROVIDER = 'heygen' as const;
export const V1_SUCCESS = 100;

export interface HeyGenEnvelopeError {
  code: string | null;
  message: string | null;
}

/** The failure described by any of the three envelopes, or null when the body holds none. */
export function envelopeError(body: unknown): HeyGenEnvelopeError | null {
  if (!isRecord(body)) return null;
  const error = body.error;
  if (isRecord(error))
    return {
      code: asString(error.code) ?? asNumber(error.code)?.toString() ?? null,
      message: asString(error.message) ?? null,
    };
  if (typeof error === 'string' && error !== '') return { code: null, message: error };
  const code = asNumber(body.code);
  if (code !== undefined && code !== V1_SUCCESS)
    return { code: String(code), message: asString(body.message) ?? asString(body.msg) ?? null };
  return null;
}

const QUOTA = /insufficient|quota|credit|balance/i;
const AUTH = /^(authentication_failed|unauthorized|invalid_api_key|400112)$/i;

/** Refines the status-based kind from the envelope's code/message. */
function kindFromEnvelope(e: HeyGenEnvelopeError, status: number): ProviderErrorKind | undefined {
  if (
    status === 401 ||
    (e.code !== null && AUTH.test(e.code)) ||
    /unauthori[sz]ed|invalid api key/i.test(e.message ?? '')
  )
    return 'auth';
  if (e.code === 'rate_limit_exceeded') return 'rate_limited';
  if (e.code === 'not_found' || status === 404) return 'not_found';
  if (QUOTA.test(`${e.code ?? ''} ${e.message ?? ''}`)) return 'quota';
  return undefined;
}

export function classifyHeyGenError(status: number, headers: Headers, bodyText: string): ProviderError {
  const e = envelopeError(parseJson(bodyText));
  if (e === null) return providerError(PROVIDER, status, headers, {});
  const kind = kindFromEnvelope(e, status);
  return providerError(PROVIDER, status, headers, {
    ...(kind ? { kind } : {}),
    // Out of credits or a bad key does not heal by retrying; a 429 does.
    ...(kind === 'auth' || kind === 'quota'
      ? { retryable: false }
      : kind === 'rate_limited'
        ? { retryable: true }
        : {}),
    message: e.message ?? `HTTP ${status}`,
    providerCode: e.code,
  });
}

/** A 2xx that still failed: v1 `code` != 100, or a v2 body whose `error` is set. */
export function classifyHeyGenSuccessBody(status: number, body: unknown): ProviderError | null {
  const e = envelopeError(body);
  if (e === null) return null;
  const kind = kindFromEnvelope(e, status) ?? 'bad_request';
  return new ProviderError({
    provider: PROVIDER,
    kind,
    status,
    message: e.message ?? `HeyGen error ${e.code ?? ''}`.trim(),
    providerCode: e.code,
  });
}

/**
 * Idempotency: none documented for renders: refs/specs/heygen-external-api-openapi.json declares no header
 * parameters, and POST /v3/videos takes no idempotency key (official CLI, research/providers-media.md §2). Its
 * `callback_id` is only echoed back, not de-duplicated: the render workflow sets it to a key derived from the
 * request and looks the key up before it sends again (workflows/render.ts), and the write-ahead ledger's
 * send-once key refuses a second submit from the same job.
 */
export const heygenDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'HeyGen',
  defaultBaseUrl: 'https://api.heygen.com',
  // Legacy asset uploads go to a separate host as raw bytes.
  extraBaseUrls: { upload: 'https://upload.heygen.com' },
  authHeaders: (credential) => ({ 'x-api-key': credential.secret }),
  classifyError: classifyHeyGenError,
  // HeyGen publishes no rate-limit headers; 429s carry Retry-After, read by the error classifier.
  rateLimitHint: () => null,
  classifySuccessBody: classifyHeyGenSuccessBody,
};
