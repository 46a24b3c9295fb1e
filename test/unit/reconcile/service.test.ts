// The service around the adapters: offline is a typed state, the schedule runs (and leaves seeded demo
// figures alone), admin keys are checked before they are stored and never come back over IPC.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:net';
import { startOpenRouterFake } from '../../../main/providers/openrouter/fake';
import { createTestApp, type TestApp } from '../../helpers/app';
import { startRig, type Rig } from './support';

let rig: Rig | null = null;
let app: TestApp | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await rig?.close();
  await app?.dispose();
  rig = app = null;
});

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('ReconcileService', () => {
  it('no connection is the typed state "offline" with no vendor figure', async () => {
    rig = startRig({
      baseUrls: { openrouter: `http://127.0.0.1:${await deadPort()}/api/v1` },
      credentials: { openrouter: { secret: 'sk-or-v1-anything-0123456789' } },
    });
    rig.cost.ledger.recordAttempt({
      callId: 'c1',
      attempt: 1,
      ts: rig.clock.now,
      provider: 'openrouter',
      operation: 'content_analysis',
      endpoint: 'chat.completions',
      method: 'POST',
      model: 'openai/gpt-4o-mini',
      status: 200,
      latencyMs: 10,
      requestBytes: 10,
      responseBytes: 10,
      errorCode: null,
      units: { input_tokens: 10 },
      costNanos: 1_000,
      costSource: 'provider_reported',
      priceVersion: 'reported',
      providerRequestId: 'gen-abc',
      integrationId: null,
      jobId: null,
      contentId: null,
      meta: null,
    });
    await rig.service.refresh({ provider: 'openrouter' });
    const row = (await rig.service.overview()).rows.find((r) => r.provider === 'openrouter');
    expect(row).toMatchObject({ state: 'offline', vendorNanos: null, differenceNanos: null, ledgerNanos: 1_000 });
  });

  it('runs on its schedule, and skips seeded demo history', async () => {
    const fake = await startOpenRouterFake({ apiKey: 'sk-or-v1-k-0123456789abcdef' });
    try {
      rig = startRig({
        baseUrls: { openrouter: fake.baseUrl },
        credentials: { openrouter: { secret: 'sk-or-v1-k-0123456789abcdef' } },
      });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      rig.service.startSchedule(3_600_000, 1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      await rig.service.refresh(); // joins the scheduled run
      expect(
        rig.service.store.latestFetch('openrouter', new Date(rig.clock.now).toISOString().slice(0, 7))?.state,
      ).toBe('ok');
      // Read through the current rig: it is replaced below.
      const fetches = () => {
        if (!rig) throw new Error('no rig');
        return (rig.t.db.prepare('SELECT COUNT(*) AS n FROM reconcile_fetches').get() as { n: number }).n;
      };
      const after = fetches();
      await vi.advanceTimersByTimeAsync(3_600_000);
      await rig.service.refresh();
      expect(fetches()).toBeGreaterThan(after);

      // Seeded demo history: the scheduled tick leaves the figures alone.
      await rig.close();
      rig = startRig({
        baseUrls: { openrouter: fake.baseUrl },
        credentials: { openrouter: { secret: 'sk-or-v1-k-0123456789abcdef' } },
        demoSeeded: true,
      });
      rig.service.startSchedule(3_600_000, 1_000);
      await vi.advanceTimersByTimeAsync(2 * 3_600_000);
      expect(fetches()).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('IPC: overview and refresh validate input; admin keys are format-checked and only their suffix returns', async () => {
    app = createTestApp();
    const call = (channel: string, input: unknown) =>
      app?.router.dispatch({ kind: 'web', authenticated: true }, channel, input);
    const overview = (await call('reconcile.overview', {})) as { ok: boolean; data: { rows: unknown[] } };
    expect(overview.ok).toBe(true);
    expect(overview.data.rows).toHaveLength(10);
    expect(await call('reconcile.overview', { period: '2026-13' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('reconcile.refresh', { provider: 'not-a-vendor' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      await call('reconcile.setAdminKey', { provider: 'openai', key: 'sk-proj-notAnAdminKey0123456789' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const set = (await call('reconcile.setAdminKey', {
      provider: 'openai',
      key: 'sk-admin-abcdefghijklmnopqrstuvwxyz9876',
    })) as { ok: boolean; data: unknown };
    expect(set).toEqual({ ok: true, data: { provider: 'openai', present: true, maskedSuffix: '9876' } });
    expect(JSON.stringify(await call('reconcile.overview', {}))).not.toContain('abcdefghijklmnop');
    expect(await call('reconcile.removeAdminKey', { provider: 'openai' })).toEqual({
      ok: true,
      data: { provider: 'openai', present: false, maskedSuffix: '' },
    });
    expect(await call('reconcile.setWarnPercent', { provider: 'heygen', percent: 30 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('past months', () => {
  it('a vendor that reports only its current cycle keeps the past month as it was fetched', async () => {
    rig = startRig({ baseUrls: {}, credentials: {}, now: Date.UTC(2026, 10, 20) });
    const good = {
      window: { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) },
      vendorNanos: 0,
      known: {},
      remainderIsOutside: false,
      fees: [],
      outsideCalls: null,
      units: null,
      settledNow: 0,
      balance: null,
      message: 'read while it was current',
      notes: [],
    };
    rig.service.store.recordFetch('elevenlabs', '2026-10', Date.UTC(2026, 9, 30), { state: 'ok', reading: good });
    await rig.service.refresh({ period: '2026-10', provider: 'elevenlabs' });
    expect((await rig.service.overview('2026-10')).rows.find((r) => r.provider === 'elevenlabs')).toMatchObject({
      state: 'ok',
      message: 'read while it was current',
    });
    await rig.service.refresh({ period: '2026-09', provider: 'heygen' });
    expect((await rig.service.overview('2026-09')).rows.find((r) => r.provider === 'heygen')).toMatchObject({
      state: 'not_offered',
      vendorNanos: null,
    });
  });
});
