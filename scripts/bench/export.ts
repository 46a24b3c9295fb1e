// Export benchmark: a ledger of exactly `rows` attempts (default 1M), then every call streamed to CSV through
// the real ExportService (web-mode destination: the data folder's exports/). Measured, never asserted.
// Seeding: four weeks of demo history through the real write path (priced, with rollups), then copied in SQL,
// each copy shifted four weeks further back with fresh ids and call ids, until the ledger holds `rows`. The
// export reads only `calls` rows (keyset on ts, id), so copies are as costly to export as originals.
// Run alone: npx tsx scripts/bench/export.ts [--rows 1000000]   (prints JSON; does not touch bench/results.json)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../main/app';
import { silentLogger } from '../../main/core/logger';
import type { Db } from '../../main/db/database';
import { demoTargetOf, seedDemoData } from '../../main/demo/seed';
import { ExportService } from '../../main/export/exporter';

export interface ExportBenchResult {
  /** Rows in the ledger and in the export (every row is exported). */
  export_rows: number;
  export_seed_s: number;
  export_csv_s: number;
  export_csv_rows_per_s: number;
  export_csv_mb: number;
  /** Seconds to export one million rows to CSV: measured directly when export_rows is 1,000,000. */
  export_1m_rows_s: number;
  export_1m_rows_measured: boolean;
}

const DAY_MS = 86_400_000;
const BLOCK_DAYS = 28;

/** Copies the seeded block back in time until `calls` holds exactly `rows` rows. */
function replicate(db: Db, rows: number): void {
  const columns = db
    .prepare<[], { name: string }>('PRAGMA table_info(calls)')
    .all()
    .map((c) => c.name);
  const { base, maxId } = db
    .prepare<[], { base: number; maxId: number }>('SELECT COUNT(*) AS base, MAX(id) AS maxId FROM calls')
    .get()!;
  if (base === 0) throw new Error('seeding wrote no rows');
  const shifted: Record<string, string> = {
    id: 'id + @offset',
    root_id: 'root_id + @offset',
    ts: 'ts - @shift',
    call_id: "call_id || '~' || @copy",
    provider_request_id: "provider_request_id || '~' || @copy",
  };
  const select = columns.map((c) => shifted[c] ?? c).join(', ');
  const copy = db.prepare(
    `INSERT INTO calls (${columns.join(', ')}) SELECT ${select} FROM calls WHERE id <= @maxId ORDER BY id LIMIT @limit`,
  );
  db.transaction(() => {
    for (let k = 1, have = base; have < rows; k++) {
      const limit = Math.min(base, rows - have);
      copy.run({ offset: k * maxId, shift: k * BLOCK_DAYS * DAY_MS, copy: k, maxId, limit });
      have += limit;
    }
  })();
}

export async function runExportBench(opts: { rows: number }): Promise<ExportBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-export-bench-'));
  const app = createApp({
    dataDir,
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
  });
  try {
    const now = Date.now();
    const s0 = performance.now();
    // ~1,200 calls a day for four weeks: about 30k attempts through the real path.
    seedDemoData(demoTargetOf(app), { days: BLOCK_DAYS, now, callsPerDay: 1_200 });
    replicate(app.db, opts.rows);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const seedS = (performance.now() - s0) / 1000;
    const { n, first } = app.db
      .prepare<[], { n: number; first: number }>('SELECT COUNT(*) AS n, MIN(ts) AS first FROM calls')
      .get()!;
    if (n !== opts.rows) throw new Error(`seeded ${n} rows, wanted ${opts.rows}`);

    const exporter = new ExportService({
      db: app.db,
      profiles: app.cost.ledger.profiles,
      summary: app.cost.summary,
      dataDir,
    });
    const t0 = performance.now();
    const final = await (
      await exporter.start({ kind: 'calls', format: 'csv', from: first, to: now + 1, timeZone: 'UTC' })
    ).done;
    const seconds = (performance.now() - t0) / 1000;
    if (final.state !== 'done') throw new Error(`export failed: ${final.error ?? 'unknown'}`);
    if (final.rowsWritten !== opts.rows) throw new Error(`exported ${final.rowsWritten} rows of ${opts.rows}`);
    return {
      export_rows: final.rowsWritten,
      export_seed_s: Number(seedS.toFixed(2)),
      export_csv_s: Number(seconds.toFixed(2)),
      export_csv_rows_per_s: Math.round(final.rowsWritten / seconds),
      export_csv_mb: Number((statSync(final.path!).size / 1e6).toFixed(1)),
      export_1m_rows_s: Number(((seconds * 1_000_000) / final.rowsWritten).toFixed(2)),
      export_1m_rows_measured: final.rowsWritten === 1_000_000,
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /export\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  void runExportBench({ rows }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
