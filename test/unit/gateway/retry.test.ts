import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  nextDelayMs,
  resetDelayFromHint,
  retryAfterMsFromHeaders,
} from '../../../main/gateway/retry';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('retry timing', () => {
  it('reads retry-after-ms first, then retry-after as seconds or an HTTP date', () => {
    expect(retryAfterMsFromHeaders({ 'retry-after-ms': '1234.5', 'retry-after': '9' }, NOW)).toBe(1235);
    expect(retryAfterMsFromHeaders({ 'retry-after': '2' }, NOW)).toBe(2000);
    expect(retryAfterMsFromHeaders({ 'retry-after': '0.25' }, NOW)).toBe(250);
    expect(retryAfterMsFromHeaders({ 'retry-after': new Date(NOW + 3000).toUTCString() }, NOW)).toBe(3000);
    expect(retryAfterMsFromHeaders({ 'retry-after': new Date(NOW - 3000).toUTCString() }, NOW)).toBe(0);
  });

  it('ignores absent or unparseable values', () => {
    expect(retryAfterMsFromHeaders({}, NOW)).toBeNull();
    expect(retryAfterMsFromHeaders({ 'retry-after': 'soon' }, NOW)).toBeNull();
    expect(retryAfterMsFromHeaders({ 'retry-after-ms': 'abc' }, NOW)).toBeNull();
    expect(retryAfterMsFromHeaders({ 'retry-after-ms': '-5', 'retry-after': '1' }, NOW)).toBe(1000);
  });

  it('waits for the latest reset among exhausted rate-limit windows only', () => {
    expect(
      resetDelayFromHint(
        { requestsRemaining: 0, requestsResetAt: NOW + 500, tokensRemaining: 10, tokensResetAt: NOW + 9000 },
        NOW,
      ),
    ).toBe(500);
    expect(
      resetDelayFromHint(
        { windows: { minute: { remaining: 0, resetAt: NOW + 700 }, day: { remaining: 5, resetAt: NOW + 1e7 } } },
        NOW,
      ),
    ).toBe(700);
    expect(resetDelayFromHint({ requestsRemaining: 3, requestsResetAt: NOW + 500 }, NOW)).toBeNull();
  });

  it('backoff uses full jitter, bounded by base * 2^(n-1) and maxDelay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelayMs(attempt, DEFAULT_RETRY_POLICY, () => r);
        const ceiling = Math.min(
          DEFAULT_RETRY_POLICY.maxDelayMs,
          DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1),
        );
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }),
    );
  });

  it('prefers the classifier hint, then headers, then a reset, then backoff', () => {
    const base = { attempt: 1, nowMs: NOW, policy: DEFAULT_RETRY_POLICY, random: () => 0.5 };
    expect(nextDelayMs({ ...base, errorRetryAfterMs: 42, headers: { 'retry-after': '5' }, hint: null })).toBe(42);
    expect(nextDelayMs({ ...base, errorRetryAfterMs: null, headers: { 'retry-after': '5' }, hint: null })).toBe(5000);
    expect(
      nextDelayMs({
        ...base,
        errorRetryAfterMs: null,
        headers: {},
        hint: { requestsRemaining: 0, requestsResetAt: NOW + 80 },
      }),
    ).toBe(80);
    expect(nextDelayMs({ ...base, errorRetryAfterMs: null, headers: {}, hint: null })).toBe(250);
  });
});
