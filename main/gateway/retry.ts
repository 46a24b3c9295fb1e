// Retry timing: server hints first (retry-after-ms, retry-after, rate-limit reset), else exponential backoff
// with full jitter. Whether an error is retryable at all is the provider classifier's call (ProviderError.retryable).
import type { Headers, RateLimitHint } from './types';

export interface RetryPolicy {
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Backoff for attempt n (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time a call may spend waiting between attempts; a wait that would exceed it ends the call instead. */
  totalWaitCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  totalWaitCapMs: 60_000,
};

const firstHeader = (headers: Headers, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `retry-after-ms` (OpenAI, float ms), then `retry-after` (delta seconds or HTTP date). Null when absent or unparseable. */
export function retryAfterMsFromHeaders(headers: Headers, nowMs: number): number | null {
  const ms = firstHeader(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  }
  const ra = firstHeader(headers, 'retry-after')?.trim();
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** When a rate-limit window is exhausted, the time until it resets. */
export function resetDelayFromHint(hint: RateLimitHint | null, nowMs: number): number | null {
  if (!hint) return null;
  const resets: number[] = [];
  if (hint.requestsRemaining === 0 && hint.requestsResetAt !== undefined) resets.push(hint.requestsResetAt);
  if (hint.tokensRemaining === 0 && hint.tokensResetAt !== undefined) resets.push(hint.tokensResetAt);
  for (const w of Object.values(hint.windows ?? {}))
    if (w.remaining === 0 && w.resetAt !== undefined) resets.push(w.resetAt);
  return resets.length ? Math.max(0, Math.max(...resets) - nowMs) : null;
}

export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before the next attempt: the error's own hint (set by the provider classifier), then the generic
 * headers, then an exhausted rate-limit window's reset, else backoff.
 */
export function nextDelayMs(input: {
  attempt: number;
  errorRetryAfterMs: number | null;
  headers: Headers | null;
  hint: RateLimitHint | null;
  nowMs: number;
  policy: RetryPolicy;
  random: () => number;
}): number {
  const fromServer =
    input.errorRetryAfterMs ??
    (input.headers ? retryAfterMsFromHeaders(input.headers, input.nowMs) : null) ??
    resetDelayFromHint(input.hint, input.nowMs);
  return fromServer ?? backoffDelayMs(input.attempt, input.policy, input.random);
}
