// Ledger benchmark. Ingest: the same generated attempts written by the ledger's batched path (rows + rollups,
// one transaction per batch) and by bare better-sqlite3 (prepared INSERT of the same rows into the same table,
// same batches): the ratio is what the ledger's bookkeeping costs. Dashboard: every summary the dashboard issues
// (each preset period under each filter) on the cached 5M-row fixture, plus a 365-day and a 5-year custom range.
// Measured, never asserted. Run alone: npx tsx scripts/bench/ledger.ts [--rows 5000000]   (prints JSON)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../main/db/database';
import { migrate } from '../../main/db/migrator';
import { migrations } from '../../main/db/migrations';
import type { AttemptRecord } from '../../main/gateway/deps';
import { CALL_COLUMNS, Ledger } from '../../main/ledger/ledger';
import { ProfileStore } from '../../main/ledger/profiles';
import { SummaryQueries, type SummaryInput } from '../../main/ledger/summary';
import { localDayPeriod, localMonthPeriod } from '../../main/ledger/timezones';
import { cleanUnits, unitValues } from '../../main/ledger/units';
import { attemptBatches, DAY_MS } from './ledger-data';
import { ledgerFixture } from './ledger-fixture';

export interface LedgerBenchOptions {
  /** Rows of the fixture the dashboard queries run on. */
  rows: number;
  /** Rows written by each ingest path. */
  ingestRows?: number;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;
const round = (x: number, d = 2) => Number(x.toFixed(d));

function timed(fn: () => unknown, runs: number): number[] {
  fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Bare better-sqlite3: the same rows into the same `calls` table, one prepared INSERT, one transaction per batch. */
function bareWriter(db: Db): (batch: readonly AttemptRecord[]) => void {
  const profiles = new ProfileStore(db);
  // The same columns the ledger fills, less root_id (no retries among these rows).
  const cols = CALL_COLUMNS.filter((c) => c !== 'root_id');
  const insert = db.prepare(`INSERT INTO calls (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  return db.transaction((batch: readonly AttemptRecord[]) => {
    for (const r of batch)
      insert.run(
        profiles.idFor(r),
        r.callId,
        r.attempt,
        r.ts,
        r.status,
        r.latencyMs,
        r.requestBytes,
        r.responseBytes,
        r.errorCode,
        r.errorMessage ?? null,
        ...unitValues(cleanUnits(r.units)),
        r.costNanos,
        r.costSource,
        r.priceVersion,
        0,
        r.providerRequestId,
        r.jobId,
        r.contentId,
        r.meta ? JSON.stringify(r.meta) : null,
      );
  });
}

export function ingest(rows: number): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-ingest-'));
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const batches = [...attemptBatches(rows, end, 1_000)];
  try {
    const open = (name: string) => {
      const db = openDatabase(join(dir, name));
      migrate(db, migrations);
      return db;
    };
    const ledgerDb = open('ledger.sqlite');
    const bareDb = open('bare.sqlite');
    const ledger = new Ledger(ledgerDb);
    const bare = bareWriter(bareDb);
    // Alternate batches between the two paths so both see the same machine load.
    let ledgerMs = 0;
    let bareMs = 0;
    for (const batch of batches) {
      let t0 = performance.now();
      ledger.recordAttempts(batch);
      ledgerMs += performance.now() - t0;
      t0 = performance.now();
      bare(batch);
      bareMs += performance.now() - t0;
    }
    ledgerDb.close();
    bareDb.close();
    const ledgerRate = rows / (ledgerMs / 1000);
    const bareRate = rows / (bareMs / 1000);
    return {
      ledger_ingest_rows: rows,
      ledger_ingest_rows_per_s: Math.round(ledgerRate),
      ledger_ingest_bare_rows_per_s: Math.round(bareRate),
      ledger_ingest_vs_bare: round(ledgerRate / bareRate),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function dashboard(rows: number): Record<string, number | string> {
  const fixture = ledgerFixture(rows);
  const db = openDatabase(fixture.file, { readonly: true });
  // The app's main connection gets a bigger page cache than the 2 MB default.
  db.pragma('cache_size = -131072');
  const summary = new SummaryQueries(db, new ProfileStore(db));
  const end = fixture.end;
  const tz = 'America/New_York';
  const periods: Array<[string, number]> = [
    ['today', localDayPeriod(tz, end - 1).start],
    ['7d', localDayPeriod(tz, end - 6 * DAY_MS).start],
    ['30d', localDayPeriod(tz, end - 29 * DAY_MS).start],
    ['90d', localDayPeriod(tz, end - 89 * DAY_MS).start],
    ['mtd', localMonthPeriod(tz, end - 1).start],
  ];
  const filters: Array<[string, Partial<SummaryInput>]> = [
    ['all', {}],
    ['provider', { provider: 'openai' }],
    ['model', { model: 'gpt-4o' }],
    ['operation', { operation: 'research' }],
    ['key', { integrationId: 'oa-main' }],
    ['provider+model', { provider: 'anthropic', model: 'claude-sonnet-4-5' }],
  ];
  const slowest = { ms: 0, query: '' };
  // This process's CPU time per summary (not inflated when other processes share the cores), per range kind.
  const cpu: Record<string, number[]> = { presets: [], '365d': [], '5y': [] };
  const measure = (label: string, from: number, filter: Partial<SummaryInput>, into: number[]) => {
    const kind = label.startsWith('365d') ? '365d' : label.startsWith('5y') ? '5y' : 'presets';
    const runs = timed(() => {
      const c0 = process.cpuUsage();
      summary.summary({ from, to: end, timeZone: tz, ...filter });
      const c = process.cpuUsage(c0);
      cpu[kind]?.push((c.user + c.system) / 1000);
    }, 5);
    into.push(...runs);
    const p = percentile(runs, 0.95);
    if (p > slowest.ms) Object.assign(slowest, { ms: p, query: label });
  };
  const presets: number[] = [];
  const year: number[] = [];
  const fiveYears: number[] = [];
  try {
    for (const [period, from] of periods)
      for (const [name, f] of filters) measure(`${period}/${name}`, from, f, presets);
    for (const [name, f] of filters) measure(`365d/${name}`, end - 365 * DAY_MS, f, year);
    for (const [name, f] of filters) measure(`5y/${name}`, end - 5 * 365 * DAY_MS, f, fiveYears);
  } finally {
    db.close();
  }
  return {
    dashboard_rows: fixture.rows,
    dashboard_presets_p95_ms: round(percentile(presets, 0.95)),
    dashboard_365d_p95_ms: round(percentile(year, 0.95)),
    dashboard_5y_p95_ms: round(percentile(fiveYears, 0.95)),
    dashboard_slowest: `${slowest.query} ${round(slowest.ms)} ms`,
    dashboard_presets_cpu_p95_ms: round(percentile(cpu.presets ?? [0], 0.95)),
    dashboard_365d_cpu_p95_ms: round(percentile(cpu['365d'] ?? [0], 0.95)),
    dashboard_5y_cpu_p95_ms: round(percentile(cpu['5y'] ?? [0], 0.95)),
  };
}

export function runLedgerBench(opts: LedgerBenchOptions): Record<string, number | string> {
  return { ...ingest(opts.ingestRows ?? 200_000), ...dashboard(opts.rows) };
}

if (process.argv[1] && /ledger\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 5_000_000;
  console.log(JSON.stringify(runLedgerBench({ rows, ingestRows: Math.min(rows, 200_000) }), null, 2));
}
