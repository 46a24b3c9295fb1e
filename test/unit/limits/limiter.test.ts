import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../main/ledger/ledger';
import { firstAttemptsSince } from '../../../main/ledger/reads';
import { DEFAULT_LIMITS, LimitsConfigStore } from '../../../main/limits/config';
import { LimiterService } from '../../../main/limits/limiter';
import { refusal } from '../../helpers/app-error';
import { attempt, tempDb, type TempDb } from '../ledger/support';

let t: TempDb;
let limiter: LimiterService;
const T0 = Date.UTC(2026, 5, 1, 12);

beforeEach(() => {
  t = tempDb();
  limiter = new LimiterService(new LimitsConfigStore(t.db));
});
afterEach(() => t.dispose());

const call = (
  operation: string,
  now: number,
  extra: { provider?: 'openai' | 'exa' | 'apollo'; integrationId?: string | null } = {},
) =>
  limiter.acquire({ provider: extra.provider ?? 'openai', operation, integrationId: extra.integrationId ?? null, now });

describe('hourly limits per account', () => {
  it('uses the seed limits and refuses the next call with when it may run', () => {
    expect(DEFAULT_LIMITS.hourly).toMatchObject({
      content_analysis: 100,
      script_generation: 50,
      voice_generation: 20,
      video_generation: 10,
      research: 30,
    });
    for (let i = 0; i < 10; i++) call('video_generation', T0 + i * 60_000);
    const e = refusal(() => call('video_generation', T0 + 30 * 60_000));
    expect(e.code).toBe('rate_limited');
    // The oldest of the last 10 calls leaves the window one hour after it started.
    expect(e.details).toMatchObject({
      retryAt: new Date(T0 + 3_600_000).toISOString(),
      limit: 'hourly',
      operation: 'video_generation',
      perHour: 10,
    });
    expect(e.message).toMatch(/10 calls per hour.*2026-06-01T13:00:00.000Z \(in 30 min\)/);
    expect(() => call('video_generation', T0 + 3_600_000)).not.toThrow();
  });

  it('does not refuse the 11th embeddings call (or other known operations) in an hour by default', () => {
    for (let i = 0; i < 11; i++) call('embeddings', T0 + i * 1_000);
    for (const op of ['transcription', 'enrichment', 'asset_upload', 'avatar_creation'])
      for (let i = 0; i < 11; i++) call(op, T0 + i * 1_000);
    expect(() => call('embeddings', T0 + 20_000)).not.toThrow();
  });

  it('adds operations new in the defaults to a config saved before them, keeping the saved values', () => {
    const store = new LimitsConfigStore(t.db);
    store.save({ hourly: { video_generation: 2 }, defaultHourly: 10, providerRates: {} });
    expect(store.load().hourly).toMatchObject({ video_generation: 2, embeddings: DEFAULT_LIMITS.hourly.embeddings });
  });

  it('counts accounts separately, limits other operations at 10, and leaves health checks unlimited', () => {
    for (let i = 0; i < 20; i++) call('voice_generation', T0, { integrationId: 'a' });
    expect(refusal(() => call('voice_generation', T0, { integrationId: 'a' })).code).toBe('rate_limited');
    expect(() => call('voice_generation', T0, { integrationId: 'b' })).not.toThrow();
    for (let i = 0; i < 10; i++) call('translate', T0);
    expect(refusal(() => call('translate', T0)).details).toMatchObject({ perHour: 10 });
    for (let i = 0; i < 500; i++) call('health', T0);
  });

  it('is configurable and persists its settings', () => {
    limiter.update({ hourly: { ...DEFAULT_LIMITS.hourly, video_generation: 2 }, defaultHourly: 3 });
    call('video_generation', T0);
    call('video_generation', T0);
    expect(refusal(() => call('video_generation', T0)).details).toMatchObject({ perHour: 2 });
    const reloaded = new LimiterService(new LimitsConfigStore(t.db));
    expect(reloaded.limits).toMatchObject({ defaultHourly: 3, hourly: { video_generation: 2 } });
    expect(() => limiter.update({ defaultHourly: 0 })).toThrow(/default hourly/);
    expect(() => limiter.update({ hourly: { 'Bad Name': 1 } })).toThrow(/operation name/);
  });

  it('rebuilds the last hour from the ledger after a restart', () => {
    const ledger = new Ledger(t.db);
    for (let i = 0; i < 10; i++)
      ledger.recordAttempt(attempt({ ts: T0 - 10 * 60_000 + i, operation: 'video_generation' }));
    ledger.recordAttempt(attempt({ ts: T0 - 2 * 3_600_000, operation: 'video_generation' }));
    const restarted = new LimiterService(new LimitsConfigStore(t.db));
    restarted.seedFromLedger(firstAttemptsSince(t.db, T0 - 3_600_000));
    expect(
      refusal(() =>
        restarted.acquire({ provider: 'openai', operation: 'video_generation', integrationId: null, now: T0 }),
      ).code,
    ).toBe('rate_limited');
  });
});

describe('provider buckets', () => {
  it('refuses before the provider would say 429, from what its headers said, until the reset', () => {
    limiter.learn('openai', null, { requestsRemaining: 2, requestsResetAt: T0 + 20_000 }, T0);
    call('content_analysis', T0);
    call('content_analysis', T0);
    const e = refusal(() => call('content_analysis', T0 + 1_000));
    expect(e.details).toMatchObject({
      limit: 'provider',
      window: 'requests',
      retryAt: new Date(T0 + 20_000).toISOString(),
    });
    expect(() => call('content_analysis', T0 + 20_000)).not.toThrow();
  });

  it('blocks on exhausted tokens and on named windows without a reset time (Apollo hourly)', () => {
    limiter.learn('openai', 'k1', { tokensRemaining: 0, tokensResetAt: T0 + 6_000 }, T0);
    expect(refusal(() => call('content_analysis', T0, { integrationId: 'k1' })).details).toMatchObject({
      window: 'tokens',
    });
    expect(() => call('content_analysis', T0, { integrationId: 'k2' })).not.toThrow();
    limiter.learn('apollo', null, { windows: { hourly: { remaining: 0 } } }, T0);
    expect(refusal(() => call('enrichment', T0, { provider: 'apollo' })).details).toMatchObject({
      retryAt: new Date(T0 + 3_600_000).toISOString(),
    });
  });

  it('paces a configured request rate (Exa 10 per second) and refills over time', () => {
    limiter.update({ hourly: { research: null } });
    for (let i = 0; i < 10; i++) call('research', T0, { provider: 'exa', integrationId: 'k' });
    // 0.1 s later one token has refilled.
    expect(refusal(() => call('research', T0 + 50, { provider: 'exa', integrationId: 'k' })).details).toMatchObject({
      limit: 'provider_rate',
      retryAt: new Date(T0 + 100).toISOString(),
    });
    expect(() => call('research', T0 + 100, { provider: 'exa', integrationId: 'k' })).not.toThrow();
    // Buckets are per account (key).
    expect(() => call('research', T0 + 100, { provider: 'exa', integrationId: 'other' })).not.toThrow();
    limiter.update({ providerRates: { exa: { perSecond: 1, burst: 1 } } });
    call('research', T0, { provider: 'exa' });
    expect(refusal(() => call('research', T0 + 500, { provider: 'exa' })).details).toMatchObject({
      retryAt: new Date(T0 + 1_000).toISOString(),
    });
    expect(() => call('research', T0 + 1_000, { provider: 'exa' })).not.toThrow();
  });

  it('does not consume anything when it refuses', () => {
    limiter.update({ hourly: { x: 1 } });
    limiter.learn('openai', null, { requestsRemaining: 1, requestsResetAt: T0 + 60_000 }, T0);
    call('x', T0);
    expect(() => call('x', T0)).toThrow();
    expect(limiter.snapshot(T0).learned[0]!.windows).toEqual([
      { name: 'requests', remaining: 0, resetAt: new Date(T0 + 60_000).toISOString() },
    ]);
    expect(limiter.snapshot(T0).usage).toEqual([
      {
        account: 'provider:openai',
        operation: 'x',
        used: 1,
        limit: 1,
        resetsAt: new Date(T0 + 3_600_000).toISOString(),
      },
    ]);
  });
});
