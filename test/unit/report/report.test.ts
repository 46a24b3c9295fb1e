// The terminal report reads a seeded database read-only and agrees with the raw ledger rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTargetOf, seedDemoData } from '../../../main/demo/seed';
import { openDatabase } from '../../../main/db/database';
import { buildReport, renderReport, runReportCli, type Report } from '../../../scripts/report';
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

const rawTotals = (from: number) =>
  app.db
    .prepare<[number, number], { attempts: number; calls: number; cost: number; unpriced: number }>(
      `SELECT COUNT(*) AS attempts, SUM(attempt = 1) AS calls, SUM(COALESCE(cost_nanos, 0)) AS cost, SUM(cost_source = 'unpriced') AS unpriced
       FROM calls WHERE ts >= ? AND ts < ?`,
    )
    .get(from, NOW)!;

describe('report', () => {
  it('providers, daily and monthly totals equal the raw sums over the same range', () => {
    const db = openDatabase(app.dbPath, { readonly: true });
    try {
      for (const kind of ['providers', 'daily', 'monthly'] as const) {
        const r = buildReport(db, { kind, since: '2026-10-01', timeZone: 'Europe/Berlin', now: NOW });
        const raw = rawTotals(Date.parse('2026-09-30T22:00:00Z'));
        expect({
          attempts: r.totals.attempts,
          calls: r.totals.calls,
          cost: r.totals.costNanos,
          unpriced: r.totals.unpriced,
        }).toEqual(raw);
        expect(r.rows.reduce((s, x) => s + x.costNanos, 0)).toBe(raw.cost);
        expect(r.rows.reduce((s, x) => s + x.attempts, 0)).toBe(raw.attempts);
      }
      const providers = buildReport(db, { kind: 'providers', since: '2026-10-01', timeZone: 'UTC', now: NOW });
      expect(providers.rows).toHaveLength(10);
      const monthly = buildReport(db, { kind: 'monthly', since: '2026-10-01', timeZone: 'UTC', now: NOW });
      expect(monthly.rows.map((r) => r.key)).toEqual(['2026-10', '2026-11']);
    } finally {
      db.close();
    }
  });

  it('prints a table with totals and flags unpriced attempts, or JSON with --json', () => {
    const text = runReportCli(['providers', '--since', '2026-11-01', '--data-dir', app.dataDir, '--tz', 'UTC'], NOW);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/┌─+┬/);
    expect(text.out).toMatch(/│ Total\s+│/);
    expect(text.out).toMatch(/│ sendgrid\s+│.*│\s+unpriced │/);
    expect(text.out).toMatch(/Costs exclude [\d,]+ unpriced attempts/);
    const json = runReportCli(
      ['daily', '--json', '--since', '2026-11-14', '--data-dir', app.dataDir, '--tz', 'UTC'],
      NOW,
    );
    const parsed = JSON.parse(json.out) as Report;
    expect(parsed.rows.map((r) => r.key)).toEqual([
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(renderReport(parsed)).toContain('2026-11-20');
  });

  it('explains bad input instead of crashing', () => {
    expect(runReportCli(['weekly', '--data-dir', app.dataDir])).toMatchObject({
      code: 2,
      out: expect.stringMatching(/Unknown report/),
    });
    expect(runReportCli(['daily', '--since', '11/01/2026', '--data-dir', app.dataDir])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/YYYY-MM-DD/),
    });
    expect(runReportCli(['daily', '--data-dir', '/nonexistent-aicon'])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/No database/),
    });
  });
});
