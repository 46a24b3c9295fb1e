// A hard budget is a hard stop on every provider: 50 concurrent paid calls against a budget with room for about
// 10 worst cases spend at most the limit (0 nanos over), and the rest are refused before they leave. Free calls
// (a render's status polls) keep working once the budget is spent. Real clients, gateway and cost services
// against the demo fakes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import type { Reservation } from '../../../main/gateway/deps';
import type { GatewayService } from '../../../main/gateway/gateway';
import { PROVIDER_IDS, type ProviderId } from '../../../main/gateway/types';
import { generateVideoV3, getVideoStatus } from '../../../main/providers/heygen/client';
import { startDemoProviders } from '../../../main/providers/demo';
import type { DemoProviders } from '../../../main/providers/registry';
import { PAID_OPERATIONS } from './providers';

const CALLS = 50;
const ROOM_FOR = 10.5;

let demo: DemoProviders;
let dir: string;
let app: AppServices;

beforeEach(async () => {
  // Closed with the app (ProviderAccess.close), so started for each test.
  demo = await startDemoProviders();
  dir = mkdtempSync(join(tmpdir(), 'aicon-money-'));
  app = createApp({
    dataDir: dir,
    mode: 'web',
    demo: true,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    reconcileIntervalMs: 0,
  });
  app.providers.attachDemo(demo);
  // 50 calls in a burst would hit the seed's hourly limits first; this test is about money.
  const ops = ['content_analysis', 'script_generation', 'research', 'voice_generation', 'video_generation'];
  const hourly = Object.fromEntries([...ops, 'messaging', 'enrichment'].map((k) => [k, null]));
  app.cost.limiter.update({
    hourly: { ...app.cost.limiter.limits.hourly, ...hourly },
    defaultHourly: 1_000_000,
    providerRates: Object.fromEntries(PROVIDER_IDS.map((p) => [p, null])),
  });
  // SendGrid and Apollo publish no per-unit price: the user sets theirs ($/email, $/credit).
  for (const provider of ['sendgrid', 'apollo'] as const)
    await app.router.call('prices.createOverride', {
      provider,
      model: '*',
      unit: 'credits',
      usd: provider === 'sendgrid' ? '0.001' : '0.025',
      per: 1,
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The worst case each call reserves, seen on the way in. */
function watchReservations(): number[] {
  const seen: number[] = [];
  const reserve = app.cost.budgets.reserve.bind(app.cost.budgets);
  app.cost.budgets.reserve = (input): Reservation => {
    const r = reserve(input);
    seen.push(r.amountNanos);
    return r;
  };
  return seen;
}

const overshoot: Record<string, number> = {};
afterAll(() => {
  console.log(`hard budget overshoot per provider (nanos over the limit): ${JSON.stringify(overshoot)}`);
});

describe('a hard budget with room for ~10 worst cases, 50 concurrent paid calls', () => {
  it.each(PAID_OPERATIONS.map((op) => [`${op.provider} ${op.name}`, op] as const))(
    '%s: 0 nanos over',
    async (_n, op) => {
      const seen = watchReservations();
      // One call to learn the worst case this operation reserves (and to have some spend already).
      await op.call(app, 0, dir);
      await flush(op.provider);
      const worst = seen[0]!;
      expect(worst).toBeGreaterThan(0);
      const limit = Math.round(worstSpent(app, op.provider) + worst * ROOM_FOR);
      await app.router.call('budgets.create', {
        scope: 'provider',
        scopeId: op.provider,
        period: 'month',
        limitNanos: limit,
        mode: 'hard',
      });
      const outcomes = await Promise.allSettled(Array.from({ length: CALLS }, (_, i) => op.call(app, i + 1, dir)));
      await flush(op.provider);
      const refused = outcomes.filter((o) => o.status === 'rejected');
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'budget_exceeded' });
      const granted = CALLS - refused.length;
      // Room for 10 worst cases: at least 10 go out, and never more than the room allows.
      expect(granted).toBeGreaterThanOrEqual(10);
      const status = app.cost.budgets.status().find((s) => s.budget.scopeId === op.provider)!;
      overshoot[op.provider] = Math.max(0, status.spentNanos - limit);
      expect(status.spentNanos).toBeLessThanOrEqual(limit);
      expect(status.reservedNanos).toBe(0);
    },
  );
});

/** Waits for the gateway's deferred ledger completions and settlements. */
async function flush(provider: ProviderId): Promise<void> {
  await ((await app.providers.target(provider)).gateway as GatewayService).flush();
}

/** Spend so far for the provider this month, from the ledger (the probe call). */
function worstSpent(a: AppServices, provider: string): number {
  const rows = a.db
    .prepare(
      `SELECT COALESCE(SUM(c.cost_nanos), 0) AS s FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.provider = ?`,
    )
    .get(provider) as { s: number };
  return rows.s;
}

describe('a render whose budget runs out while it renders', () => {
  it('still polls its status for free after the budget is spent', async () => {
    const t = await app.providers.target('heygen');
    const submitted = await generateVideoV3(t.gateway, t.credential, {
      type: 'avatar',
      avatar_id: 'Daisy-inskirt-20220818',
      script: 'A short line for the avatar to say.',
      voice_id: '1bd001e7e50f421d891986aad5158bc8',
    });
    await flush('heygen');
    // A hard budget of 1 nano: already exceeded, no room for any paid call.
    await app.router.call('budgets.create', { scope: 'overall', period: 'month', limitNanos: 1, mode: 'hard' });
    await expect(
      generateVideoV3(t.gateway, t.credential, {
        type: 'avatar',
        avatar_id: 'Daisy-inskirt-20220818',
        script: 'Another line.',
        voice_id: '1bd001e7e50f421d891986aad5158bc8',
      }),
    ).rejects.toMatchObject({ code: 'budget_exceeded' });
    const status = await getVideoStatus(t.gateway, t.credential, submitted.value.videoId);
    expect(status.value.status).toMatch(/waiting|pending|processing|completed/);
    expect(status.costNanos).toBe(0);
  });
});
