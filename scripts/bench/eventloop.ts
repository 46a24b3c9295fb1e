// Event-loop blocks at 5M rows: the longest time the main process's loop is held while the dashboard serves
// 365-day, 5-year and 10-year summaries (cold: a fresh closed-day cache each) the way the app serves them
// (block by block, a turn of the loop between), and while a calls export and a 10-year daily export run.
// Measured with perf_hooks' event-loop delay histogram (1 ms resolution); never asserted.
// Run alone: npx tsx scripts/bench/eventloop.ts [--rows 5000000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../../main/db/database';
import { ExportService } from '../../main/export/exporter';
import { ProfileStore } from '../../main/ledger/profiles';
import { SummaryQueries, type SummaryInput } from '../../main/ledger/summary';
import { DAY_MS } from './ledger-data';
import { ledgerFixture } from './ledger-fixture';

const round = (x: number) => Number(x.toFixed(1));

export async function runEventLoopBench(opts: {
  rows: number;
  exportDays?: number;
}): Promise<Record<string, number | string>> {
  const fixture = ledgerFixture(opts.rows);
  const db = openDatabase(fixture.file, { readonly: true });
  db.pragma('cache_size = -131072');
  const profiles = new ProfileStore(db);
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-eventloop-'));
  const h = monitorEventLoopDelay({ resolution: 1 });
  const worst: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  let exported = 0;
  /**
   * The longest CPU time between two turns of the loop (load-independent; the wall figure grows with load): a
   * ticker re-queued with setImmediate runs once per turn and reads this process's CPU time each time.
   */
  const stepCpu: Record<string, number> = {};
  const tick = async (name: string, running: () => boolean) => {
    let last = process.cpuUsage();
    while (running()) {
      await new Promise((r) => setImmediate(r));
      const c = process.cpuUsage(last);
      stepCpu[name] = Math.max(stepCpu[name] ?? 0, (c.user + c.system) / 1000);
      last = process.cpuUsage();
    }
  };
  /** Runs `work` with the histogram reset; records the worst delay (ms) and the CPU time it took. */
  const watch = async (name: string, work: () => Promise<unknown>) => {
    // Let the monitor's timer settle before measuring.
    await new Promise((r) => setTimeout(r, 20));
    h.reset();
    let running = true;
    const ticker = tick(name, () => running);
    const c0 = process.cpuUsage();
    await work();
    running = false;
    await ticker;
    await new Promise((r) => setTimeout(r, 5));
    const c = process.cpuUsage(c0);
    worst[name] = round(h.max / 1e6);
    cpu[name] = round((c.user + c.system) / 1000);
  };
  h.enable();
  try {
    const end = fixture.end;
    const tz = 'America/New_York';
    const filters: Array<Partial<SummaryInput>> = [{}, { provider: 'openai' }, { model: 'gpt-4o' }];
    for (const [name, days] of [
      ['365d', 365],
      ['5y', 5 * 365],
      ['10y', 3_650],
    ] as const)
      await watch(`summary_${name}`, async () => {
        for (const f of filters) {
          // A fresh cache per summary: the first request of a day, the costliest one.
          const summary = new SummaryQueries(db, profiles);
          await summary.summaryYielding({ from: end - days * DAY_MS, to: end, timeZone: tz, ...f });
        }
      });
    const exporter = new ExportService({ db, profiles, summary: new SummaryQueries(db, profiles), dataDir });
    const exportDays = opts.exportDays ?? 7;
    await watch('export_calls', async () => {
      const done = await (
        await exporter.start({ kind: 'calls', format: 'csv', from: end - exportDays * DAY_MS, to: end, timeZone: tz })
      ).done;
      exported = done.rowsWritten;
    });
    await watch('export_daily_10y', async () => {
      await (await exporter.start({ kind: 'daily', format: 'csv', from: end - 3_650 * DAY_MS, to: end, timeZone: tz }))
        .done;
    });
  } finally {
    h.disable();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const [worstName, worstMs] = Object.entries(worst).reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    event_loop_rows: fixture.rows,
    event_loop_worst_block_ms: worstMs,
    event_loop_worst_during: worstName,
    event_loop_export_rows: exported,
    ...Object.fromEntries(Object.entries(worst).map(([k, v]) => [`event_loop_block_${k}_ms`, v])),
    ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [`event_loop_cpu_${k}_ms`, v])),
    event_loop_worst_step_cpu_ms: round(Math.max(...Object.values(stepCpu))),
    ...Object.fromEntries(Object.entries(stepCpu).map(([k, v]) => [`event_loop_step_cpu_${k}_ms`, round(v)])),
  };
}

if (process.argv[1] && /eventloop\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 5_000_000;
  void runEventLoopBench({ rows }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
