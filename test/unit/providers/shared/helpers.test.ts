import { describe, expect, it } from 'vitest';
import { header, parseDurationMs, parseResetAt, retryAfterMs } from '../../../../main/providers/shared/headers';
import { usdToNanos } from '../../../../main/providers/shared/money';
import { formatSseComment, formatSseEvent } from '../../../../main/providers/shared/sse';
import { sseEvents } from './sse-events';

describe('header helpers', () => {
  it('reads headers case-insensitively, first value of arrays', () => {
    expect(header({ 'X-Request-Id': 'req_1' }, 'x-request-id')).toBe('req_1');
    expect(header({ 'set-cookie': ['a', 'b'] }, 'Set-Cookie')).toBe('a');
    expect(header({}, 'x')).toBeUndefined();
  });

  it('parses Go durations as OpenAI sends them', () => {
    expect(parseDurationMs('6m0s')).toBe(360_000);
    expect(parseDurationMs('20ms')).toBe(20);
    expect(parseDurationMs('1s')).toBe(1000);
    expect(parseDurationMs('6.596s')).toBe(6596);
    expect(parseDurationMs('1h2m3s')).toBe(3_723_000);
    expect(parseDurationMs('2')).toBe(2000);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(parseDurationMs('5x')).toBeUndefined();
    expect(parseDurationMs('')).toBeUndefined();
  });

  it('reads retry-after-ms before retry-after seconds or HTTP date', () => {
    const now = Date.parse('2026-09-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 01 Sep 2026 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'garbage' }, now)).toBeNull();
    expect(retryAfterMs({}, now)).toBeNull();
  });

  it('parses reset values given as epoch seconds/ms, durations or RFC 3339', () => {
    const now = 1_790_000_000_000;
    expect(parseResetAt('1790000060', now)).toBe(1_790_000_060_000);
    expect(parseResetAt('1790000060000', now)).toBe(1_790_000_060_000);
    expect(parseResetAt('30', now)).toBe(now + 30_000);
    expect(parseResetAt('1m0s', now)).toBe(now + 60_000);
    expect(parseResetAt('2026-09-21T14:00:00Z', now)).toBe(Date.parse('2026-09-21T14:00:00Z'));
    expect(parseResetAt('never', now)).toBeUndefined();
  });
});

describe('usdToNanos', () => {
  it('converts decimal USD exactly', () => {
    expect(usdToNanos(0.00119)).toBe(1_190_000);
    expect(usdToNanos('0.00003')).toBe(30_000);
    expect(usdToNanos(0.95)).toBe(950_000_000);
    expect(usdToNanos(19)).toBe(19_000_000_000);
    expect(usdToNanos(1e-7)).toBe(100);
    expect(usdToNanos('1.5e-3')).toBe(1_500_000);
    expect(usdToNanos(0)).toBe(0);
  });

  it('rounds below one nano half away from zero', () => {
    expect(usdToNanos('0.0000000005')).toBe(1);
    expect(usdToNanos('0.0000000004')).toBe(0);
    expect(usdToNanos(-0.5)).toBe(-500_000_000);
  });

  it('returns undefined for missing or non-numeric amounts', () => {
    expect(usdToNanos(null)).toBeUndefined();
    expect(usdToNanos(undefined)).toBeUndefined();
    expect(usdToNanos('abc')).toBeUndefined();
    expect(usdToNanos(Number.NaN)).toBeUndefined();
    expect(usdToNanos('')).toBeUndefined();
  });
});

describe('SSE framing', () => {
  it('frames events and comments that the gateway parser reads back (comments skipped, multi-line data joined)', () => {
    const text =
      formatSseComment('OPENROUTER PROCESSING') +
      formatSseEvent('{"a":1}', { event: 'message_start' }) +
      formatSseEvent('line1\nline2', { id: '7' }) +
      'data: {"cut":';
    expect(sseEvents(text)).toEqual([
      { event: 'message_start', data: '{"a":1}', id: null },
      { event: null, data: 'line1\nline2', id: '7' },
    ]);
  });
});
