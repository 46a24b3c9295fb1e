// A rate-limited step waits for its window instead of failing: the app's own limiter says when the next call
// may run (details.retryAt), a provider's 429 says it in retry-after (retryAfterMs). The message names the
// limit without a timestamp; the job's wake time (runAfter) is what the UI counts down to.
import { RATE_LIMIT_WAIT_PREFIX } from '../../preload/contract/jobs';
import { isAppError } from '../core/errors';
import { ProviderError } from '../gateway/types';

/** A 429 without a retry-after: try again after this long. */
const UNKNOWN_RETRY_AFTER_MS = 30_000;
/** Never wake sooner than this (a reset time already past would otherwise spin). */
const MIN_WAIT_MS = 1_000;

export interface RateLimitWait {
  until: Date;
  message: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function rateLimitWait(e: unknown, now: Date): RateLimitWait | null {
  let at: number | null = null;
  let message: string | null = null;
  if (isAppError(e) && e.code === 'rate_limited') {
    const d = e.details ?? {};
    const retryAt = Date.parse(text(d.retryAt) ?? '');
    if (!Number.isFinite(retryAt)) return null;
    at = retryAt;
    const provider = text(d.provider) ?? 'the provider';
    message =
      d.limit === 'hourly'
        ? `${RATE_LIMIT_WAIT_PREFIX}: ${text(d.operation) ?? 'this operation'} is capped at ${String(d.perHour)} calls an hour; waiting for the window`
        : d.limit === 'provider' && text(d.window)
          ? `${RATE_LIMIT_WAIT_PREFIX}: ${provider} has no ${String(d.window)} left; waiting for the window`
          : `${RATE_LIMIT_WAIT_PREFIX}: ${provider}'s request rate; waiting for the window`;
  } else if (e instanceof ProviderError && e.kind === 'rate_limited') {
    at = now.getTime() + (e.retryAfterMs ?? UNKNOWN_RETRY_AFTER_MS);
    message = `${RATE_LIMIT_WAIT_PREFIX} by ${e.provider} (429); waiting for the window`;
  }
  if (at === null || message === null) return null;
  return { until: new Date(Math.max(at, now.getTime() + MIN_WAIT_MS)), message };
}
