// Where each provider's official SDK puts its key, and swapping the presented virtual key for the real one.
// Bearer (openai, perplexity, openrouter, sendgrid), x-api-key (anthropic, exa, heygen, apollo), xi-api-key
// (elevenlabs), HTTP Basic with the key as the password (twilio: AccountSid:AuthToken).
import type { Credential, ProviderDescriptor } from '../gateway/types';

/** Headers that may carry a credential: all are removed before the request goes upstream. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'xi-api-key', 'api-key'] as const;

export interface PresentedKey {
  secret: string;
  /** The Basic-auth user name (Twilio Account SID or API key SID), when the key came that way. */
  user?: string;
}

/** The key the client presented, from whichever credential header it used; null when none. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): PresentedKey | null {
  for (const name of CREDENTIAL_HEADERS) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    if (name !== 'authorization') return { secret: value };
    const [scheme, rest = ''] = value.split(/\s+/, 2);
    if (/^bearer$/i.test(scheme ?? '')) return { secret: rest };
    if (/^basic$/i.test(scheme ?? '')) {
      const decoded = Buffer.from(rest, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon < 0 ? { secret: decoded } : { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
    }
    return { secret: value };
  }
  return null;
}

/**
 * Replaces the client's credential headers with the real key's. The descriptor's other auth-time headers
 * (anthropic-version, OpenRouter's app title) are added only when the client did not send its own.
 */
export function swapCredential(
  headers: Record<string, string>,
  descriptor: ProviderDescriptor,
  credential: Credential,
): Record<string, string> {
  for (const name of CREDENTIAL_HEADERS) delete headers[name];
  const auth = descriptor.authHeaders(credential);
  for (const [name, value] of Object.entries(auth)) {
    const lower = name.toLowerCase();
    if ((CREDENTIAL_HEADERS as readonly string[]).includes(lower) || headers[lower] === undefined)
      headers[lower] = value;
  }
  return headers;
}
