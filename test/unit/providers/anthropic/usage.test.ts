import { describe, expect, it } from 'vitest';
import type { ResponseMeta, SseEvent } from '../../../../main/gateway/types';
import {
  classifyAnthropicError,
  anthropicRateLimitHint,
  anthropicDescriptor,
} from '../../../../main/providers/anthropic/descriptor';
import { AnthropicStreamConsumer, anthropicUnits, parseMessage } from '../../../../main/providers/anthropic/usage';
import { jsonlEvents, sseEvents } from '../shared/sse-events';
import { exampleJson, readExample } from '../shared/llm-harness';

const meta: ResponseMeta = { status: 200, headers: {}, attempt: 1 };
const NOW = Date.parse('2026-09-01T00:00:00Z');

function consume(events: SseEvent[], model = 'claude-x') {
  const c = new AnthropicStreamConsumer(model, 7);
  for (const e of events) c.onEvent(e);
  return c;
}

describe('Anthropic recorded messages -> exclusive units', () => {
  it('message.text.claude-sonnet-4-5.json: 12 in / 29 out, tier and geo in meta', () => {
    const m = parseMessage(exampleJson('anthropic/message.text.claude-sonnet-4-5.json'), meta);
    expect(m.units).toEqual({ input_tokens: 12, output_tokens: 29 });
    expect(m.model).toBe('claude-sonnet-4-5-20250929');
    expect(m.meta).toEqual({ service_tier: 'standard', inference_geo: 'not_available' });
    expect(m.value.text).toMatch(/^Hello! I'm doing well/);
    expect(m.providerRequestId).toBe('msg_01VdEjxAP5ahtHKrrRdNBteQ');
  });

  it('message.tool-use.claude-opus-4-8.json (+ headers): 415 in / 76 out, tool_use read, request-id header wins', () => {
    const recorded = exampleJson('anthropic/message.tool-use.claude-opus-4-8.headers.json') as {
      status: number;
      headers: Record<string, string>;
    };
    const m = parseMessage(exampleJson('anthropic/message.tool-use.claude-opus-4-8.json'), {
      status: recorded.status,
      headers: recorded.headers,
      attempt: 1,
    });
    expect(m.units).toEqual({ input_tokens: 415, output_tokens: 76 });
    expect(m.value.toolUses).toEqual([
      { id: 'toolu_011LF2VkWpAfJnTKJcmh1PNf', name: 'test_tool', input: { value: 'test' } },
    ]);
    expect(m.value.stopReason).toBe('tool_use');
    expect(m.providerRequestId).toBe('req_011CVLotQepAqEAyhJpvkpZN');
    // The recording has no ratelimit headers: no hint, no crash.
    expect(anthropicRateLimitHint(recorded.headers, NOW)).toBeNull();
  });

  it('message.server-tool-use.claude-sonnet-4.json: 1902 in / 214 out, web_fetch counted in meta (no web search)', () => {
    const m = parseMessage(exampleJson('anthropic/message.server-tool-use.claude-sonnet-4.json'), meta);
    expect(m.units).toEqual({ input_tokens: 1902, output_tokens: 214 });
    expect(m.meta).toEqual({ service_tier: 'standard', web_fetch_requests: 1 });
  });

  it('message.thinking.claude-opus-5.json: thinking split out of output (1699 = 1560 + 139)', () => {
    const m = parseMessage(exampleJson('anthropic/message.thinking.claude-opus-5.json'), meta);
    expect(m.units).toEqual({ input_tokens: 51, output_tokens: 1560, reasoning_tokens: 139 });
    expect(m.meta).toEqual({ service_tier: 'standard', inference_geo: 'global' });
    expect(m.value.text.startsWith('## Step 1')).toBe(true);
  });

  it('message-stream.basic.sse: event lines and ping; message_delta output overrides start (11 in / 6 out)', () => {
    const c = consume(sseEvents(readExample('anthropic/message-stream.basic.sse')));
    expect(c.isComplete()).toBe(true);
    const m = c.finish(meta);
    expect(m.units).toEqual({ input_tokens: 11, output_tokens: 6 });
    expect(m.value).toEqual({
      id: 'msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK',
      text: 'Hello there!',
      stopReason: 'end_turn',
    });
    expect(m.model).toBe('claude-opus-4-8');
  });

  it('message-stream.text.claude-sonnet-4-5.jsonl: 12 in / 30 out (delta), meta kept from start', () => {
    const m = consume(jsonlEvents(readExample('anthropic/message-stream.text.claude-sonnet-4-5.jsonl'))).finish(meta);
    expect(m.units).toEqual({ input_tokens: 12, output_tokens: 30 });
    expect(m.meta).toEqual({ service_tier: 'standard', inference_geo: 'not_available' });
    expect(m.value.text).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
  });

  it('message-stream.delta-input-tokens.claude-opus-4-5.jsonl: delta input_tokens 61 overrides start 43', () => {
    const m = consume(
      jsonlEvents(readExample('anthropic/message-stream.delta-input-tokens.claude-opus-4-5.jsonl')),
    ).finish(meta);
    expect(m.units).toEqual({ input_tokens: 61, output_tokens: 2 });
    expect(m.value.text).toBe('pong');
  });

  it('message-stream.error-event.docs-example.sse: the mid-stream error is a typed, retryable overloaded error', () => {
    const c = new AnthropicStreamConsumer('claude-x', 7);
    const [event] = sseEvents(readExample('anthropic/message-stream.error-event.docs-example.sse'));
    expect(() => c.onEvent(event!)).toThrow(
      expect.objectContaining({
        provider: 'anthropic',
        kind: 'overloaded',
        retryable: true,
        providerCode: 'overloaded_error',
        message: 'Overloaded',
      }),
    );
  });

  it('error-404.docs-example.json: not_found, not retryable', () => {
    expect(classifyAnthropicError(404, {}, readExample('anthropic/error-404.docs-example.json'), NOW)).toMatchObject({
      kind: 'not_found',
      retryable: false,
      providerCode: 'not_found_error',
    });
  });
});

describe('Anthropic cache buckets and stream overrides', () => {
  it('message_delta usage overrides input and cache counts from message_start (prompt-cache recording numbers)', () => {
    const events = [
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          model: 'claude-sonnet-5',
          usage: { input_tokens: 2, cache_creation_input_tokens: 3068, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn' },
        usage: {
          input_tokens: 6,
          cache_creation_input_tokens: 3337,
          cache_read_input_tokens: 6289,
          output_tokens: 198,
        },
      },
      { type: 'message_stop' },
    ].map((d) => ({ event: null, data: JSON.stringify(d), id: null }));
    expect(consume(events).finish(meta).units).toEqual({
      input_tokens: 6,
      cached_input_tokens: 6289,
      cache_write_5m_tokens: 3337,
      output_tokens: 198,
    });
  });

  it('splits cache writes into 5-minute and 1-hour buckets; all 5-minute without a breakdown', () => {
    expect(
      anthropicUnits({
        input_tokens: 10,
        cache_creation_input_tokens: 300,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
        cache_read_input_tokens: 50,
        output_tokens: 5,
      }),
    ).toEqual({
      input_tokens: 10,
      cached_input_tokens: 50,
      cache_write_5m_tokens: 100,
      cache_write_1h_tokens: 200,
      output_tokens: 5,
    });
    expect(anthropicUnits({ input_tokens: 10, cache_creation_input_tokens: 300, output_tokens: 5 })).toEqual({
      input_tokens: 10,
      cache_write_5m_tokens: 300,
      output_tokens: 5,
    });
    expect(
      anthropicUnits({
        input_tokens: 1,
        output_tokens: 1,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        cache_creation: null,
      }),
    ).toEqual({ input_tokens: 1, output_tokens: 1 });
    expect(anthropicUnits({ input_tokens: 1, output_tokens: 1, server_tool_use: { web_search_requests: 3 } })).toEqual({
      input_tokens: 1,
      output_tokens: 1,
      web_searches: 3,
    });
  });

  it('partial() keeps the real input from message_start and estimates output from streamed text', () => {
    const lines = readExample('anthropic/message-stream.text.claude-sonnet-4-5.jsonl').split('\n').slice(0, 6);
    const c = consume(jsonlEvents(lines.join('\n')));
    expect(c.isComplete()).toBe(false);
    const p = c.partial();
    expect(p.estimated).toBe(true);
    expect(p.value?.text).toBe("Hello! I'm doing well, thank you for asking");
    expect(p.units).toEqual({
      input_tokens: 12,
      output_tokens: Math.ceil("Hello! I'm doing well, thank you for asking".length / 4),
    });
    // Before message_start: the pre-flight estimate stands in for input.
    expect(new AnthropicStreamConsumer('claude-x', 7).partial().units).toEqual({ input_tokens: 7 });
  });

  it('a non-JSON event is malformed_response', () => {
    expect(() =>
      new AnthropicStreamConsumer('m', 1).onEvent({ event: 'message_start', data: 'nope', id: null }),
    ).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
  });

  it('rejects a body that is not a message', () => {
    expect(() => parseMessage({ type: 'error' }, meta)).toThrow(/expected a message object/);
  });
});

describe('Anthropic errors and headers', () => {
  const body = (type: string, message = 'm') =>
    JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_body' });

  it('maps error types to kinds and retryability (529 overloaded is retryable)', () => {
    const cases: Array<[number, string, string, boolean]> = [
      [400, 'invalid_request_error', 'bad_request', false],
      [401, 'authentication_error', 'auth', false],
      [402, 'billing_error', 'payment_required', false],
      [403, 'permission_error', 'permission', false],
      [413, 'request_too_large', 'bad_request', false],
      [429, 'rate_limit_error', 'rate_limited', true],
      [500, 'api_error', 'server', true],
      [504, 'timeout_error', 'timeout', true],
      [529, 'overloaded_error', 'overloaded', true],
    ];
    for (const [status, type, kind, retryable] of cases) {
      expect(classifyAnthropicError(status, {}, body(type), NOW)).toMatchObject({
        status,
        kind,
        retryable,
        providerCode: type,
        requestId: 'req_body',
      });
    }
  });

  it('a spend-limit / credit 400 is a non-retryable quota error', () => {
    expect(
      classifyAnthropicError(
        400,
        {},
        body('invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'),
        NOW,
      ),
    ).toMatchObject({ kind: 'quota', retryable: false });
  });

  it('429 honours retry-after; request-id header wins over the body', () => {
    expect(
      classifyAnthropicError(429, { 'retry-after': '7', 'request-id': 'req_h' }, body('rate_limit_error'), NOW),
    ).toMatchObject({ retryAfterMs: 7000, requestId: 'req_h' });
  });

  it('non-JSON bodies (Cloudflare 413 HTML, 529 text, empty) do not crash and fall back to the status', () => {
    expect(
      classifyAnthropicError(413, {}, '<html><body><h1>413 Request Entity Too Large</h1></body></html>', NOW),
    ).toMatchObject({ kind: 'bad_request', retryable: false, message: '413 Request Entity Too Large' });
    expect(classifyAnthropicError(529, {}, 'Overloaded', NOW)).toMatchObject({ kind: 'overloaded', retryable: true });
    expect(classifyAnthropicError(502, {}, '', NOW)).toMatchObject({
      kind: 'server',
      retryable: true,
      message: 'HTTP 502',
    });
  });

  it('reads anthropic-ratelimit-* headers with RFC 3339 resets, input/output limits as windows', () => {
    const hint = anthropicRateLimitHint(
      {
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-requests-reset': '2026-09-01T00:00:01Z',
        'anthropic-ratelimit-tokens-remaining': '89000',
        'anthropic-ratelimit-tokens-reset': '2026-09-01T00:00:30Z',
        'anthropic-ratelimit-input-tokens-limit': '80000',
        'anthropic-ratelimit-input-tokens-remaining': '79500',
        'anthropic-ratelimit-input-tokens-reset': '2026-09-01T00:00:12.5Z',
        'anthropic-ratelimit-output-tokens-remaining': '15500',
      },
      NOW,
    );
    expect(hint).toEqual({
      requestsRemaining: 49,
      requestsResetAt: NOW + 1000,
      tokensRemaining: 89_000,
      tokensResetAt: NOW + 30_000,
      windows: {
        input_tokens: { remaining: 79_500, resetAt: NOW + 12_500, limit: 80_000 },
        output_tokens: { remaining: 15_500 },
      },
    });
  });

  it('sends x-api-key and anthropic-version', () => {
    expect(anthropicDescriptor.authHeaders({ secret: 'sk-ant-x' })).toEqual({
      'x-api-key': 'sk-ant-x',
      'anthropic-version': '2023-06-01',
    });
  });
});
