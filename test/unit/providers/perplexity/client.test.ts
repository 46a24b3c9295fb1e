import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  createAgentResponse,
  createSonarCompletion,
  researchPerspectives,
  streamAgentResponse,
  streamSonarCompletion,
  trendAnalysis,
} from '../../../../main/providers/perplexity/client';
import { startPerplexityFake } from '../../../../main/providers/perplexity/fake';
import { checkPerplexityHealth } from '../../../../main/providers/perplexity/health';
import { useLlmFake } from '../shared/llm-harness';

const KEY = 'pplx-test0123456789abcdefghij';
const cred: Credential = { secret: KEY };

const setup = useLlmFake('perplexity', startPerplexityFake, KEY);

describe('Perplexity Agent API through the gateway', () => {
  it('replays the recorded agent response: reported cost wins, citations from the search_results item', async () => {
    const { fake, h } = await setup(true);
    const r = await createAgentResponse(h.gateway, cred, {
      input: 'Find the official TypeScript website',
      model: 'openai/gpt-5.4',
    });
    expect(r.value.citations).toHaveLength(10);
    expect(r.costSource).toBe('provider_reported');
    expect(r.costNanos).toBe(1_190_000);
    expect(h.ledger.rows[0]).toMatchObject({
      endpoint: 'agent',
      operation: 'research',
      costSource: 'provider_reported',
      costNanos: 1_190_000,
      units: { input_tokens: 3, web_searches: 1 },
    });
    expect(fake.requests[0]?.path).toBe('/v1/agent');
    expect(JSON.parse(fake.requests[0]?.bodyText ?? '{}')).toEqual({
      model: 'openai/gpt-5.4',
      input: 'Find the official TypeScript website',
      tools: [{ type: 'web_search', max_tokens: 4000 }],
      max_output_tokens: 1024,
      max_steps: 3,
    });
    // Reservation: bounded tokens (openai/gpt-5.4 priced as OpenAI's) plus 3 search steps.
    expect(h.budgets.settled[0]?.reservation.amountNanos).toBeGreaterThan(3 * 5_000_000);
  });

  it('HTTP 200 with status "failed" becomes a typed error and is not retried for a model error', async () => {
    const { fake, h } = await setup(false);
    fake.agentFailure({ code: 'model_error', message: 'The model failed to generate a response' });
    await expect(createAgentResponse(h.gateway, cred, { input: 'Research creator economy' })).rejects.toMatchObject({
      kind: 'server',
      status: 200,
      providerCode: 'model_error',
      retryable: false,
    });
    expect(fake.requests).toHaveLength(1);
    expect(h.ledger.rows[0]).toMatchObject({ status: 200, errorCode: 'server:model_error' });
  });

  it('a transient failed run is retried and then succeeds', async () => {
    const { fake, h } = await setup(false);
    fake.agentFailure({ code: 'upstream_timeout', message: 'Upstream timed out' });
    const r = await createAgentResponse(h.gateway, cred, { input: 'Research creator economy' });
    expect(r.attempts).toBe(2);
    expect(r.value.text.length).toBeGreaterThan(0);
  });

  it('streams typed events (no [DONE]) to the response.completed terminal', async () => {
    const { h } = await setup(true);
    const deltas: string[] = [];
    const r = await streamAgentResponse(
      h.gateway,
      cred,
      { input: 'Find the official TypeScript website' },
      { onDelta: (d) => deltas.push(d) },
    );
    expect(deltas.join('')).toBe(r.value.text);
    expect(r.value.citations).toHaveLength(10);
    expect(h.ledger.rows[0]).toMatchObject({ costSource: 'provider_reported', costNanos: 1_190_000 });
  });

  it('a stream ending in response.failed is a typed error', async () => {
    const { fake, h } = await setup(false);
    fake.agentFailure();
    await expect(streamAgentResponse(h.gateway, cred, { input: 'Trends in fitness videos' })).rejects.toMatchObject({
      kind: 'server',
      providerCode: 'model_error',
    });
  });

  it('a stream cut before its terminal event is truncated and ledgered as an estimate', async () => {
    const { fake, h } = await setup(false);
    fake.inject({ type: 'truncate', afterEvents: 8 });
    await expect(streamAgentResponse(h.gateway, cred, { input: 'Trends in fitness videos' })).rejects.toMatchObject({
      provider: 'perplexity',
    });
    expect(h.ledger.rows[0]?.costSource).toBe('estimated');
  });

  it('research perspectives (demo): three perspectives with citations, deterministic', async () => {
    const { h } = await setup(false);
    const a = await researchPerspectives(h.gateway, cred, 'faceless YouTube channels');
    const b = await researchPerspectives(h.gateway, cred, 'faceless YouTube channels');
    expect(a.value.api).toBe('agent');
    expect(a.value.text).toContain('Perspective 3');
    expect(a.value.citations).toHaveLength(3);
    expect(a.value).toEqual(b.value);
    expect(h.ledger.rows.every((r) => r.costSource === 'provider_reported' && (r.costNanos ?? 0) > 0)).toBe(true);
  });

  it('trend analysis uses legacy Sonar only when the setting asks for it', async () => {
    const { fake, h } = await setup(false);
    const agent = await trendAnalysis(h.gateway, cred, 'home cooking');
    const sonar = await trendAnalysis(h.gateway, cred, 'home cooking', { legacySonar: true });
    expect([agent.value.api, sonar.value.api]).toEqual(['agent', 'sonar']);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/agent', '/chat/completions']);
    expect(sonar.value.citations[0]?.url).toMatch(/^https:\/\/example\./);
    expect(h.ledger.rows[1]).toMatchObject({
      costSource: 'provider_reported',
      meta: { search_context_size: 'low' },
      units: { requests: 1 },
    });
  });
});

describe('Perplexity legacy Sonar through the gateway', () => {
  it('a recorded Sonar body without usage.cost is computed from units (incl. the request fee)', async () => {
    const { h } = await setup(true);
    const r = await createSonarCompletion(h.gateway, cred, { prompt: 'Invent a holiday' });
    expect(r.value.citations).toHaveLength(6);
    expect(h.ledger.rows[0]).toMatchObject({
      costSource: 'computed',
      units: { input_tokens: 11, output_tokens: 392, requests: 1 },
    });
  });

  it('the recorded Sonar stream ends on chat.completion.done without [DONE]; usage is the last cumulative one', async () => {
    const { h } = await setup(true);
    const r = await streamSonarCompletion(h.gateway, cred, { prompt: 'Invent a holiday' });
    expect(r.value.finishReason).toBe('stop');
    expect(h.ledger.rows[0]).toMatchObject({
      costSource: 'computed',
      units: { input_tokens: 11, output_tokens: 434, requests: 1 },
    });
  });

  it('a synthesized Sonar stream with a trailing [DONE] and usage.cost in every chunk is reported once, not summed', async () => {
    const { h } = await setup(false, { sonarDoneLine: true });
    const r = await streamSonarCompletion(h.gateway, cred, { prompt: 'Research vertical video trends' });
    expect(r.costSource).toBe('provider_reported');
    const row = h.ledger.rows[0]!;
    expect(row.units.output_tokens).toBe(Math.ceil(r.value.text.length / 4));
    // 0.005 request fee + tokens at $1/M: well under a cent, never a sum over chunks.
    expect(row.costNanos).toBeGreaterThan(5_000_000);
    expect(row.costNanos).toBeLessThan(6_000_000);
  });
});

describe('Perplexity faults and health', () => {
  it('retries a 429 with Retry-After and learns X-RateLimit-*', async () => {
    const { fake, h } = await setup(true);
    fake.rateLimit({ retryAfterSeconds: 0 });
    const r = await createAgentResponse(h.gateway, cred, { input: 'x y z' });
    expect(r.attempts).toBe(2);
    expect(h.limiter.learned[0]).toMatchObject({ requestsRemaining: 0 });
    expect(h.ledger.rows[0]?.errorCode).toBe('rate_limited:request_rate_limit_exceeded');
  });

  it('a wrong key gets the forbidden envelope', async () => {
    const { h } = await setup(true);
    await expect(
      createAgentResponse(h.gateway, { secret: 'pplx-wrong0000000000000000' }, { input: 'x' }),
    ).rejects.toMatchObject({ kind: 'auth', status: 401, retryable: false, providerCode: 'forbidden' });
  });

  it('malformed JSON and 5xx are typed', async () => {
    const { fake, h } = await setup(true);
    fake.serverError(502, 4);
    await expect(createAgentResponse(h.gateway, cred, { input: 'x' })).rejects.toMatchObject({
      kind: 'server',
      providerCode: 'bad_gateway',
    });
    fake.clearFaults();
    fake.inject({ type: 'malformed_json' });
    await expect(createAgentResponse(h.gateway, cred, { input: 'x' })).rejects.toMatchObject({
      kind: 'malformed_response',
    });
  });

  it('health uses the free, public GET /v1/models', async () => {
    const { fake, h } = await setup(false);
    const r = await checkPerplexityHealth(h.gateway, cred);
    expect(r.value.endpoint).toBe('GET /v1/models');
    expect(r.costNanos).toBe(0);
    expect(h.ledger.rows[0]).toMatchObject({ costNanos: 0, costSource: 'computed', operation: 'health' });
    expect(fake.requests.map((x) => `${x.method} ${x.path}`)).toEqual(['GET /v1/models']);
  });
});
