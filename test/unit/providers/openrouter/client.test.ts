import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  createChatCompletion,
  getGeneration,
  getKeyInfo,
  listModels,
  streamChatCompletion,
} from '../../../../main/providers/openrouter/client';
import { startOpenRouterFake } from '../../../../main/providers/openrouter/fake';
import { checkOpenRouterHealth } from '../../../../main/providers/openrouter/health';
import { useLlmFake } from '../shared/llm-harness';

const KEY = 'sk-or-v1-test0123456789abcdefghij';
const cred: Credential = { secret: KEY };

const setup = useLlmFake('openrouter', startOpenRouterFake, KEY);
const ask = (content: string) => [{ role: 'user' as const, content }];

describe('OpenRouter chat through the gateway', () => {
  it('reported usage.cost wins and is ledgered as provider_reported, with the generation id', async () => {
    const { fake, h } = await setup(false);
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'openai/gpt-4o-mini',
      messages: ask('Rewrite my script about meal prep'),
    });
    expect(r.value.text).toContain('HOOK:');
    expect(r.value.provider).toBe('OpenAI');
    const row = h.ledger.rows[0]!;
    expect(row.costSource).toBe('provider_reported');
    const expected = Math.round((row.units.input_tokens! * 0.00000015 + row.units.output_tokens! * 0.0000006) * 1e9);
    expect(Math.abs((row.costNanos ?? 0) - expected)).toBeLessThanOrEqual(1);
    expect(row.providerRequestId).toMatch(/^gen-/);
    expect(row.meta).toMatchObject({ upstream_provider: 'OpenAI', is_byok: false });
    expect(fake.requests[0]?.headers['x-openrouter-title']).toBe('AICON Studio');
  });

  it('BYOK: fee plus upstream charge are reported', async () => {
    const { h } = await setup(false, { byok: true });
    await createChatCompletion(h.gateway, cred, {
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask('hello there friend'),
    });
    const row = h.ledger.rows[0]!;
    const upstream = Number(row.meta?.upstream_cost_nanos);
    expect(row.meta?.is_byok).toBe(true);
    expect(row.costNanos).toBe(upstream + Math.round(upstream * 0.05));
  });

  it('replays the spec example (no cost): priced from units instead', async () => {
    const { h } = await setup(true);
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'openai/gpt-4',
      messages: ask('What is the capital of France?'),
    });
    expect(r.value.text).toBe('The capital of France is Paris.');
    expect(h.ledger.rows[0]).toMatchObject({
      costSource: 'computed',
      units: { input_tokens: 25, output_tokens: 10 },
      model: 'openai/gpt-4',
    });
  });

  it('json_object returns parsed analysis JSON and sends fallback models', async () => {
    const { fake, h } = await setup(false);
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'openai/gpt-4o-mini',
      fallbackModels: ['anthropic/claude-sonnet-4.5'],
      messages: ask('Analyze this caption: new gym routine #fitness @coachmia'),
      responseFormat: { type: 'json_object' },
    });
    expect(r.value.json).toMatchObject({ hashtags: expect.arrayContaining(['#fitness']), mentions: ['@coachmia'] });
    expect(JSON.parse(fake.requests[0]?.bodyText ?? '{}')).toMatchObject({
      models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5'],
      max_tokens: 1024,
    });
  });

  it('streams with OPENROUTER PROCESSING comments; usage and cost from the final choices:[] chunk', async () => {
    const { h } = await setup(false);
    const deltas: string[] = [];
    const r = await streamChatCompletion(
      h.gateway,
      cred,
      { model: 'openai/gpt-4o-mini', messages: ask('Research perspectives on podcast clips') },
      { onDelta: (d) => deltas.push(d) },
    );
    expect(r.value.text).toBe(deltas.join(''));
    expect(r.costSource).toBe('provider_reported');
    expect(h.ledger.rows[0]?.units.output_tokens).toBe(Math.ceil(r.value.text.length / 4));
  });

  it('replays the spec chunk and the documented final usage chunk', async () => {
    const { h } = await setup(true);
    const r = await streamChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') });
    expect(r.value.text).toBe('Hello');
    expect(h.ledger.rows[0]).toMatchObject({
      costSource: 'provider_reported',
      costNanos: 950_000_000,
      units: { input_tokens: 94, cache_write_5m_tokens: 100, output_tokens: 2 },
    });
  });

  it('a mid-stream error chunk (finish_reason "error") is typed and ledgered as an estimate', async () => {
    const { fake, h } = await setup(false);
    fake.midStreamError();
    await expect(
      streamChatCompletion(h.gateway, cred, {
        model: 'openai/gpt-4o-mini',
        messages: ask('Rewrite my long script about travel hacks'),
      }),
    ).rejects.toMatchObject({
      provider: 'openrouter',
      providerCode: 'server_error',
    });
    expect(fake.requests).toHaveLength(1);
    expect(h.ledger.rows[0]).toMatchObject({ costSource: 'estimated', status: 200 });
  });

  it('402 is not retried; 524 (HTML) and 529 are', async () => {
    const { fake, h } = await setup(true);
    fake.outOfCredits(3);
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') }),
    ).rejects.toMatchObject({ kind: 'payment_required', retryable: false, status: 402 });
    expect(fake.requests).toHaveLength(1);
    fake.clearFaults();
    fake.edgeTimeout();
    fake.overloaded();
    const r = await createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') });
    expect(r.attempts).toBe(3);
    expect(h.ledger.rows.map((x) => [x.status, x.errorCode])).toEqual([
      [402, 'payment_required:402'],
      [524, 'timeout'],
      [529, 'overloaded:529'],
      [200, null],
    ]);
  });

  it('429 with Retry-After is retried and X-RateLimit-* learned', async () => {
    const { fake, h } = await setup(true);
    fake.rateLimit({ retryAfterSeconds: 0 });
    const r = await createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') });
    expect(r.attempts).toBe(2);
    expect(h.limiter.learned).toEqual([expect.objectContaining({ requestsRemaining: 0 })]);
  });

  it('a wrong key gets a 401 envelope', async () => {
    const { h } = await setup(true);
    await expect(
      createChatCompletion(
        h.gateway,
        { secret: 'sk-or-v1-wrong000000000000' },
        { model: 'openai/gpt-4', messages: ask('hi') },
      ),
    ).rejects.toMatchObject({ kind: 'auth', status: 401, message: 'User not found.' });
  });

  it('a hang times out; malformed JSON is typed', async () => {
    const { fake, h } = await setup(true);
    fake.inject({ type: 'hang' });
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') }, { timeoutMs: 200 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
    fake.inject({ type: 'malformed_json' });
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4', messages: ask('hi') }),
    ).rejects.toMatchObject({ kind: 'malformed_response' });
  });
});

describe('OpenRouter models, key, generation, health', () => {
  it('models list prices are per token strings converted per million', async () => {
    const { h } = await setup(false);
    const r = await listModels(h.gateway, cred);
    expect(r.value.find((m) => m.id === 'anthropic/claude-sonnet-4.5')?.pricing).toMatchObject({
      promptNanosPerM: 3_000_000_000,
      completionNanosPerM: 15_000_000_000,
    });
    expect(r.value.find((m) => m.free)?.id).toBe('meta-llama/llama-3.3-70b-instruct:free');
    expect(h.ledger.rows[0]).toMatchObject({ costNanos: 0, costSource: 'computed' });
  });

  it('exact reservation from listModels pricing', async () => {
    const { h } = await setup(false);
    const models = await listModels(h.gateway, cred);
    const pricing = models.value.find((m) => m.id === 'anthropic/claude-sonnet-4.5')!.pricing;
    await createChatCompletion(h.gateway, cred, {
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask('abcd'),
      maxOutputTokens: 100,
      pricing,
    });
    // (4 bytes + 8 framing) * $3/M + 100 * $15/M
    expect(h.budgets.settled).toHaveLength(1); // the models list is free: no reservation
    expect(h.budgets.settled[0]?.reservation.amountNanos).toBe(
      Math.ceil((12 * 3_000_000_000 + 100 * 15_000_000_000) / 1_000_000),
    );
  });

  it('generation lookup 404s first, then answers; each lookup is a free ledger row', async () => {
    const { h } = await setup(false, { generationNotFoundTimes: 2 });
    const chat = await createChatCompletion(h.gateway, cred, {
      model: 'openai/gpt-4o-mini',
      messages: ask('hello world'),
    });
    const id = h.ledger.rows[0]!.providerRequestId!;
    const gen = await getGeneration(h.gateway, cred, id, { delayMs: 5 });
    expect(gen.value.id).toBe(id);
    expect(gen.value.totalCostNanos).toBe(chat.costNanos);
    expect(h.ledger.rows.slice(1).map((r) => [r.endpoint, r.status, r.costNanos])).toEqual([
      ['generation', 404, 0],
      ['generation', 404, 0],
      ['generation', 200, 0],
    ]);
  });

  it('generation lookup gives up after the allowed attempts and rejects bad ids before any request', async () => {
    const { fake, h } = await setup(false, { generationNotFoundTimes: 10 });
    await createChatCompletion(h.gateway, cred, { model: 'openai/gpt-4o-mini', messages: ask('x') });
    const id = h.ledger.rows[0]!.providerRequestId!;
    await expect(getGeneration(h.gateway, cred, id, { attempts: 2, delayMs: 1 })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(getGeneration(h.gateway, cred, 'gen-1&x=2', {})).rejects.toMatchObject({ kind: 'bad_request' });
    expect(fake.requests.filter((r) => r.path === '/api/v1/generation')).toHaveLength(2);
  });

  it('replays generation and key spec examples', async () => {
    const { h } = await setup(true);
    const gen = await getGeneration(h.gateway, cred, 'gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG', { delayMs: 1 });
    expect(gen.value.totalCostNanos).toBe(1_500_000);
    const key = await getKeyInfo(h.gateway, cred);
    expect(key.value.limitRemainingNanos).toBe(74_500_000_000);
  });

  it('health uses the free GET /key and reports the remaining credit', async () => {
    const { fake, h } = await setup(true);
    const r = await checkOpenRouterHealth(h.gateway, cred);
    expect(r.value).toEqual({ endpoint: 'GET /key', detail: '$74.50 of $100.00 left (resets monthly)' });
    expect(r.costNanos).toBe(0);
    expect(fake.requests.map((x) => `${x.method} ${x.path}`)).toEqual(['GET /api/v1/key']);
  });
});
