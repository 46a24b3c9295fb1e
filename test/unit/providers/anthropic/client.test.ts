import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import { createMessage, extractJson, listModels, streamMessage } from '../../../../main/providers/anthropic/client';
import { startAnthropicFake } from '../../../../main/providers/anthropic/fake';
import { checkAnthropicHealth } from '../../../../main/providers/anthropic/health';
import { useLlmFake } from '../shared/llm-harness';

const KEY = 'sk-ant-test-0123456789abcdefghij';
const cred: Credential = { secret: KEY };

const setup = useLlmFake('anthropic', startAnthropicFake, KEY);
const hello = [{ role: 'user' as const, content: 'Hello, how are you?' }];

describe('Anthropic messages through the gateway', () => {
  it('replays the recorded message with exact units; sends x-api-key and anthropic-version', async () => {
    const { fake, h } = await setup(true);
    const r = await createMessage(h.gateway, cred, { model: 'claude-sonnet-4-5', messages: hello, maxTokens: 100 });
    expect(r.value.text).toMatch(/^Hello! I'm doing well/);
    expect(h.ledger.rows[0]).toMatchObject({
      provider: 'anthropic',
      endpoint: 'messages',
      model: 'claude-sonnet-4-5-20250929',
      units: { input_tokens: 12, output_tokens: 29 },
      costSource: 'computed',
      meta: { service_tier: 'standard', inference_geo: 'not_available' },
    });
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(fake.requests[0]?.headers['x-api-key']).toBe('[redacted]');
    expect(h.limiter.learned[0]).toMatchObject({
      requestsRemaining: 49,
      windows: { input_tokens: { remaining: 79_500, limit: 80_000 } },
    });
    expect(h.budgets.settled[0]?.reservation.amountNanos).toBeGreaterThan(0);
  });

  it('demo mode answers an analysis prompt with JSON (expectJson)', async () => {
    const { h } = await setup(false);
    const r = await createMessage(h.gateway, cred, {
      model: 'claude-haiku-4-5',
      system: 'Analyze this post. Reply with JSON only.',
      messages: [{ role: 'user', content: 'My 5am routine changed everything #productivity' }],
      expectJson: true,
    });
    expect(r.value.json).toMatchObject({
      hashtags: expect.arrayContaining(['#productivity']),
      engagement_score: expect.any(Number),
    });
    expect(h.ledger.rows[0]?.model).toBe('claude-haiku-4-5-20251001');
  });

  it('streams the recorded basic SSE (event lines + ping): 11 in / 6 out', async () => {
    const { h } = await setup(true);
    const r = await streamMessage(h.gateway, cred, { model: 'claude-opus-4-8', messages: hello });
    expect(r.value.text).toBe('Hello there!');
    expect(h.ledger.rows[0]).toMatchObject({ units: { input_tokens: 11, output_tokens: 6 }, costSource: 'computed' });
  });

  it('streams the recorded delta-input-tokens stream: delta overrides start', async () => {
    const { h } = await setup(true);
    await streamMessage(h.gateway, cred, { model: 'claude-opus-4-5', messages: hello });
    expect(h.ledger.rows[0]?.units).toEqual({ input_tokens: 61, output_tokens: 2 });
  });

  it('a synthesized stream rewrites a script and meters it', async () => {
    const { h } = await setup(false);
    const deltas: string[] = [];
    const r = await streamMessage(
      h.gateway,
      cred,
      { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Rewrite my script about budgeting apps' }] },
      { onDelta: (d) => deltas.push(d) },
    );
    expect(r.value.text).toContain('CTA:');
    expect(deltas.join('')).toBe(r.value.text);
    expect(h.ledger.rows[0]?.units.output_tokens).toBe(Math.ceil(r.value.text.length / 4));
  });

  it('a mid-stream error event after the 200 is a typed error, ledgered as an estimate, not retried', async () => {
    const { fake, h } = await setup(false);
    fake.midStreamError();
    await expect(streamMessage(h.gateway, cred, { model: 'claude-sonnet-4-5', messages: hello })).rejects.toMatchObject(
      { kind: 'overloaded', providerCode: 'overloaded_error' },
    );
    expect(fake.requests).toHaveLength(1);
    expect(h.ledger.rows).toHaveLength(1);
    expect(h.ledger.rows[0]).toMatchObject({ costSource: 'estimated', errorCode: 'overloaded:overloaded_error' });
    expect(h.ledger.rows[0]?.units.input_tokens).toBeGreaterThan(0);
  });

  it('retries 529 overloaded and 429 with retry-after', async () => {
    const { fake, h } = await setup(true);
    fake.overloaded();
    fake.rateLimit({ retryAfterSeconds: 0 });
    const r = await createMessage(h.gateway, cred, { model: 'claude-sonnet-4-5', messages: hello });
    expect(r.attempts).toBe(3);
    expect(h.ledger.rows.map((x) => [x.status, x.errorCode])).toEqual([
      [529, 'overloaded:overloaded_error'],
      [429, 'rate_limited:rate_limit_error'],
      [200, null],
    ]);
  });

  it('a wrong key gets the real 401 authentication_error body', async () => {
    const { h } = await setup(true);
    await expect(
      createMessage(
        h.gateway,
        { secret: 'sk-ant-wrong-000000000000' },
        { model: 'claude-sonnet-4-5', messages: hello },
      ),
    ).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      retryable: false,
      providerCode: 'authentication_error',
      message: 'invalid x-api-key',
    });
  });

  it('a truncated stream is an estimate with the real input count from message_start', async () => {
    const { fake, h } = await setup(true);
    fake.inject({ type: 'truncate', afterEvents: 5 });
    await expect(streamMessage(h.gateway, cred, { model: 'claude-sonnet-4-5', messages: hello })).rejects.toMatchObject(
      { provider: 'anthropic' },
    );
    expect(h.ledger.rows[0]).toMatchObject({ costSource: 'estimated', units: { input_tokens: 12 } });
  });

  it('a non-JSON 502 from a proxy does not crash and is retried', async () => {
    const { fake, h } = await setup(true);
    fake.inject({
      type: 'status',
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const r = await createMessage(h.gateway, cred, { model: 'claude-sonnet-4-5', messages: hello });
    expect(r.attempts).toBe(2);
  });

  it('models list and health check are free', async () => {
    const { fake, h } = await setup(false);
    const models = await listModels(h.gateway, cred);
    expect(models.value.map((m) => m.id)).toContain('claude-sonnet-4-5-20250929');
    const health = await checkAnthropicHealth(h.gateway, cred);
    expect(health.value.endpoint).toBe('GET /v1/models');
    expect(h.ledger.rows.every((r) => r.costNanos === 0 && r.costSource === 'computed')).toBe(true);
    expect(fake.requests.every((r) => r.method === 'GET' && r.path === '/v1/models')).toBe(true);
  });
});

describe('extractJson', () => {
  it('reads plain and fenced JSON; anything else is malformed_response', () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
    expect(extractJson('Here you go:\n```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(() => extractJson('no json here')).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
  });
});
