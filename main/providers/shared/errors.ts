// Building blocks for provider error classifiers: status defaults, readable text from non-JSON
// bodies (HTML error pages, empty bodies) and the SDKs' `x-should-retry` override.
import { redactSecrets } from '../../core/redact';
import type { Headers, ProviderErrorKind } from '../../gateway/types';
import { header } from './headers';

/** The kind a bare status implies; providers refine it from their envelope. */
export function statusKind(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'payment_required';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504 || status === 524) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** DESIGN §4: 408, 409, 429 and every 5xx (incl. Cloudflare 524 and 529) may be retried. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The Stainless SDKs obey `x-should-retry: true|false` from the server over their own rules. */
export function shouldRetryHeader(headers: Headers): boolean | undefined {
  const v = header(headers, 'x-should-retry')?.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** A short, secret-free message from any error body (JSON message, HTML page or nothing). */
export function errorText(message: string | undefined, bodyText: string, status: number): string {
  const raw =
    message ??
    bodyText
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const text = raw === '' ? `HTTP ${status}` : raw;
  return redactSecrets(text).slice(0, 500);
}
