// Exa: `x-api-key`, errors as {requestId, error, tag}. Tags are open-ended, so the status decides first and
// a few tags refine it (out of credits is a 402 that retrying cannot fix). Exa documents no rate-limit
// headers, and per-URL crawl failures inside a 200 from /contents are results, not call failures.
import { parseJson } from '../shared/json';
import { asString, isRecord, providerError } from '../shared/parse-kit';
import type { Headers, ProviderDescriptor, ProviderError } from '../../gateway/types';

const PROVIDER = 'exa' as const;
const OUT_OF_CREDITS = new Set(['NO_MORE_CREDITS', 'API_KEY_BUDGET_EXCEEDED']);

export function classifyExaError(status: number, headers: Headers, bodyText: string): ProviderError {
  const body = parseJson(bodyText);
  if (!isRecord(body)) return providerError(PROVIDER, status, headers, {});
  const tag = asString(body.tag) ?? null;
  const message = asString(body.error) ?? asString(body.message) ?? `HTTP ${status}`;
  const requestId = asString(body.requestId) ?? null;
  if (tag !== null && OUT_OF_CREDITS.has(tag))
    return providerError(PROVIDER, status, headers, {
      kind: 'quota',
      retryable: false,
      message,
      providerCode: tag,
      requestId,
    });
  if (tag === 'SERVICE_OVERLOADED')
    return providerError(PROVIDER, status, headers, {
      kind: 'overloaded',
      retryable: true,
      message,
      providerCode: tag,
      requestId,
    });
  return providerError(PROVIDER, status, headers, { message, providerCode: tag, requestId });
}

/**
 * Idempotency: none documented for search, contents and answer: refs/specs/exa-openapi.yaml declares no such
 * header. exa-js sends `Idempotency-Key` only when creating Agent Monitors, which the app does not call.
 */
export const exaDescriptor: ProviderDescriptor = {
  id: PROVIDER,
  displayName: 'Exa',
  defaultBaseUrl: 'https://api.exa.ai',
  authHeaders: (credential) => ({ 'x-api-key': credential.secret }),
  classifyError: classifyExaError,
  rateLimitHint: () => null,
};
