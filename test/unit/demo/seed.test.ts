// Demo seeding: all ten providers, a realistic mix, rollups that agree with the raw rows, deterministic.
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../../main/gateway/types';
import { DEMO_SEEDED_SETTING, seedDemoData, seedDemoIfEmpty } from '../../../main/demo/seed';
import { isLedgerEmpty } from '../../../main/ledger/reads';
import { createTestApp, type TestApp } from '../../helpers/app';

const NOW = Date.parse('2026-11-20T15:30:00Z');
let apps: TestApp[] = [];
const fresh = () => {
  const app = createTestApp();
  apps.push(app);
  return app;
};
afterEach(() => {
  for (const a of apps) a.dispose();
  apps = [];
});
const seed = (app: TestApp, days = 90) =>
  seedDemoData(
    { db: app.db, ledger: app.cost.ledger, pricer: app.cost.pricer, settings: app.settings },
    { days, now: NOW },
  );

type Raw = {
  provider: string;
  attempts: number;
  calls: number;
  errors: number;
  cost: number;
  unpriced: number;
  reported: number;
};

describe('seedDemoData', () => {
  it('writes 90 days across all ten providers whose rollup summary equals the raw sums', () => {
    const app = fresh();
    const result = seed(app);
    expect(result.attempts).toBeGreaterThan(20_000);
    expect(app.settings.get(DEMO_SEEDED_SETTING, false)).toBe(true);
    const raw = app.db
      .prepare<[], Raw>(
        `SELECT p.provider, COUNT(*) AS attempts, SUM(c.attempt = 1) AS calls,
           SUM(c.error_code IS NOT NULL OR c.status >= 400 OR c.status IS NULL) AS errors,
           SUM(COALESCE(c.cost_nanos, 0)) AS cost, SUM(c.cost_source = 'unpriced') AS unpriced,
           SUM(c.cost_source = 'provider_reported') AS reported
         FROM calls c JOIN call_profiles p ON p.id = c.profile_id GROUP BY p.provider ORDER BY p.provider`,
      )
      .all();
    expect(raw.map((r) => r.provider).sort()).toEqual([...PROVIDER_IDS].sort());
    const summary = app.cost.summary.summary({ from: NOW - 100 * 86_400_000, to: NOW, timeZone: 'Europe/Berlin' });
    for (const r of raw) {
      const p = summary.byProvider.find((b) => b.provider === r.provider)!;
      expect({
        provider: p.provider,
        attempts: p.attempts,
        calls: p.calls,
        errors: p.errors,
        cost: p.costNanos,
        unpriced: p.unpricedAttempts,
        reported: p.reportedAttempts,
      }).toEqual(r);
    }
    const totalCost = raw.reduce((s, r) => s + r.cost, 0);
    expect(summary.totals.costNanos).toBe(totalCost);
    expect(summary.byDay.reduce((s, d) => s + d.costNanos, 0)).toBe(totalCost);
    // The mix the screens need: some errors, retries, unpriced calls and provider-reported costs.
    const share = (n: number) => n / summary.totals.attempts;
    expect(share(summary.totals.errors)).toBeGreaterThan(0.02);
    expect(share(summary.totals.unpricedAttempts)).toBeGreaterThan(0.01);
    expect(summary.totals.reportedAttempts).toBeGreaterThan(0);
    expect(summary.totals.attempts).toBeGreaterThan(summary.totals.calls);
    expect(totalCost).toBeGreaterThan(0);
  });

  it('spreads calls over the hours of each day, inside the range and before now', () => {
    const app = fresh();
    const r = seed(app, 3);
    const hours = app.db
      .prepare<[], { h: number; n: number }>(
        'SELECT (ts / 3600000) % 24 AS h, COUNT(*) AS n FROM calls WHERE attempt = 1 GROUP BY h',
      )
      .all();
    expect(hours.length).toBeGreaterThan(18);
    const range = app.db
      .prepare<[], { lo: number; hi: number }>('SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM calls WHERE attempt = 1')
      .get()!;
    expect(range.lo).toBeGreaterThanOrEqual(Date.parse(r.from));
    expect(range.hi).toBeLessThan(NOW);
    // The last (partial) day has calls too.
    expect(range.hi).toBeGreaterThan(NOW - 6 * 3_600_000);
  });

  it('is deterministic for a seed and a clock', () => {
    const a = fresh();
    const b = fresh();
    seed(a, 5);
    seed(b, 5);
    const rows = (app: TestApp) =>
      app.db.prepare('SELECT call_id, attempt, ts, status, cost_nanos, cost_source FROM calls ORDER BY id').all();
    expect(rows(a)).toEqual(rows(b));
  });

  it('seeds only an empty ledger', () => {
    const app = fresh();
    const target = { db: app.db, ledger: app.cost.ledger, pricer: app.cost.pricer, settings: app.settings };
    expect(isLedgerEmpty(app.db)).toBe(true);
    expect(seedDemoIfEmpty(target, { days: 2, now: NOW })).not.toBeNull();
    expect(seedDemoIfEmpty(target, { days: 2, now: NOW })).toBeNull();
  });
});

describe('the app offers demo history only while the ledger is empty', () => {
  const web = { kind: 'web', authenticated: true } as const;

  it('reports an empty ledger, seeds on request, then refuses a second time with a conflict', async () => {
    const app = fresh();
    const status = async () => {
      const r = await app.router.dispatch(web, 'system.status', {});
      if (!r.ok) throw new Error(r.error.message);
      return (r.data as { history: { empty: boolean; demoSeeded: boolean } }).history;
    };
    expect(await status()).toEqual({ empty: true, demoSeeded: false });
    const seeded = await app.router.dispatch(web, 'system.seedDemo', {});
    expect(seeded.ok).toBe(true);
    expect(seeded.ok && (seeded.data as { attempts: number }).attempts).toBeGreaterThan(20_000);
    expect(await status()).toEqual({ empty: false, demoSeeded: true });
    const again = await app.router.dispatch(web, 'system.seedDemo', {});
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
