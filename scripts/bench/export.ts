// Export benchmark: seeds demo history of about `rows` attempts, then streams every call to CSV.
// Reports the measured time and the time scaled to one million rows (`export_1m_rows_s`).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../main/app';
import { silentLogger } from '../../main/core/logger';
import { demoTargetOf, seedDemoData } from '../../main/demo/seed';
import { ExportService } from '../../main/export/exporter';

export interface ExportBenchResult {
  export_rows: number;
  export_csv_s: number;
  export_csv_mb: number;
  export_1m_rows_s: number;
}

/** The demo generator averages ~0.75 of `callsPerDay` over a range and ~1.06 attempts per call. */
const ROWS_PER_CALL_DAY = 0.8;

export async function runExportBench(opts: { rows: number }): Promise<ExportBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-export-bench-'));
  const app = createApp({ dataDir, mode: 'web', logger: silentLogger, isTrustedSender: () => true, healthCheckIntervalMs: 0 });
  try {
    const days = 365;
    const now = Date.now();
    seedDemoData(demoTargetOf(app), { days, now, callsPerDay: Math.ceil(opts.rows / (days * ROWS_PER_CALL_DAY)) });
    const exporter = new ExportService({ db: app.db, profiles: app.cost.ledger.profiles, summary: app.cost.summary, dataDir });
    const t0 = performance.now();
    const final = await (await exporter.start({ kind: 'calls', format: 'csv', from: now - (days + 1) * 86_400_000, to: now + 1, timeZone: 'UTC' })).done;
    const seconds = (performance.now() - t0) / 1000;
    if (final.state !== 'done') throw new Error(`export failed: ${final.error ?? 'unknown'}`);
    return {
      export_rows: final.rowsWritten,
      export_csv_s: Number(seconds.toFixed(2)),
      export_csv_mb: Number((statSync(final.path!).size / 1e6).toFixed(1)),
      export_1m_rows_s: Number(((seconds * 1_000_000) / final.rowsWritten).toFixed(2)),
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
