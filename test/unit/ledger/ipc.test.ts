// The cost channels through the real router (input and output validated against the contract).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sender } from '../../../main/core/router';
import { createTestApp, type TestApp } from '../../helpers/app';

const web: Sender = { kind: 'web', authenticated: true };
let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(() => app.dispose());

async function call(channel: string, input: unknown) {
  const r = await app.router.dispatch(web, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as never;
}

describe('cost IPC channels', () => {
  it('serves summaries, the call list and one call from gateway-shaped ledger rows', async () => {
    const now = Date.now();
    const quote = app.cost.pricer.price({
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      units: { input_tokens: 1_000, cached_input_tokens: 1_000, output_tokens: 100 },
      at: new Date(now),
    });
    const id = app.cost.ledger.recordAttempt({
      callId: 'c1',
      attempt: 1,
      ts: now,
      provider: 'openai',
      operation: 'content_analysis',
      endpoint: 'chat.completions',
      method: 'POST',
      model: 'gpt-4o-2024-08-06',
      status: 200,
      latencyMs: 850.5,
      requestBytes: 900,
      responseBytes: 3_000,
      errorCode: null,
      units: { input_tokens: 1_000, cached_input_tokens: 1_000, output_tokens: 100 },
      ...quote,
      providerRequestId: 'req_1',
      integrationId: null,
      jobId: 'job-1',
      contentId: null,
      meta: { service_tier: 'default' },
    });
    const summary: { totals: { costNanos: number; attempts: number }; byDay: unknown[] } = await call(
      'ledger.summary',
      {
        from: new Date(now - 86_400_000).toISOString(),
        to: new Date(now + 3_600_000).toISOString(),
        timeZone: 'Europe/Berlin',
      },
    );
    expect(summary.totals).toMatchObject({ attempts: 1, costNanos: 2_500_000 + 1_250_000 + 1_000_000 }); // gpt-4o: 2.5 / 1.25 / 10 per M
    expect(summary.byDay.length).toBeGreaterThanOrEqual(1);

    const page: { rows: Array<{ id: number; units: unknown }>; nextCursor: string | null } = await call(
      'ledger.calls',
      { q: 'gpt-4o', limit: 10 },
    );
    expect(page.rows.map((r) => r.id)).toEqual([id]);
    const detail: { call: { meta: unknown; jobId: string } } = await call('ledger.call', { id });
    expect(detail.call).toMatchObject({ meta: { service_tier: 'default' }, jobId: 'job-1' });
    expect((await app.router.dispatch(web, 'ledger.call', { id: 999 })).ok).toBe(false);
    expect(await app.router.dispatch(web, 'ledger.summary', { from: 'x', to: 'y', timeZone: 'UTC' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it("answers the dashboard's first screen in one call: the same summary, month totals and budgets as three", async () => {
    const now = Date.UTC(2026, 4, 20, 15);
    const rows = [
      { ts: Date.UTC(2026, 3, 28, 10), provider: 'openai' as const, costNanos: 7_000, costSource: 'computed' as const },
      { ts: Date.UTC(2026, 4, 2, 9), provider: 'openai' as const, costNanos: 11_000, costSource: 'computed' as const },
      {
        ts: Date.UTC(2026, 4, 19, 23),
        provider: 'exa' as const,
        costNanos: 5_000,
        costSource: 'provider_reported' as const,
      },
      { ts: Date.UTC(2026, 4, 20, 14), provider: 'exa' as const, costNanos: null, costSource: 'unpriced' as const },
    ];
    for (const [i, r] of rows.entries())
      app.cost.ledger.recordAttempt({
        callId: `d${i}`,
        attempt: 1,
        ts: r.ts,
        provider: r.provider,
        operation: 'research',
        endpoint: 'search',
        method: 'POST',
        model: null,
        status: 200,
        latencyMs: 100,
        requestBytes: 10,
        responseBytes: 10,
        errorCode: null,
        units: { requests: 1 },
        costNanos: r.costNanos,
        costSource: r.costSource,
        priceVersion: r.costNanos === null ? null : 'test',
        providerRequestId: null,
        integrationId: null,
        jobId: null,
        contentId: null,
        meta: null,
      });
    await call('budgets.create', {
      scope: 'provider',
      scopeId: 'exa',
      period: 'month',
      limitNanos: 1_000_000,
      mode: 'hard',
      thresholds: [80],
    });
    const period = { from: new Date(Date.UTC(2026, 3, 21)).toISOString(), to: new Date(now).toISOString() };
    const month = { from: new Date(Date.UTC(2026, 4, 1)).toISOString(), to: new Date(now).toISOString() };
    for (const filter of [{}, { provider: 'exa' }]) {
      const one: { summary: unknown; month: unknown; budgets: unknown } = await call('ledger.dashboard', {
        ...period,
        month,
        timeZone: 'UTC',
        ...filter,
      });
      const summary: unknown = await call('ledger.summary', { ...period, timeZone: 'UTC', ...filter });
      const mtd: { totals: { costNanos: number; unpricedAttempts: number } } = await call('ledger.summary', {
        ...month,
        timeZone: 'UTC',
        ...filter,
      });
      expect(one.summary).toEqual(summary);
      expect(one.month).toEqual({ costNanos: mtd.totals.costNanos, unpricedAttempts: mtd.totals.unpricedAttempts });
      expect(one.budgets).toEqual(await call('budgets.status', {}));
    }
    const all: { month: { costNanos: number; unpricedAttempts: number } } = await call('ledger.dashboard', {
      ...period,
      month,
      timeZone: 'UTC',
    });
    expect(all.month).toEqual({ costNanos: 16_000, unpricedAttempts: 1 });
  });

  it('manages budgets and emits budget.alert on the event bus', async () => {
    const events: Array<[string, unknown]> = [];
    app.events.subscribe((name, payload) => events.push([name, payload]));
    app.cost.ledger.recordAttempt({
      callId: 'c2',
      attempt: 1,
      ts: Date.now(),
      provider: 'anthropic',
      operation: 'script_generation',
      endpoint: 'messages',
      method: 'POST',
      model: 'claude-haiku-4-5',
      status: 200,
      latencyMs: 10,
      requestBytes: 1,
      responseBytes: 1,
      errorCode: null,
      units: { output_tokens: 1 },
      costNanos: 600_000_000,
      costSource: 'computed',
      priceVersion: 'x',
      providerRequestId: null,
      integrationId: null,
      jobId: null,
      contentId: null,
      meta: null,
    });
    const b: { id: number; thresholds: number[] } = await call('budgets.create', {
      scope: 'provider',
      scopeId: 'anthropic',
      period: 'month',
      limitNanos: 1_000_000_000,
      mode: 'hard',
    });
    expect(b.thresholds).toEqual([50, 80, 100]);
    // Budget edits also announce `budget.changed` (screens refresh); the alert is the one crossing of 50%.
    expect(events.filter(([name]) => name === 'budget.alert')).toEqual([
      ['budget.alert', expect.objectContaining({ budgetId: b.id, threshold: 50, spentNanos: 600_000_000 })],
    ]);
    expect(events.filter(([name]) => name !== 'budget.alert' && name !== 'budget.changed')).toEqual([]);
    const status: Array<{ percentUsed: number }> = await call('budgets.status', {});
    expect(status[0]!.percentUsed).toBe(60);
    const alerts: unknown[] = await call('budgets.alerts', {});
    expect(alerts).toHaveLength(1);
    expect(await call('budgets.update', { id: b.id, limitNanos: 2_000_000_000 })).toMatchObject({
      limitNanos: 2_000_000_000,
    });
    expect(await call('budgets.delete', { id: b.id })).toEqual({ deleted: true });
  });

  it('lists prices, edits overrides, previews and applies re-pricing, and reads/sets limits', async () => {
    const list: { entries: unknown[]; total: number } = await call('prices.list', {
      provider: 'openai',
      q: 'gpt-4o-mini',
      limit: 5,
    });
    expect(list.entries.length).toBeGreaterThan(0);
    const o: { id: number; usd: string } = await call('prices.createOverride', {
      provider: 'heygen',
      model: '*',
      unit: 'credits',
      usd: '0.99',
      per: 1,
      effectiveFrom: '2026-01-01T00:00:00Z',
      note: 'Pro plan',
    });
    expect(o.usd).toBe('0.99');
    expect(await call('prices.updateOverride', { id: o.id, usd: '0.5' })).toMatchObject({ usd: '0.5' });
    expect(
      (
        await app.router.dispatch(web, 'prices.createOverride', {
          provider: 'heygen',
          model: '*',
          unit: 'credits',
          usd: 'abc',
          per: 1,
          effectiveFrom: '2026-01-01T00:00:00Z',
        })
      ).ok,
    ).toBe(false);
    const range = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    expect(await call('prices.repricePreview', range)).toMatchObject({ applied: false });
    expect(await call('prices.repriceApply', range)).toMatchObject({ applied: true });
    expect(await call('prices.deleteOverride', { id: o.id })).toEqual({ deleted: true });

    const limits: { hourly: Record<string, number | null> } = await call('limits.get', {});
    expect(limits.hourly.content_analysis).toBe(100);
    const set: { defaultHourly: number } = await call('limits.set', {
      defaultHourly: 12,
      providerRates: { exa: null },
    });
    expect(set).toMatchObject({ defaultHourly: 12, providerRates: { exa: null } });
    expect((await app.router.dispatch(web, 'limits.set', { providerRates: { nope: null } })).ok).toBe(false);
  });
});
