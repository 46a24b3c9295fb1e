import { describe, expect, it } from 'vitest';
import type { ResponseMeta } from '../../../../main/gateway/types';
import {
  classifyPerplexityError,
  perplexityRateLimitHint,
  perplexitySuccessBodyError,
} from '../../../../main/providers/perplexity/descriptor';
import {
  AgentStreamConsumer,
  agentUnits,
  parseAgentResponse,
  parseSonarCompletion,
  sonarStreamConsumer,
} from '../../../../main/providers/perplexity/usage';
import { jsonlEvents } from '../shared/sse-events';
import { exampleJson, readExample } from '../shared/llm-harness';

const meta: ResponseMeta = { status: 200, headers: {}, attempt: 1 };
const NOW = 1_790_000_000_000;

describe('Perplexity recorded examples -> units and reported cost', () => {
  it('agent-response.web-search.json: cache read/write split out of input_tokens, 1 web search, $0.00119 reported', () => {
    const m = parseAgentResponse(exampleJson('perplexity/agent-response.web-search.json'), meta);
    // 3007 input = 3 uncached + 1780 cache read + 1224 cache write.
    expect(m.units).toEqual({
      input_tokens: 3,
      cached_input_tokens: 1780,
      cache_write_5m_tokens: 1224,
      output_tokens: 36,
      web_searches: 1,
    });
    expect(m.reportedCostNanos).toBe(1_190_000);
    expect(m.model).toBe('openai/gpt-6-luna');
    expect(m.meta).toEqual({ service_tier: 'fast' });
    expect(m.providerRequestId).toBe('resp_8762b9bb-2d06-44a4-b68c-412dc85b24db');
    expect(m.value.text).toBe(
      'The official TypeScript website is **typescriptlang.org**; TypeScript is a strongly typed programming language that builds on JavaScript with syntax for types.[7]',
    );
    expect(m.value.citations).toHaveLength(10);
    expect(m.value.citations[6]).toMatchObject({
      url: 'https://www.typescriptlang.org/',
      title: 'TypeScript: JavaScript With Syntax For Types.',
    });
    expect(m.value.status).toBe('completed');
  });

  it('chat-completion.sonar.json (Feb 2026, no cost): 11 in / 392 out + 1 request fee, URL-only citations', () => {
    const m = parseSonarCompletion(exampleJson('perplexity/chat-completion.sonar.json'), meta);
    expect(m.units).toEqual({ input_tokens: 11, output_tokens: 392, requests: 1 });
    expect(m.reportedCostNanos).toBeUndefined();
    expect(m.value.citations).toHaveLength(6);
    expect(m.value.citations[0]).toEqual({
      url: 'https://www.modernchristmastrees.com/innovative-approaches-holiday-decor-modern-interior-design/',
      title: null,
      snippet: null,
      date: null,
    });
  });

  it('chat-completion.sonar.citations.json: 10 in / 251 out + 1 request, 7 citations', () => {
    const m = parseSonarCompletion(exampleJson('perplexity/chat-completion.sonar.citations.json'), meta);
    expect(m.units).toEqual({ input_tokens: 10, output_tokens: 251, requests: 1 });
    expect(m.value.citations).toHaveLength(7);
    expect(m.model).toBe('sonar');
  });

  it('chat-completion-stream.sonar.jsonl: cumulative usage, take the LAST (11 / 434), done chunk terminates', () => {
    const c = sonarStreamConsumer('sonar', 3);
    const events = jsonlEvents(readExample('perplexity/chat-completion-stream.sonar.jsonl'));
    for (const e of events.slice(0, -1)) c.onEvent(e);
    expect(c.isComplete()).toBe(false);
    c.onEvent(events.at(-1)!);
    expect(c.isComplete()).toBe(true);
    const m = c.finish(meta);
    expect(m.units).toEqual({ input_tokens: 11, output_tokens: 434, requests: 1 });
    expect(m.value.finishReason).toBe('stop');
    expect(m.value.text.startsWith('**Eco')).toBe(true);
    expect(m.value.text.endsWith('[5]')).toBe(true);
  });
});

describe('Perplexity usage rules', () => {
  it('uses usage.cost.total_cost when present (research example: sonar 6/1 tokens, $0.00501)', () => {
    const body = {
      id: 'x',
      model: 'sonar',
      object: 'chat.completion',
      usage: {
        prompt_tokens: 6,
        completion_tokens: 1,
        total_tokens: 7,
        search_context_size: 'low',
        cost: { input_tokens_cost: 0.00001, output_tokens_cost: 0, request_cost: 0.005, total_cost: 0.00501 },
      },
      choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'stop' }],
    };
    const m = parseSonarCompletion(body, meta);
    expect(m.reportedCostNanos).toBe(5_010_000);
    expect(m.meta).toEqual({ search_context_size: 'low' });
  });

  it('deep research: citation tokens into input, reasoning and search queries separate, no request fee', () => {
    const body = {
      id: 'x',
      model: 'sonar-deep-research',
      usage: {
        prompt_tokens: 20,
        completion_tokens: 300,
        citation_tokens: 5000,
        reasoning_tokens: 9000,
        num_search_queries: 12,
      },
      choices: [],
    };
    expect(parseSonarCompletion(body, meta).units).toEqual({
      input_tokens: 5020,
      output_tokens: 300,
      reasoning_tokens: 9000,
      web_searches: 12,
    });
  });

  it('agent usage without details: all input uncached, reasoning split out of output', () => {
    expect(
      agentUnits({ input_tokens: 50, output_tokens: 40, output_tokens_details: { reasoning_tokens: 15 } }),
    ).toEqual({ input_tokens: 35 + 15, output_tokens: 25, reasoning_tokens: 15 });
  });

  it('other billed agent tools are kept in meta', () => {
    const body = exampleJson('perplexity/agent-response.web-search.json') as Record<string, unknown>;
    const usage = {
      ...(body.usage as object),
      tool_calls_details: { search_web: { invocation: 2 }, fetch_url: { invocation: 3 } },
    };
    const m = parseAgentResponse({ ...body, usage }, meta);
    expect(m.units.web_searches).toBe(2);
    expect(m.meta).toEqual({ service_tier: 'fast', tool_fetch_url: 3 });
  });
});

describe('Perplexity agent stream terminals', () => {
  const ev = (data: object) => ({ event: null, data: JSON.stringify(data), id: null });
  const response = exampleJson('perplexity/agent-response.web-search.json') as Record<string, unknown>;

  it('response.completed carries the full response with usage and cost', () => {
    const c = new AgentStreamConsumer('perplexity/sonar', 9);
    c.onEvent(
      ev({
        type: 'response.created',
        sequence_number: 0,
        response: { ...response, status: 'in_progress', output: [], usage: null },
      }),
    );
    c.onEvent(ev({ type: 'response.output_text.delta', sequence_number: 1, delta: 'The official' }));
    expect(c.isComplete()).toBe(false);
    expect(c.partial()).toMatchObject({ estimated: true, units: { input_tokens: 9, output_tokens: 3 } });
    c.onEvent(ev({ type: 'response.completed', sequence_number: 2, response }));
    expect(c.isComplete()).toBe(true);
    const m = c.finish();
    expect(m.units).toEqual({
      input_tokens: 3,
      cached_input_tokens: 1780,
      cache_write_5m_tokens: 1224,
      output_tokens: 36,
      web_searches: 1,
    });
    expect(m.reportedCostNanos).toBe(1_190_000);
    expect(m.estimated).toBeUndefined();
  });

  it('response.incomplete is a usable terminal; response.failed / cancelled / error throw typed errors', () => {
    const inc = new AgentStreamConsumer('m', 1);
    inc.onEvent(
      ev({
        type: 'response.incomplete',
        sequence_number: 5,
        response: { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      }),
    );
    expect(inc.isComplete()).toBe(true);
    expect(inc.finish().value.incompleteReason).toBe('max_output_tokens');
    expect(() =>
      new AgentStreamConsumer('m', 1).onEvent(
        ev({ type: 'response.failed', sequence_number: 3, error: { code: 'model_error', message: 'boom' } }),
      ),
    ).toThrow(
      expect.objectContaining({
        provider: 'perplexity',
        kind: 'server',
        providerCode: 'model_error',
        retryable: false,
      }),
    );
    expect(() =>
      new AgentStreamConsumer('m', 1).onEvent(ev({ type: 'response.cancelled', sequence_number: 3 })),
    ).toThrow(expect.objectContaining({ kind: 'aborted' }));
    expect(() =>
      new AgentStreamConsumer('m', 1).onEvent(ev({ type: 'error', error: { type: 'internal_error', message: 'x' } })),
    ).toThrow(expect.objectContaining({ providerCode: 'internal_error' }));
  });

  it('a terminal snapshot without usage (include_usage:false) is estimated from the streamed text', () => {
    const c = new AgentStreamConsumer('m', 4);
    c.onEvent(ev({ type: 'response.output_text.delta', sequence_number: 1, delta: 'abcdefgh' }));
    c.onEvent(
      ev({
        type: 'response.completed',
        sequence_number: 2,
        response: { object: 'response', status: 'completed', output: [] },
      }),
    );
    expect(c.finish()).toMatchObject({
      estimated: true,
      units: { input_tokens: 4, output_tokens: 2 },
      value: { text: 'abcdefgh' },
    });
  });
});

describe('Perplexity errors', () => {
  it('HTTP 200 with status "failed" is a typed error; completed and incomplete are not', () => {
    const body = exampleJson('perplexity/agent-response.web-search.json') as Record<string, unknown>;
    expect(perplexitySuccessBodyError(200, body)).toBeNull();
    expect(perplexitySuccessBodyError(200, { ...body, status: 'incomplete' })).toBeNull();
    const failed = perplexitySuccessBodyError(200, {
      ...body,
      status: 'failed',
      error: { code: 'upstream_timeout', message: 'Upstream model timed out' },
    });
    expect(failed).toMatchObject({
      kind: 'server',
      retryable: true,
      providerCode: 'upstream_timeout',
      requestId: body.id,
    });
    expect(
      perplexitySuccessBodyError(200, {
        ...body,
        status: 'failed',
        error: { code: 'content_filtered', message: 'Refused' },
      })?.retryable,
    ).toBe(false);
    expect(perplexitySuccessBodyError(200, { ...body, status: 'cancelled' })).toMatchObject({
      kind: 'aborted',
      retryable: false,
    });
    expect(perplexitySuccessBodyError(200, { object: 'chat.completion', status: 'failed' })).toBeNull();
  });

  it('maps the Agent API envelope (code == status) and FastAPI 422', () => {
    const env = (status: number, type: string) => JSON.stringify({ error: { message: 'm', type, code: status } });
    expect(classifyPerplexityError(400, {}, env(400, 'invalid_model'), NOW)).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: 'invalid_model',
    });
    expect(classifyPerplexityError(401, {}, env(401, 'forbidden'), NOW)).toMatchObject({
      kind: 'auth',
      retryable: false,
    });
    expect(classifyPerplexityError(403, {}, env(403, 'forbidden'), NOW)).toMatchObject({
      kind: 'permission',
      retryable: false,
    });
    expect(
      classifyPerplexityError(429, { 'retry-after': '3' }, env(429, 'request_rate_limit_exceeded'), NOW),
    ).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    expect(classifyPerplexityError(502, {}, env(502, 'bad_gateway'), NOW)).toMatchObject({
      kind: 'server',
      retryable: true,
    });
    expect(classifyPerplexityError(504, {}, env(504, 'gateway_timeout'), NOW)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    const v = classifyPerplexityError(
      422,
      {},
      JSON.stringify({ detail: [{ loc: ['body', 'model'], msg: 'Field required', type: 'missing' }] }),
      NOW,
    );
    expect(v).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      message: 'Field required',
      providerCode: 'missing',
    });
  });

  it('non-JSON bodies (nginx 401 HTML, empty 503) do not crash', () => {
    expect(
      classifyPerplexityError(
        401,
        {},
        '<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>openresty/1.25.3.1</center></body></html>',
        NOW,
      ),
    ).toMatchObject({
      kind: 'auth',
      retryable: false,
    });
    expect(classifyPerplexityError(503, {}, '', NOW)).toMatchObject({
      kind: 'server',
      retryable: true,
      message: 'HTTP 503',
    });
  });

  it('reads X-RateLimit-* in any reset format', () => {
    expect(perplexityRateLimitHint({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1790000030' }, NOW)).toEqual({
      requestsRemaining: 0,
      requestsResetAt: 1_790_000_030_000,
    });
    expect(perplexityRateLimitHint({ 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': '12' }, NOW)).toEqual({
      requestsRemaining: 4,
      requestsResetAt: NOW + 12_000,
    });
    expect(perplexityRateLimitHint({}, NOW)).toBeNull();
  });
});
