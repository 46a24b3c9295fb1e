// Twilio REST 2010-04-01: HTTP Basic with the Account SID and auth token, or an API key SID (SK…) and its
// secret while the Account SID stays in the path. Errors are {code, message, more_info, status}; newer
// services spell it `moreInfo` or answer RFC 9457 {type, title, status, code, detail}. The base URL is the
// host only: paths, and the `next_page_uri` Twilio returns for paging, start with /2010-04-01.
import { headerNumber } from '../shared/headers';
import { parseJson } from '../shared/json';
import { asNumber, asString, isRecord, providerError } from '../shared/parse-kit';
import type { Credential, Headers, ProviderDescriptor, ProviderError, ProviderErrorKind } from '../../gateway/types';

const PROVIDER = 'twilio' as const;

/** Twilio error codes whose meaning is sharper than their HTTP status. */
const CODE_KINDS: Record<number, { kind: ProviderErrorKind; retryable?: boolean }> = {
  20003: { kind: 'auth', retryable: false }, // Authenticate
  20005: { kind: 'permission', retryable: false }, // Account not active
  20404: { kind: 'not_found', retryable: false },
  20429: { kind: 'rate_limited', retryable: true }, // "safe to retry after backing off"
  21610: { kind: 'bad_request', retryable: false }, // recipient replied STOP
  21617: { kind: 'limit_exceeded', retryable: false }, // body exceeds 1600 characters
};

export function twilioBasicAuth(credential: Credential): string {
  const user = credential.keyId ?? credential.accountId ?? '';
  return `Basic ${Buffer.from(`${user}:${credential.secret}`).toString('base64')}`;
}

export function classifyTwilioError(status: number, headers: Headers, bodyText: string): ProviderError {
  const body = parseJson(bodyText);
  if (!isRecord(body)) return providerError(PROVIDER, status, headers, {});
  const code = asNumber(body.code);
  const message =
    [asString(body.message) ?? asString(body.title), asString(body.detail)].filter(Boolean).join(': ') ||
    `HTTP ${status}`;
  const known = code === undefined ? undefined : CODE_KINDS[code];
  return providerError(PROVIDER, status, headers, {
    ...(known ? { kind: known.kind } : {}),
    ...(known?.retryable !== undefined ? { retryable: known.retryable } : {}),
    message,
    providerCode: code === undefined ? null : String(code),
  });
}

/**
 * Idempotency: none documented for Messages and Calls: refs/specs/twilio_api_v2010.json declares no header or
 * field for it (twilio-node's `IdempotencyKey` belongs to Calls/{Sid}/UserDefinedMessages only, and
 * `I-Twilio-Idempotency-Token` is a header Twilio adds to its webhooks, not one it accepts). Sends are never
 * retried, and a job's send goes out at most once (the write-ahead ledger's send-once key).
 */
export const twilioDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'Twilio',
  defaultBaseUrl: 'https://api.twilio.com',
  authHeaders: (credential) => ({ authorization: twilioBasicAuth(credential) }),
  classifyError: classifyTwilioError,
  rateLimitHint(headers) {
    const current = headerNumber(headers, 'twilio-concurrent-requests');
    return current === undefined ? null : { concurrency: { current } };
  },
};
