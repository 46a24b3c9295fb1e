// `npm run bench`: runs every benchmark section in turn and writes bench/results.json: the raw figures, and each
// figure that has a goal (issue 15's table) beside it with "ok" or "short". Numbers are measured, never asserted;
// a section that fails records its error and the run goes on. The machine's load is recorded around each section
// (the machine may be shared: a loaded one makes every latency longer).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

type Section = { name: string; run: () => Promise<object> | object };
type Figures = Record<string, unknown>;

/** A goal: the figure's key, the bound, and which side of it is good. */
interface Goal {
  key: string;
  what: string;
  max?: number;
  min?: number;
  unit: string;
}

const GOALS: Goal[] = [
  {
    key: 'gateway_overhead_p50_ms_no_budget',
    what: 'Gateway added latency p50, no budget, empty ledger',
    max: 0.1,
    unit: 'ms',
  },
  {
    key: 'gateway_overhead_p99_ms_no_budget',
    what: 'Gateway added latency p99, no budget, empty ledger',
    max: 0.5,
    unit: 'ms',
  },
  { key: 'gateway_overhead_p50_ms_two_budgets', what: '… p50 with two hard budgets', max: 0.1, unit: 'ms' },
  { key: 'gateway_overhead_p99_ms_two_budgets', what: '… p99 with two hard budgets', max: 0.5, unit: 'ms' },
  {
    key: 'gateway_overhead_p50_ms_two_budgets_1m',
    what: '… p50 with two budgets and a 1M-row ledger',
    max: 0.1,
    unit: 'ms',
  },
  {
    key: 'gateway_overhead_p99_ms_two_budgets_1m',
    what: '… p99 with two budgets and a 1M-row ledger',
    max: 0.5,
    unit: 'ms',
  },
  {
    key: 'gateway_throughput_16_rps_no_budget',
    what: 'Throughput at 16 in flight, no budget',
    min: 10_000,
    unit: 'req/s',
  },
  {
    key: 'gateway_throughput_16_rps_two_budgets',
    what: 'Throughput at 16 in flight, two budgets',
    min: 10_000,
    unit: 'req/s',
  },
  {
    key: 'gateway_throughput_16_rps_two_budgets_1m',
    what: 'Throughput at 16 in flight, two budgets, 1M ledger',
    min: 10_000,
    unit: 'req/s',
  },
  { key: 'call_log_worst_p95_ms', what: 'Call log page at 5M rows, worst filter combination p95', max: 50, unit: 'ms' },
  {
    key: 'dashboard_presets_p95_ms',
    what: 'Dashboard presets (today … 90 days, MTD) x filters at 5M, p95',
    max: 50,
    unit: 'ms',
  },
  { key: 'dashboard_365d_p95_ms', what: 'Dashboard 365-day range at 5M, p95', max: 50, unit: 'ms' },
  { key: 'dashboard_5y_p95_ms', what: 'Dashboard custom 5-year range at 5M, p95', max: 50, unit: 'ms' },
  {
    key: 'event_loop_worst_block_ms',
    what: 'Worst event-loop block: 365d/5y/10y summaries and exports at 5M',
    max: 50,
    unit: 'ms',
  },
  { key: 'report_5m_ms', what: 'Report daily --json at 5M calls (built script)', max: 500, unit: 'ms' },
  { key: 'report_5m_rss_mb', what: 'Report peak RSS at 5M calls', max: 200, unit: 'MB' },
  { key: 'report_1m_ms', what: 'Report daily --json at 1M calls (built script)', max: 500, unit: 'ms' },
  { key: 'cold_start_repeat_ms', what: 'Web mode to first painted chart, restart', max: 1_500, unit: 'ms' },
  { key: 'cold_start_first_ms', what: 'Web mode to first painted chart, first start', max: 3_000, unit: 'ms' },
  { key: 'ledger_ingest_vs_bare', what: 'Batched ledger ingest vs bare better-sqlite3', min: 0.9, unit: 'x' },
  {
    key: 'upload_2gb_rss_growth_mb',
    what: 'RSS growth: 2 GB recording uploaded (web mode) + audio extracted',
    max: 64,
    unit: 'MB',
  },
];

const quick = process.argv.includes('--quick');
const sections: Section[] = [
  {
    name: 'gateway',
    run: async () =>
      (await import('./gateway')).runGatewayBench({
        calls: quick ? 2_000 : 5_000,
        throughputCalls: quick ? 1_000 : 3_000,
        ledgerRows: quick ? 200_000 : 1_000_000,
      }),
  },
  {
    name: 'calllog',
    run: async () => (await import('./calllog')).runCallLogBench({ rows: quick ? 200_000 : 5_000_000 }),
  },
  {
    name: 'ledger',
    run: async () =>
      (await import('./ledger')).runLedgerBench({
        rows: quick ? 200_000 : 5_000_000,
        ingestRows: quick ? 50_000 : 200_000,
      }),
  },
  {
    name: 'eventloop',
    run: async () => (await import('./eventloop')).runEventLoopBench({ rows: quick ? 200_000 : 5_000_000 }),
  },
  {
    name: 'report',
    run: async () => (await import('./report')).runReportBench({ sizes: quick ? [200_000] : [1_000_000, 5_000_000] }),
  },
  { name: 'coldstart', run: async () => (await import('./coldstart')).runColdStartBench() },
  { name: 'export', run: async () => (await import('./export')).runExportBench({ rows: quick ? 100_000 : 1_000_000 }) },
  {
    name: 'local-gateway',
    run: async () =>
      (await import('./local-gateway')).runLocalGatewayBench({
        calls: quick ? 300 : 3_000,
        throughputRequests: quick ? 1_000 : 5_000,
      }),
  },
  { name: 'telemetry', run: async () => (await import('./telemetry')).runTelemetryBench({ calls: 10_000 }) },
  {
    name: 'upload',
    run: () =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [...process.execArgv, '--expose-gc', join(__dirname, 'upload-cli.ts'), ...(quick ? ['--quick'] : [])],
          { encoding: 'utf8', maxBuffer: 1024 * 1024 },
        ),
      ) as object,
  },
];

function verdicts(figures: Figures) {
  return GOALS.map((g) => {
    const value = figures[g.key];
    const measured = typeof value === 'number';
    const ok = measured && (g.max === undefined || value <= g.max) && (g.min === undefined || value >= g.min);
    const goal = g.max !== undefined ? `≤ ${g.max} ${g.unit}` : `≥ ${g.min} ${g.unit}`;
    return {
      key: g.key,
      what: g.what,
      value: measured ? value : null,
      goal,
      status: measured ? (ok ? 'ok' : 'short') : 'not measured',
    };
  });
}

async function main(): Promise<void> {
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const figures: Figures = {};
  const load: Record<string, number[]> = {};
  const results: Record<string, unknown> = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    startedAt: new Date().toISOString(),
    quick,
  };
  for (const s of sections) {
    if (only && !only.includes(s.name)) continue;
    const t0 = performance.now();
    const before = loadavg()[0]!;
    process.stdout.write(`bench: ${s.name} … `);
    try {
      const r = await s.run();
      Object.assign(figures, r);
      figures[`${s.name}_section_s`] = Number(((performance.now() - t0) / 1000).toFixed(1));
      console.log(JSON.stringify(r));
    } catch (e) {
      figures[`${s.name}_error`] = e instanceof Error ? e.message : String(e);
      console.log(`failed: ${String(figures[`${s.name}_error`])}`);
    }
    load[s.name] = [Number(before.toFixed(2)), Number(loadavg()[0]!.toFixed(2))];
  }
  const goals = verdicts(figures);
  console.log('\nFigure'.padEnd(72), 'Value'.padStart(12), 'Goal'.padStart(14), ' Status');
  for (const g of goals)
    console.log(g.what.padEnd(71), String(g.value ?? '—').padStart(12), g.goal.padStart(14), ` ${g.status}`);
  Object.assign(results, {
    finishedAt: new Date().toISOString(),
    loadAverage1m: load,
    goals,
    figures,
  });
  const out = join(__dirname, '../../bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `bench: wrote ${join(out, 'results.json')} (load average before/after each section: ${JSON.stringify(load)})`,
  );
}

void main();
