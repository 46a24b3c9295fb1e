import { describe, expect, it } from 'vitest';
import {
  classifyOpenAIError,
  openAIRateLimitHint,
  openaiDescriptor,
} from '../../../../main/providers/openai/descriptor';
import { readExample } from '../shared/llm-harness';

const NOW = Date.parse('2026-09-01T00:00:00Z');

describe('OpenAI error envelopes', () => {
  it('error-429.insufficient_quota.json is a quota error and NOT retryable', () => {
    const e = classifyOpenAIError(
      429,
      { 'retry-after': '1' },
      readExample('openai/error-429.insufficient_quota.json'),
      NOW,
    );
    expect(e).toMatchObject({
      provider: 'openai',
      kind: 'quota',
      status: 429,
      retryable: false,
      providerCode: 'insufficient_quota',
      retryAfterMs: null,
    });
    expect(e.message).toMatch(/exceeded your current quota/);
  });

  it('error-400.unsupported_parameter.json is a bad request, not retryable', () => {
    const e = classifyOpenAIError(
      400,
      { 'x-request-id': 'req_1' },
      readExample('openai/error-400.unsupported_parameter.json'),
      NOW,
    );
    expect(e).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: 'unsupported_parameter',
      requestId: 'req_1',
    });
  });

  it('a rate-limit 429 is retryable and honours retry-after-ms before retry-after', () => {
    const body = JSON.stringify({
      error: {
        message: 'Rate limit reached for gpt-4.1 on tokens per min (TPM): Limit 30000. Please try again in 6.596s.',
        type: 'tokens',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(classifyOpenAIError(429, { 'retry-after-ms': '1500', 'retry-after': '2' }, body, NOW)).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 1500,
    });
    expect(classifyOpenAIError(429, { 'retry-after': '2' }, body, NOW).retryAfterMs).toBe(2000);
    // No header: the "try again in 6.596s" hint in the message is used.
    expect(classifyOpenAIError(429, {}, body, NOW).retryAfterMs).toBe(6596);
  });

  it('maps statuses to kinds and retryability', () => {
    const cases: Array<[number, string, boolean]> = [
      [401, 'auth', false],
      [403, 'permission', false],
      [404, 'not_found', false],
      [408, 'timeout', true],
      [409, 'conflict', true],
      [422, 'bad_request', false],
      [500, 'server', true],
      [502, 'server', true],
      [504, 'timeout', true],
    ];
    for (const [status, kind, retryable] of cases) {
      expect(
        classifyOpenAIError(
          status,
          {},
          JSON.stringify({ error: { message: 'x', type: 'y', param: null, code: null } }),
          NOW,
        ),
      ).toMatchObject({ status, kind, retryable });
    }
    const overloaded = classifyOpenAIError(
      503,
      {},
      JSON.stringify({
        error: {
          message: 'The engine is currently overloaded, please try again later',
          type: 'server_error',
          param: null,
          code: null,
        },
      }),
      NOW,
    );
    expect(overloaded).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('does not crash on non-JSON or empty bodies, and strips HTML', () => {
    const html = classifyOpenAIError(
      502,
      {},
      '<html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>',
      NOW,
    );
    expect(html).toMatchObject({ kind: 'server', retryable: true });
    expect(html.message).toBe('502 Bad Gateway');
    expect(classifyOpenAIError(500, {}, '', NOW).message).toBe('HTTP 500');
    expect(classifyOpenAIError(400, {}, '{"error": "just a string"}', NOW)).toMatchObject({ kind: 'bad_request' });
    expect(classifyOpenAIError(400, {}, 'null', NOW)).toMatchObject({ kind: 'bad_request' });
  });

  it('obeys x-should-retry and redacts keys echoed in messages', () => {
    expect(classifyOpenAIError(500, { 'x-should-retry': 'false' }, '{}', NOW).retryable).toBe(false);
    expect(classifyOpenAIError(400, { 'x-should-retry': 'true' }, '{}', NOW).retryable).toBe(true);
    const e = classifyOpenAIError(
      401,
      {},
      JSON.stringify({
        error: {
          message: 'Incorrect API key provided: sk-proj-abcdefghijklmnop1234.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
      NOW,
    );
    expect(e).toMatchObject({ kind: 'auth', providerCode: 'invalid_api_key' });
    expect(e.message).not.toContain('abcdefghijklmnop');
  });
});

describe('OpenAI rate-limit headers', () => {
  it('reads remaining counts and Go-duration resets', () => {
    const hint = openAIRateLimitHint(
      {
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '200000',
        'x-ratelimit-remaining-tokens': '199500',
        'x-ratelimit-reset-tokens': '6m0s',
      },
      NOW,
    );
    expect(hint).toEqual({
      requestsRemaining: 499,
      requestsResetAt: NOW + 120,
      tokensRemaining: 199_500,
      tokensResetAt: NOW + 360_000,
    });
  });

  it('returns null without rate-limit headers and ignores garbage', () => {
    expect(openAIRateLimitHint({ 'content-type': 'application/json' }, NOW)).toBeNull();
    expect(
      openAIRateLimitHint({ 'x-ratelimit-remaining-requests': 'lots', 'x-ratelimit-reset-requests': 'soon' }, NOW),
    ).toBeNull();
  });

  it('authenticates with a Bearer header', () => {
    expect(openaiDescriptor.authHeaders({ secret: 'sk-test' })).toEqual({ authorization: 'Bearer sk-test' });
    expect(openaiDescriptor.defaultBaseUrl).toBe('https://api.openai.com/v1');
  });
});
