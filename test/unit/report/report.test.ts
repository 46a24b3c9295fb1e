// The terminal report reads a seeded database read-only and agrees with the raw ledger rows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/browser';
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

  it('--help explains the reports and options instead of crashing; unknown flags say what is wrong', () => {
    for (const args of [['--help'], ['-h'], ['daily', '--help']]) {
      const help = runReportCli(args);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/^Usage: npm run report -- \[daily\|monthly\|providers\|models\|clients\|reconcile\]/);
      expect(help.out).toContain('--breakdown');
      expect(help.out).toContain('--json');
    }
    // The command itself (scripts/report.sh runs this file with tsx): prints the help and exits 0.
    const cli = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'scripts/report.ts'), '--help'],
      {
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^Usage: npm run report/);
    const bad = runReportCli(['daily', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/frobnicate[\s\S]*Usage:/);
  });

  it('monthly in December covers the twelve months ending with it, not 23', () => {
    const db = openDatabase(app.dbPath, { readonly: true });
    try {
      const december = Date.parse('2026-12-15T12:00:00Z');
      const r = buildReport(db, { kind: 'monthly', timeZone: 'UTC', now: december });
      expect(r.from.slice(0, 10)).toBe('2026-01-01');
      const november = buildReport(db, { kind: 'monthly', timeZone: 'UTC', now: NOW });
      expect(november.from.slice(0, 10)).toBe('2025-12-01');
    } finally {
      db.close();
    }
  });

  it("per-model rows with token columns, and --breakdown puts each period's models under it", () => {
    const db = openDatabase(app.dbPath, { readonly: true });
    try {
      const models = buildReport(db, { kind: 'models', since: '2026-11-01', timeZone: 'UTC', now: NOW });
      const sonnet = models.rows.find((r) => r.key === 'anthropic · claude-sonnet-4-5');
      expect(sonnet?.tokens?.input).toBeGreaterThan(0);
      expect(sonnet?.tokens?.output).toBeGreaterThan(0);
      expect(models.rows.reduce((s, r) => s + r.costNanos, 0)).toBe(models.totals.costNanos);
      expect(models.rows.reduce((s, r) => s + (r.tokens?.input ?? 0), 0)).toBe(models.totals.tokens?.input);
      const text = renderReport(models);
      expect(text).toMatch(
        /│ Model\s+│ Calls │ Errors │ Error % │\s+p50 │\s+p95 │\s+Input │\s+Output │ Cache read │ Cache write │ Cost \(USD\) │ Unpriced │/,
      );
      expect(text).toMatch(/│ anthropic · claude-sonnet-4-5\s+│\s+[\d,]+ │/);

      const daily = buildReport(db, { kind: 'daily', since: '2026-11-18', timeZone: 'UTC', now: NOW, breakdown: true });
      for (const day of daily.rows) {
        expect(day.models?.length).toBeGreaterThan(3);
        expect(day.models?.reduce((s, m) => s + m.costNanos, 0)).toBe(day.costNanos);
        expect(day.models?.reduce((s, m) => s + (m.tokens?.output ?? 0), 0)).toBe(day.tokens?.output);
      }
      const out = runReportCli(
        ['daily', '--breakdown', '--since', '2026-11-19', '--data-dir', app.dataDir, '--tz', 'UTC'],
        NOW,
      );
      expect(out.out).toMatch(/│ 2026-11-19 [\s\S]*│ {3}└ openai · gpt-4o-mini\s+│/);
      const json = JSON.parse(
        runReportCli(['models', '--json', '--data-dir', app.dataDir, '--tz', 'UTC'], NOW).out,
      ) as Report;
      expect(json.kind).toBe('models');
      expect(json.rows[0]?.tokens).toEqual(
        expect.objectContaining({ input: expect.any(Number), cacheRead: expect.any(Number) }),
      );
    } finally {
      db.close();
    }
  });
});
