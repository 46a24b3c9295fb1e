// The wait shown on a rate-limited step: seconds left to the job's wake time, worded for a person, and only for
// the waits the jobs service marks as rate limits (a render's poll is not counted down).
import { describe, expect, it } from 'vitest';
import { formatWait, isRateLimitWait, secondsUntil } from '../../../renderer/src/components/wait-format';

describe('rate-limit countdown', () => {
  const now = Date.parse('2026-12-07T08:00:00.000Z');
  it('counts whole seconds up to the wake time and never below zero', () => {
    expect(secondsUntil('2026-12-07T08:00:04.200Z', now)).toBe(5);
    expect(secondsUntil('2026-12-07T07:59:00.000Z', now)).toBe(0);
  });
  it('words the wait in seconds, minutes or hours', () => {
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(754)).toBe('12 min 34 s');
    expect(formatWait(7_200)).toBe('2.0 h');
  });
  it('counts down only a waiting job whose message is a rate-limit wait', () => {
    const msg = "Rate limited: perplexity's request rate; waiting for the window";
    expect(isRateLimitWait('waiting', msg)).toBe(true);
    expect(isRateLimitWait('waiting', 'HeyGen: processing')).toBe(false);
    expect(isRateLimitWait('running', msg)).toBe(false);
  });
});
