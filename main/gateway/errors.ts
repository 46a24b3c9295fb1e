// Generic error classification: a status-only fallback providers may build on, and the mapping of
// transport failures (undici / Node socket errors, aborts, timeouts) to ProviderError.
import { redactSecrets } from '../core/redact';
import { ProviderError, type Headers, type ProviderErrorKind, type ProviderId } from './types';
import { retryAfterMsFromHeaders } from './retry';

/** Statuses worth another attempt (DESIGN §4): 408, 409, 429, 5xx incl. Cloudflare 524 and Anthropic 529. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'payment_required';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 524) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** Status-only classification, for providers with nothing better and when a classifier misbehaves. */
export function classifyStatus(
  provider: ProviderId,
  status: number,
  headers: Headers,
  message: string,
  nowMs = Date.now(),
): ProviderError {
  const retryable = isRetryableStatus(status);
  return new ProviderError({
    provider,
    kind: kindForStatus(status),
    status,
    message: redactSecrets(message || `HTTP ${status}`).slice(0, 500),
    retryable,
    retryAfterMs: retryable ? retryAfterMsFromHeaders(headers, nowMs) : null,
  });
}

/** Transport codes meaning the request never reached the server: safe to retry, and nothing can have been billed. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Connection dropped: retryable only while no response headers arrived (the request may have been processed). */
const CONNECTION_LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Whether an exception came from the connection (undici or socket codes) rather than from our own code. */
export function isTransportError(e: unknown): boolean {
  const code = errorCode(e);
  return (
    code !== null &&
    (code.startsWith('UND_ERR_') || NOT_SENT_CODES.has(code) || CONNECTION_LOST_CODES.has(code) || code === 'ETIMEDOUT')
  );
}

export interface TransportFailure {
  error: ProviderError;
  /** True when the request provably never left (connect failure): the attempt costs nothing. */
  notSent: boolean;
}

const errorCode = (e: unknown): string | null => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
};

/**
 * Maps an exception from dispatch or body reading. `aborted` is the caller's signal state (authoritative: undici
 * surfaces aborts with the signal's own reason); `gotHeaders` says whether response headers already arrived.
 */
export function classifyTransportError(
  provider: ProviderId,
  e: unknown,
  aborted: boolean,
  gotHeaders: boolean,
): TransportFailure {
  if (e instanceof ProviderError) return { error: e, notSent: false };
  const code = errorCode(e);
  const detail = redactSecrets(e instanceof Error ? e.message : String(e)).slice(0, 300);
  if (aborted) {
    return {
      error: new ProviderError({
        provider,
        kind: 'aborted',
        message: 'call aborted',
        providerCode: 'aborted',
        cause: e,
      }),
      notSent: false,
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    // Not retried: the provider may still be generating (and billing) the first response.
    const which = code === 'UND_ERR_HEADERS_TIMEOUT' ? 'headers' : 'body';
    return {
      error: new ProviderError({
        provider,
        kind: 'timeout',
        message: `timed out waiting for response ${which}`,
        providerCode: code,
        cause: e,
      }),
      notSent: false,
    };
  }
  const notSent = code !== null && NOT_SENT_CODES.has(code);
  const lost = code !== null && CONNECTION_LOST_CODES.has(code);
  return {
    error: new ProviderError({
      provider,
      kind: 'network',
      message: `network error${code ? ` ${code}` : ''}: ${detail}`,
      providerCode: code ?? 'network',
      retryable: notSent || (lost && !gotHeaders),
      cause: e,
    }),
    notSent,
  };
}

/** Ledger error code: the kind, plus the provider's own code when there is one ("quota:insufficient_quota"). */
export const ledgerErrorCode = (e: ProviderError): string =>
  e.providerCode && e.providerCode !== e.kind ? `${e.kind}:${redactSecrets(e.providerCode).slice(0, 80)}` : e.kind;
