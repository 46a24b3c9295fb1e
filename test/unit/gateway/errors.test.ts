import { describe, expect, it } from 'vitest';
import {
  classifyStatus,
  classifyTransportError,
  isTransportError,
  ledgerErrorCode,
} from '../../../main/gateway/errors';
import { ProviderError } from '../../../main/gateway/types';

describe('status classification', () => {
  it('maps statuses to kinds and retries exactly 408/409/429/5xx (incl. 524, 529)', () => {
    const cases: Array<[number, string, boolean]> = [
      [400, 'bad_request', false],
      [401, 'auth', false],
      [402, 'payment_required', false],
      [403, 'permission', false],
      [404, 'not_found', false],
      [408, 'timeout', true],
      [409, 'conflict', true],
      [422, 'bad_request', false],
      [429, 'rate_limited', true],
      [500, 'server', true],
      [503, 'server', true],
      [524, 'timeout', true],
      [529, 'overloaded', true],
    ];
    for (const [status, kind, retryable] of cases)
      expect(classifyStatus('anthropic', status, {}, 'x')).toMatchObject({ status, kind, retryable });
  });

  it('reads Retry-After only for retryable statuses and redacts secrets echoed in messages', () => {
    expect(classifyStatus('openai', 429, { 'retry-after': '3' }, 'slow down').retryAfterMs).toBe(3000);
    expect(classifyStatus('openai', 400, { 'retry-after': '3' }, 'no').retryAfterMs).toBeNull();
    expect(
      classifyStatus('openai', 401, {}, 'Incorrect API key provided: sk-proj-abcdefghijklmnop1234').message,
    ).not.toContain('abcdefghijklmnop');
  });
});

describe('transport classification', () => {
  const err = (code: string) => Object.assign(new Error(code), { code });

  it('retries connect failures (nothing sent, free) and lost connections only before headers', () => {
    expect(classifyTransportError('exa', err('ECONNREFUSED'), false, false)).toMatchObject({
      notSent: true,
      error: { kind: 'network', retryable: true },
    });
    expect(classifyTransportError('exa', err('UND_ERR_SOCKET'), false, false)).toMatchObject({
      notSent: false,
      error: { retryable: true },
    });
    expect(classifyTransportError('exa', err('UND_ERR_SOCKET'), false, true).error.retryable).toBe(false);
  });

  it('never retries timeouts or aborts, and an abort wins over the error it surfaced as', () => {
    expect(classifyTransportError('exa', err('UND_ERR_HEADERS_TIMEOUT'), false, false).error).toMatchObject({
      kind: 'timeout',
      retryable: false,
    });
    expect(classifyTransportError('exa', err('UND_ERR_SOCKET'), true, true).error).toMatchObject({
      kind: 'aborted',
      retryable: false,
    });
  });

  it('tells connection errors from local ones, and formats ledger codes', () => {
    expect(isTransportError(err('UND_ERR_BODY_TIMEOUT'))).toBe(true);
    expect(isTransportError(err('ECONNRESET'))).toBe(true);
    expect(isTransportError(err('ENOSPC'))).toBe(false);
    expect(isTransportError(new TypeError('x'))).toBe(false);
    expect(
      ledgerErrorCode(
        new ProviderError({ provider: 'openai', kind: 'quota', message: '', providerCode: 'insufficient_quota' }),
      ),
    ).toBe('quota:insufficient_quota');
    expect(
      ledgerErrorCode(new ProviderError({ provider: 'openai', kind: 'aborted', message: '', providerCode: 'aborted' })),
    ).toBe('aborted');
  });
});
