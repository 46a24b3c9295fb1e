// A large synthetic ledger for the benches, built once and cached under bench/.cache (gitignored): rows go in
// through prepared statements in one transaction, the four rollup tables are then summed from them in SQL (the
// same sums the ledger's writer keeps). A cached file is migrated on open, so new indexes land in the cache too.
// Writers must work on a copy (`copyLedgerFixture`); readers may open the cached file itself.
// Run alone: npx tsx scripts/bench/ledger-fixture.ts --rows 5000000
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../main/db/database';
import { migrate } from '../../main/db/migrator';
import { migrations } from '../../main/db/migrations';
import { redactSecrets } from '../../main/core/redact';
import { ProfileStore } from '../../main/ledger/profiles';
import {
  LATENCY_BOUNDS_MS,
  LATENCY_COLUMNS,
  PROVIDER_ROLLUP_COLUMNS,
  ROLLUP_VALUE_COLUMNS,
} from '../../main/ledger/rollups';
import { CALL_COLUMNS } from '../../main/ledger/ledger';
import { cleanUnits, UNIT_COLUMNS, unitValues } from '../../main/ledger/units';
import { attemptBatches } from './ledger-data';

/** Bump when ledger-data.ts or the way rows are written changes: older cached files are then rebuilt. */
const FIXTURE_VERSION = 3;
export const CACHE_DIR = resolve(__dirname, '../../bench/.cache');

export interface LedgerFixture {
  file: string;
  rows: number;
  /** The instant the synthetic history ends (its "now"): queries and budgets are relative to it. */
  end: number;
  /** Seconds it took to build (0 when it came from the cache). */
  buildS: number;
}

/** SQL for one rollup value column summed over raw `calls` rows (the same deltas as main/ledger/rollups.ts). */
function rawSum(column: string): string {
  switch (column) {
    case 'attempts':
      return 'COUNT(*)';
    case 'calls':
      return 'SUM(attempt = 1)';
    case 'errors':
      return 'SUM(error_code IS NOT NULL)';
    case 'priced':
      return 'SUM(cost_nanos IS NOT NULL)';
    case 'unpriced':
      return 'SUM(cost_nanos IS NULL)';
    case 'estimated':
      return "SUM(cost_source = 'estimated')";
    case 'reported':
      return "SUM(cost_source = 'provider_reported')";
    case 'cost_nanos':
      return 'SUM(COALESCE(cost_nanos, 0))';
    case 'latency_sum_ms':
      return 'SUM(latency_ms)';
    case 'request_bytes':
      return 'SUM(COALESCE(request_bytes, 0))';
    case 'response_bytes':
      return 'SUM(response_bytes)';
  }
  if (UNIT_COLUMNS.includes(column)) return `SUM(COALESCE(${column}, 0))`;
  const i = LATENCY_COLUMNS.indexOf(column);
  if (i >= 0) {
    const lo = i === 0 ? null : LATENCY_BOUNDS_MS[i - 1]!;
    const hi = LATENCY_BOUNDS_MS[i]!;
    const conds = [lo === null ? null : `latency_ms >= ${lo}`, Number.isFinite(hi) ? `latency_ms < ${hi}` : null];
    return `SUM(${conds.filter(Boolean).join(' AND ')})`;
  }
  throw new Error(`No raw sum for rollup column ${column}`);
}

function build(file: string, rows: number, end: number): void {
  // No journal while building a throw-away file (a failed build is deleted); WAL is switched on at the end.
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  migrate(db, migrations);
  // Indexes are built once after the rows are in (a sort per index), not updated row by row.
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
    )
    .all();
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  const profiles = new ProfileStore(db);
  const cols = CALL_COLUMNS;
  const insert = db.prepare(`INSERT INTO calls (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const errorText = db.prepare('INSERT INTO calls_error_text (rowid, text) VALUES (?, ?)');
  const redactedAuth = redactSecrets('Incorrect API key provided: sk-proj-****************abcd.');
  db.transaction(() => {
    let lastRoot = 0;
    for (const batch of attemptBatches(rows, end)) {
      for (const r of batch) {
        const profileId = profiles.idFor(r);
        const message = r.errorCode === 'auth' ? redactedAuth : (r.errorMessage ?? null);
        const id = Number(
          insert.run(
            profileId,
            r.callId,
            r.attempt > 1 ? lastRoot : null,
            r.attempt,
            r.ts,
            r.status,
            r.latencyMs,
            r.requestBytes,
            r.responseBytes,
            r.errorCode,
            message,
            ...unitValues(cleanUnits(r.units)),
            r.costNanos,
            r.costSource,
            r.priceVersion,
            r.costSource === 'estimated' ? 1 : 0,
            r.providerRequestId,
            r.jobId,
            r.contentId,
            r.meta ? JSON.stringify(r.meta) : null,
          ).lastInsertRowid,
        );
        if (r.attempt === 1) lastRoot = id;
        if (r.errorCode) errorText.run(id, `${r.errorCode} ${message ?? ''}`);
      }
    }
    for (const ix of indexes) db.exec(ix.sql);
    const values = ROLLUP_VALUE_COLUMNS;
    db.exec(`INSERT INTO call_rollups_hourly (hour, profile_id, ${values.join(', ')})
      SELECT ts / 3600000 AS hour, profile_id, ${values.map(rawSum).join(', ')} FROM calls GROUP BY hour, profile_id`);
    db.exec(`INSERT INTO call_rollups_daily (day, profile_id, ${values.join(', ')})
      SELECT hour / 24 AS day, profile_id, ${values.map((c) => `SUM(${c})`).join(', ')}
      FROM call_rollups_hourly GROUP BY day, profile_id`);
    const p = PROVIDER_ROLLUP_COLUMNS;
    db.exec(`INSERT INTO call_rollups_provider_hourly (hour, provider, ${p.join(', ')})
      SELECT h.hour, pr.provider, ${p.map((c) => `SUM(h.${c})`).join(', ')}
      FROM call_rollups_hourly h JOIN call_profiles pr ON pr.id = h.profile_id GROUP BY h.hour, pr.provider`);
    db.exec(`INSERT INTO call_rollups_total_hourly (hour, ${p.join(', ')})
      SELECT hour, ${p.map((c) => `SUM(${c})`).join(', ')} FROM call_rollups_provider_hourly GROUP BY hour`);
  })();
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
}

/** The cached fixture with `rows` attempts (built on first use); migrated to the current schema. */
export function ledgerFixture(rows: number): LedgerFixture {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `ledger-v${FIXTURE_VERSION}-${rows}.sqlite`);
  const metaFile = `${file}.json`;
  let buildS = 0;
  if (!existsSync(file) || !existsSync(metaFile)) {
    const t0 = performance.now();
    // Whole hours, so a day's hours all belong to one fixture.
    const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const tmp = `${file}.building`;
    rmSync(tmp, { force: true });
    build(tmp, rows, end);
    renameSync(tmp, file);
    writeFileSync(metaFile, JSON.stringify({ rows, end }));
    buildS = (performance.now() - t0) / 1000;
  }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { rows: number; end: number };
  const db = openDatabase(file);
  if (migrate(db, migrations).length > 0) db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file, rows: meta.rows, end: meta.end, buildS: Number(buildS.toFixed(1)) };
}

/** A private copy of the fixture for a bench that writes (the cache stays pristine). */
export function copyLedgerFixture(rows: number, dir: string): LedgerFixture {
  const f = ledgerFixture(rows);
  const file = join(dir, `ledger-${rows}.sqlite`);
  copyFileSync(f.file, file);
  return { ...f, file };
}

if (process.argv[1] && /ledger-fixture\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 5_000_000;
  console.log(JSON.stringify(ledgerFixture(rows)));
}
