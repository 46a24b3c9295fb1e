import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { defaultShouldFallBack, withFallback } from '../../../main/gateway/fallback';
import { ProviderError, type GatewayResult, type ProviderId } from '../../../main/gateway/types';
import { json, text } from '../../helpers/fake-http';
import { parseChat, recorded, startHarness, type Harness } from '../../helpers/gateway-harness';

const served = (provider: ProviderId): GatewayResult<string> => ({
  value: `from ${provider}`,
  callId: `call-${provider}`,
  attempts: 1,
  costNanos: 1,
  costSource: 'computed',
  provider,
  model: null,
  latencyMs: 1,
});
const fail = (e: unknown) => () => Promise.reject(e);
const perr = (kind: ProviderError['kind']) => new ProviderError({ provider: 'openai', kind, message: kind });

describe('withFallback', () => {
  it('moves on after provider failures and reports who served and why the others failed', async () => {
    const overloaded = perr('overloaded');
    const r = await withFallback([
      { provider: 'openai', run: fail(overloaded) },
      { provider: 'anthropic', run: async () => served('anthropic') },
    ]);
    expect(r).toMatchObject({
      servedBy: 'anthropic',
      value: 'from anthropic',
      failures: [{ provider: 'openai', error: overloaded }],
    });
  });

  it('does not fall back on a budget stop, bad input, a cancelled call or a bug', async () => {
    for (const error of [
      new AppError('budget_exceeded', 'cap'),
      new AppError('invalid_input', 'x'),
      perr('bad_request'),
      perr('content_policy'),
      perr('aborted'),
      new TypeError('bug'),
    ]) {
      let second = false;
      await expect(
        withFallback([
          { provider: 'openai', run: fail(error) },
          {
            provider: 'anthropic',
            run: async () => {
              second = true;
              return served('anthropic');
            },
          },
        ]),
      ).rejects.toBe(error);
      expect(second).toBe(false);
    }
  });

  it('falls back on our own rate limit and on quota/auth failures; a custom rule can override', async () => {
    expect(defaultShouldFallBack(new AppError('rate_limited', 'hourly'))).toBe(true);
    expect(defaultShouldFallBack(perr('quota'))).toBe(true);
    expect(defaultShouldFallBack(perr('auth'))).toBe(true);
    await expect(
      withFallback(
        [
          { provider: 'openai', run: fail(perr('server')) },
          { provider: 'anthropic', run: async () => served('anthropic') },
        ],
        () => false,
      ),
    ).rejects.toMatchObject({ kind: 'server' });
  });

  it('throws the last error when every provider fails', async () => {
    const last = perr('timeout');
    await expect(
      withFallback([
        { provider: 'openai', run: fail(perr('server')) },
        { provider: 'anthropic', run: fail(last) },
      ]),
    ).rejects.toBe(last);
  });
});

describe('withFallback through the gateway', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('OpenAI out of quota -> Anthropic serves; both calls are ledgered under their own provider', async () => {
    h = await startHarness({ alsoProviders: ['anthropic'] });
    h.server.on(
      'POST /v1/test',
      text(429, recorded('openai/error-429.insufficient_quota.json'), { 'content-type': 'application/json' }),
    );
    h.server.on('POST /anthropic/test', json(200, JSON.parse(recorded('openai/chat-completion.gpt-4.1-nano.json'))));
    const r = await withFallback([
      { provider: 'openai', run: () => h.gateway.json(h.req({ provider: 'openai' }), parseChat) },
      { provider: 'anthropic', run: () => h.gateway.json(h.req({ provider: 'anthropic' }), parseChat) },
    ]);
    expect(r.servedBy).toBe('anthropic');
    expect(r.failures.map((f) => [f.provider, (f.error as ProviderError).kind])).toEqual([['openai', 'quota']]);
    expect(h.ledger.rows.map((x) => [x.provider, x.status])).toEqual([
      ['openai', 429],
      ['anthropic', 200],
    ]);
    expect(h.budgets.open.size).toBe(0);
  });
});
