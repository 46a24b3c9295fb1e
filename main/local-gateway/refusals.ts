// The gateway's own refusals (bad key, budget, rate limit, forbidden origin) written in each provider's error
// envelope, so the client's SDK parses them as that provider's errors. Envelopes follow the recorded fakes'
// bodies (main/providers/<id>/fake.ts, fixtures); the error codes used for OUR refusals are reconstructed.
import type { ProviderId } from '../gateway/types';

export type RefusalKind =
  | 'auth'
  | 'forbidden'
  | 'budget'
  | 'rate_limited'
  | 'not_found'
  | 'unavailable'
  | 'bad_request';

export interface Refusal {
  kind: RefusalKind;
  message: string;
  /** Seconds until a rate-limit window reopens. */
  retryAfterS?: number;
}

const STATUS: Record<RefusalKind, number> = {
  auth: 401,
  forbidden: 403,
  // 429 is what every SDK here maps to its "rate limit / quota" error; `x-should-retry: false` stops the
  // openai and anthropic SDKs from retrying a budget stop that waiting will not lift.
  budget: 429,
  rate_limited: 429,
  not_found: 404,
  unavailable: 503,
  bad_request: 400,
};

const OPENAI_TYPE: Record<RefusalKind, string> = {
  auth: 'invalid_request_error',
  forbidden: 'invalid_request_error',
  budget: 'insufficient_quota',
  rate_limited: 'requests',
  not_found: 'invalid_request_error',
  unavailable: 'server_error',
  bad_request: 'invalid_request_error',
};

const ANTHROPIC_TYPE: Record<RefusalKind, string> = {
  auth: 'authentication_error',
  forbidden: 'permission_error',
  budget: 'rate_limit_error',
  rate_limited: 'rate_limit_error',
  not_found: 'not_found_error',
  unavailable: 'api_error',
  bad_request: 'invalid_request_error',
};

const CODE: Record<RefusalKind, string> = {
  auth: 'aicon_invalid_virtual_key',
  forbidden: 'aicon_forbidden',
  budget: 'aicon_budget_exceeded',
  rate_limited: 'aicon_rate_limited',
  not_found: 'aicon_unknown_provider',
  unavailable: 'aicon_unavailable',
  bad_request: 'aicon_bad_request',
};

function body(provider: ProviderId | null, r: Refusal, status: number): unknown {
  const code = CODE[r.kind];
  switch (provider) {
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPE[r.kind], message: r.message } };
    case 'elevenlabs':
      return { detail: { status: code, message: r.message } };
    case 'exa':
      return { requestId: null, error: r.message, tag: code.toUpperCase() };
    case 'twilio':
      return { code: status === 401 ? 20003 : 20429, message: r.message, more_info: '', status };
    case 'sendgrid':
      return { errors: [{ field: null, message: r.message, help: null }] };
    case 'heygen':
      return { data: null, error: { code, message: r.message } };
    case 'apollo':
      return { error: r.message, error_code: code };
    case 'openrouter':
      return { error: { code: status, message: r.message, metadata: { aicon: code } } };
    case 'perplexity':
      return { error: { message: r.message, type: code, code: status } };
    default:
      return { error: { message: r.message, type: OPENAI_TYPE[r.kind], param: null, code } };
  }
}

/** Status, headers and JSON body of a refusal in the provider's own shape. */
export function refusalResponse(
  provider: ProviderId | null,
  r: Refusal,
): { status: number; headers: Record<string, string>; body: string } {
  const status = STATUS[r.kind];
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-aicon-gateway': 'refused',
    'x-should-retry': r.kind === 'rate_limited' ? 'true' : 'false',
  };
  if (r.retryAfterS !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(r.retryAfterS)));
  return { status, headers, body: JSON.stringify(body(provider, r, status)) };
}
