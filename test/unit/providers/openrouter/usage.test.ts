import { describe, expect, it } from 'vitest';
import type { ResponseMeta } from '../../../../main/gateway/types';
import {
  classifyOpenRouterError,
  openRouterRateLimitHint,
  openRouterSuccessBodyError,
  openrouterDescriptor,
} from '../../../../main/providers/openrouter/descriptor';
import {
  openRouterReportedCost,
  openRouterStreamConsumer,
  openRouterUnits,
  parseGeneration,
  parseKey,
  parseModels,
  parseOpenRouterChat,
} from '../../../../main/providers/openrouter/usage';
import { sseEvents } from '../shared/sse-events';
import { exampleJson, readExample } from '../shared/llm-harness';

const meta: ResponseMeta = { status: 200, headers: { 'x-generation-id': 'gen-abc' }, attempt: 1 };
const NOW = 1_790_000_000_000;
const ev = (data: unknown) => ({ event: null, data: typeof data === 'string' ? data : JSON.stringify(data), id: null });

describe('OpenRouter examples -> units and reported cost', () => {
  it('chat-completion.spec-example.json: 25 in / 10 out, no cost field -> nothing reported', () => {
    const m = parseOpenRouterChat(exampleJson('openrouter/chat-completion.spec-example.json'), meta);
    expect(m.units).toEqual({ input_tokens: 25, output_tokens: 10 });
    expect(m.reportedCostNanos).toBeUndefined();
    expect(m.model).toBe('openai/gpt-4');
    expect(m.value.text).toBe('The capital of France is Paris.');
    expect(m.providerRequestId).toBe('gen-abc');
  });

  it('chat-usage.with-cost.spec-example.json: cached and reasoning split out; cost 0.0012 -> 1.2M nanos', () => {
    const usage = exampleJson('openrouter/chat-usage.with-cost.spec-example.json');
    expect(openRouterUnits(usage)).toEqual({
      input_tokens: 8,
      cached_input_tokens: 2,
      output_tokens: 10,
      reasoning_tokens: 5,
    });
    expect(openRouterReportedCost(usage)).toBe(1_200_000);
  });

  it('stream-final-usage-chunk.docs-example.json: cache writes inside prompt_tokens (194 = 94 + 100); cost 0.95', () => {
    const c = openRouterStreamConsumer('openai/gpt-4o', 1);
    c.onEvent(ev(exampleJson('openrouter/chat-stream-chunk.spec-example.json')));
    c.onEvent(ev(exampleJson('openrouter/stream-final-usage-chunk.docs-example.json')));
    c.onEvent(ev('[DONE]'));
    expect(c.isComplete()).toBe(true);
    const m = c.finish(meta);
    expect(m.units).toEqual({ input_tokens: 94, cache_write_5m_tokens: 100, output_tokens: 2 });
    expect(m.reportedCostNanos).toBe(950_000_000);
    // Not marked BYOK, so the upstream charge is informational only.
    expect(m.meta).toEqual({ upstream_cost_nanos: 19_000_000_000 });
    expect(m.value.text).toBe('Hello');
    expect(m.model).toBe('openai/gpt-4');
  });

  it('chat-stream-chunk.spec-example.json alone: text, no usage -> estimated on finish', () => {
    const c = openRouterStreamConsumer('openai/gpt-4', 6);
    c.onEvent(ev(exampleJson('openrouter/chat-stream-chunk.spec-example.json')));
    expect(c.isComplete()).toBe(false);
    expect(c.partial()).toMatchObject({ estimated: true, units: { input_tokens: 6, output_tokens: 2 } });
  });

  it('generation.spec-example.json: costs in nanos, native counts as exclusive units', () => {
    const m = parseGeneration(exampleJson('openrouter/generation.spec-example.json'));
    expect(m.free).toBe(true);
    expect(m.units).toEqual({});
    expect(m.value).toMatchObject({
      id: 'gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG',
      model: 'sao10k/l3-stheno-8b',
      providerName: 'Infermatic',
      totalCostNanos: 1_500_000,
      upstreamCostNanos: 1_200_000,
      isByok: false,
      units: { input_tokens: 7, cached_input_tokens: 3, output_tokens: 20, reasoning_tokens: 5 },
      streamed: true,
      cancelled: false,
      latencyMs: 1250,
    });
  });

  it('key.spec-example.json: balances in nano-USD', () => {
    const m = parseKey(exampleJson('openrouter/key.spec-example.json'));
    expect(m.free).toBe(true);
    expect(m.value).toMatchObject({
      limitNanos: 100_000_000_000,
      limitRemainingNanos: 74_500_000_000,
      limitReset: 'monthly',
      usageNanos: 25_500_000_000,
      byokUsageNanos: 17_380_000_000,
      byokUsageMonthlyNanos: 17_380_000_000,
      isFreeTier: false,
      expiresAt: '2027-12-31T23:59:59Z',
    });
  });

  it('models-list.spec-example.json: per-token price strings -> nano-USD per million tokens', () => {
    const m = parseModels(exampleJson('openrouter/models-list.spec-example.json'));
    expect(m.value).toEqual([
      {
        id: 'openai/gpt-4',
        name: 'GPT-4',
        contextLength: 8192,
        maxCompletionTokens: 4096,
        pricing: {
          promptNanosPerM: 30_000_000_000,
          completionNanosPerM: 60_000_000_000,
          cacheReadNanosPerM: null,
          cacheWriteNanosPerM: null,
          reasoningNanosPerM: null,
          requestNanos: 0,
          webSearchNanos: null,
          imageNanos: 0,
        },
        free: false,
      },
    ]);
  });

  it('error examples: 402 NOT retryable, 429 and 529 retryable', () => {
    expect(classifyOpenRouterError(402, {}, readExample('openrouter/error-402.spec-example.json'), NOW)).toMatchObject({
      kind: 'payment_required',
      retryable: false,
      providerCode: '402',
    });
    expect(
      classifyOpenRouterError(
        429,
        { 'retry-after': '4' },
        readExample('openrouter/error-429.rate-limit.docs-example.json'),
        NOW,
      ),
    ).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 4000,
      providerCode: 'rate_limit_exceeded',
    });
    expect(classifyOpenRouterError(429, {}, readExample('openrouter/error-429.spec-example.json'), NOW)).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      providerCode: '429',
    });
    expect(classifyOpenRouterError(529, {}, readExample('openrouter/error-529.spec-example.json'), NOW)).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      message: 'Provider returned error',
    });
  });
});

describe('OpenRouter rules', () => {
  it('BYOK: the reported cost is the fee plus the upstream charge', () => {
    expect(openRouterReportedCost({ cost: 0, is_byok: true, cost_details: { upstream_inference_cost: 0.0042 } })).toBe(
      4_200_000,
    );
    expect(
      openRouterReportedCost({ cost: 0.0002, is_byok: true, cost_details: { upstream_inference_cost: 0.004 } }),
    ).toBe(4_200_000);
    // Not BYOK: upstream is what OpenRouter paid, already inside `cost`.
    expect(
      openRouterReportedCost({ cost: 0.0012, is_byok: false, cost_details: { upstream_inference_cost: 0.001 } }),
    ).toBe(1_200_000);
    expect(openRouterReportedCost({ cost: null })).toBeUndefined();
  });

  it('stream: comments skipped, mid-stream finish_reason "error" throws a typed error', () => {
    const text =
      ': OPENROUTER PROCESSING\n\ndata: {"id":"gen-1","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n: OPENROUTER PROCESSING\n\n';
    const c = openRouterStreamConsumer('m', 1);
    for (const e of sseEvents(text)) c.onEvent(e);
    expect(c.partial().value?.text).toBe('Hi');
    expect(() =>
      c.onEvent(
        ev({
          id: 'gen-1',
          model: 'm',
          error: { code: 'server_error', message: 'Provider disconnected unexpectedly' },
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        }),
      ),
    ).toThrow(
      expect.objectContaining({
        provider: 'openrouter',
        kind: 'server',
        providerCode: 'server_error',
        message: 'Provider disconnected unexpectedly',
      }),
    );
    expect(() =>
      openRouterStreamConsumer('m', 1).onEvent(ev({ choices: [{ index: 0, delta: {}, finish_reason: 'error' }] })),
    ).toThrow(expect.objectContaining({ provider: 'openrouter' }));
  });

  it('a 200 body carrying only an error is a typed error', () => {
    expect(openRouterSuccessBodyError(200, { error: { code: 502, message: 'Upstream error' } })).toMatchObject({
      kind: 'server',
      retryable: true,
      status: 200,
    });
    expect(openRouterSuccessBodyError(200, exampleJson('openrouter/chat-completion.spec-example.json'))).toBeNull();
  });

  it('statuses: 403 moderation, 408, 503, Cloudflare 524 HTML and empty bodies do not crash', () => {
    expect(
      classifyOpenRouterError(
        403,
        {},
        JSON.stringify({
          error: {
            code: 403,
            message: 'flagged',
            metadata: { reasons: ['violence'], flagged_input: 'x', provider_name: 'p', model_slug: 'm' },
          },
        }),
        NOW,
      ),
    ).toMatchObject({ kind: 'content_policy', retryable: false });
    expect(classifyOpenRouterError(408, {}, '{"error":{"code":408,"message":"timeout"}}', NOW)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(
      classifyOpenRouterError(503, { 'retry-after': '2' }, '{"error":{"code":503,"message":"No provider"}}', NOW),
    ).toMatchObject({ kind: 'server', retryable: true, retryAfterMs: 2000 });
    expect(
      classifyOpenRouterError(
        524,
        {},
        '<html><head><title>openrouter.ai | 524: A timeout occurred</title></head></html>',
        NOW,
      ),
    ).toMatchObject({ kind: 'timeout', retryable: true, message: 'openrouter.ai | 524: A timeout occurred' });
    expect(classifyOpenRouterError(500, {}, '', NOW)).toMatchObject({
      kind: 'server',
      retryable: true,
      message: 'HTTP 500',
    });
  });

  it('reads X-RateLimit-* (Reset in epoch ms); success responses have none', () => {
    expect(
      openRouterRateLimitHint(
        { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1790000060000' },
        NOW,
      ),
    ).toEqual({ requestsRemaining: 0, requestsResetAt: 1_790_000_060_000 });
    expect(openRouterRateLimitHint({ 'x-generation-id': 'gen-1' }, NOW)).toBeNull();
  });

  it('authenticates with Bearer and names the app', () => {
    expect(openrouterDescriptor.authHeaders({ secret: 'sk-or-v1-x' })).toEqual({
      authorization: 'Bearer sk-or-v1-x',
      'x-openrouter-title': 'AICON Studio',
    });
  });
});
