// SendGrid v3: Bearer key, errors as {errors:[{message, field, help}]}, X-RateLimit-Limit/Remaining/Reset
// (epoch seconds) on every answer. EU subusers point the base URL setting at https://api.eu.sendgrid.com.
import { headerNumber } from '../shared/headers';
import { parseJson } from '../shared/json';
import { asString, isRecord, providerError } from '../shared/parse-kit';
import type { Headers, ProviderDescriptor, ProviderError, RateLimitHint } from '../../gateway/types';

const PROVIDER = 'sendgrid' as const;

export function classifySendGridError(status: number, headers: Headers, bodyText: string): ProviderError {
  const body = parseJson(bodyText);
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors.filter(isRecord) : [];
  const messages = errors.map((e) => {
    const field = asString(e.field);
    const message = asString(e.message) ?? 'error';
    // The spec's examples put the string "null" in `field`.
    return field && field !== 'null' ? `${field}: ${message}` : message;
  });
  return providerError(PROVIDER, status, headers, {
    message: messages.join('; ') || `HTTP ${status}`,
    ...(status === 413 ? { providerCode: 'content_too_large' } : {}),
  });
}

export function sendGridRateLimitHint(headers: Headers): RateLimitHint | null {
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  if (remaining === undefined) return null;
  const reset = headerNumber(headers, 'x-ratelimit-reset');
  return { requestsRemaining: remaining, ...(reset !== undefined ? { requestsResetAt: reset * 1000 } : {}) };
}

/**
 * Idempotency: none documented: refs/specs/sendgrid_tsg_mail_v3.json gives /v3/mail/send only the
 * `on-behalf-of` and `Content-Encoding` headers. A mail send is never retried after it may have been accepted,
 * and a job's send goes out at most once (the write-ahead ledger's send-once key).
 */
export const sendgridDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'SendGrid',
  defaultBaseUrl: 'https://api.sendgrid.com',
  authHeaders: (credential) => ({ authorization: `Bearer ${credential.secret}` }),
  classifyError: classifySendGridError,
  rateLimitHint: (headers) => sendGridRateLimitHint(headers),
};
