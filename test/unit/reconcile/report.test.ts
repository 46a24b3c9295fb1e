// The reconcile report on demo data: every kind of drift shows, each row's parts add up to its difference,
// and the ledger side equals the raw rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTargetOf, seedDemoData } from '../../../main/demo/seed';
import { sumParts } from '../../../main/reconcile/drift';
import { runReportCli } from '../../../scripts/report';
import type { ReconcileOverview } from '../../../preload/contract/reconcile';
import { createTestApp, type TestApp } from '../../helpers/app';

const NOW = Date.parse('2026-11-20T15:30:00Z');
let app: TestApp;

beforeAll(() => {
  app = createTestApp();
  seedDemoData(demoTargetOf(app), { days: 60, now: NOW, callsPerDay: 150 });
});
afterAll(async () => {
  await app.dispose();
});

const json = (argv: string[]): ReconcileOverview => {
  const { code, out } = runReportCli(['reconcile', '--data-dir', app.dataDir, '--json', ...argv], NOW);
  expect(code).toBe(0);
  return JSON.parse(out) as ReconcileOverview;
};

describe('npm run report -- reconcile', () => {
  it('shows drift of every kind on the demo data, parts adding up to each difference', () => {
    const o = json([]);
    expect(o.period).toBe('2026-11');
    const withVendor = o.rows.filter((r) => r.differenceNanos !== null);
    for (const r of withVendor) expect(sumParts(r.parts!), r.provider).toBe(r.differenceNanos);
    const total = (k: keyof NonNullable<ReconcileOverview['rows'][number]['parts']>) =>
      withVendor.some((r) => (r.parts?.[k] ?? 0) !== 0);
    expect(total('outsideApp')).toBe(true);
    expect(total('unmodelledFees')).toBe(true);
    expect(total('stillEstimated')).toBe(true);
    expect(total('priceDifferences')).toBe(true);
    const byProvider = Object.fromEntries(o.rows.map((r) => [r.provider, r]));
    expect(byProvider.openrouter?.settled.count).toBeGreaterThan(0);
    expect(byProvider.twilio?.outsideCalls).toBe(14);
    expect(byProvider.anthropic?.state).toBe('not_offered');
    expect(byProvider.exa?.state).toBe('per_call');
    // Last month: ElevenLabs' free tier.
    const prev = json(['--month', '2026-10']).rows.find((r) => r.provider === 'elevenlabs');
    expect(prev?.parts?.freeTierCredits).toBeLessThan(0);
    expect(o.balances.map((b) => b.provider).sort()).toEqual([
      'apollo',
      'elevenlabs',
      'heygen',
      'openrouter',
      'twilio',
    ]);
    expect(o.balances.find((b) => b.provider === 'heygen')?.state).toBe('warning');
  });

  it('the ledger column equals the raw rows of the window', () => {
    const o = json([]);
    const raw = app.db
      .prepare(
        `SELECT COALESCE(SUM(c.cost_nanos), 0) AS n FROM calls c JOIN call_profiles p ON p.id = c.profile_id
         WHERE p.provider = 'twilio' AND c.ts >= ? AND c.ts < ?`,
      )
      .get(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)) as { n: number };
    expect(o.rows.find((r) => r.provider === 'twilio')?.ledgerNanos).toBe(raw.n);
  });

  it('prints the drift table and the balances', () => {
    const { code, out } = runReportCli(['reconcile', '--data-dir', app.dataDir], NOW);
    expect(code).toBe(0);
    expect(out).toMatch(/AICON Studio reconciliation — 2026-11/);
    expect(out).toMatch(/Outside AICON/);
    expect(out).toMatch(/runs out on/);
    expect(runReportCli(['reconcile', '--data-dir', app.dataDir, '--month', '2026-13'], NOW).code).toBe(1);
    console.log(out);
  });
});
