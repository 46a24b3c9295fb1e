// Call log on a 5M-row ledger: every combination of the filters the Call log offers (provider, model,
// operation, key, status, cost source, search, job scope), first page and the next one, at the UI's page size.
// Reports the p95 per combination and the worst one. Measured, never asserted.
// Run alone: npx tsx scripts/bench/calllog.ts [--rows 5000000]
import { callListInputSchema, type CallListInput } from '../../preload/contract/ledger';
import { openDatabase } from '../../main/db/database';
import { CallQueries } from '../../main/ledger/call-queries';
import { ProfileStore } from '../../main/ledger/profiles';
import { COST_SOURCES } from '../../main/gateway/types';
import { ledgerFixture } from './ledger-fixture';

/** The Call log's page size (renderer/src/pages/CallLogPage.tsx). */
const PAGE_SIZE = 200;

export interface CallLogBenchResult {
  call_log_rows: number;
  call_log_combinations: number;
  /** The worst per-combination p95 (first and second page, warm). */
  call_log_worst_p95_ms: number;
  call_log_worst_combination: string;
  /** Median over all combinations of their p95. */
  call_log_median_p95_ms: number;
  /** Combinations whose p95 is above 50 ms. */
  call_log_over_50ms: number;
  /** The worst per-combination p95 of this process's CPU time per page (not inflated by other processes). */
  call_log_worst_cpu_p95_ms: number;
}

const OWNERS: Array<[string, Partial<CallListInput>]> = [
  ['all', {}],
  ['provider=openai', { provider: 'openai' }],
  ['provider=twilio', { provider: 'twilio' }],
  ['model=claude-haiku-4-5', { model: 'claude-haiku-4-5' }],
  ['operation=research', { operation: 'research' }],
  ['key=oa-team', { integrationId: 'oa-team' }],
];
const STATUSES = [undefined, 'ok', 'error'] as const;
const SEARCHES = [undefined, 'rate limit', 'sonnet'] as const;
const JOBS = [undefined, 'job-12345'] as const;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;
const round = (x: number) => Number(x.toFixed(2));

export function runCallLogBench(opts: { rows: number; runs?: number }): CallLogBenchResult {
  const fixture = ledgerFixture(opts.rows);
  const db = openDatabase(fixture.file, { readonly: true });
  db.pragma('cache_size = -131072');
  const calls = new CallQueries(db, new ProfileStore(db));
  const runs = opts.runs ?? 3;
  const p95s: Array<[string, number]> = [];
  let worstCpu = 0;
  try {
    for (const [owner, ownerFilter] of OWNERS)
      for (const status of STATUSES)
        for (const costSource of [undefined, ...COST_SOURCES])
          for (const q of SEARCHES)
            for (const jobId of JOBS) {
              const base = {
                ...ownerFilter,
                ...(status ? { status } : {}),
                ...(costSource ? { costSource } : {}),
                ...(q ? { q } : {}),
                ...(jobId ? { jobId } : {}),
                limit: PAGE_SIZE,
              };
              const first = callListInputSchema.parse(base);
              const times: number[] = [];
              const cpu: number[] = [];
              const page = calls.list(first); // warm
              const second = page.nextCursor ? callListInputSchema.parse({ ...base, cursor: page.nextCursor }) : null;
              for (let i = 0; i < runs; i++)
                for (const input of second ? [first, second] : [first]) {
                  const t0 = performance.now();
                  const c0 = process.cpuUsage();
                  calls.list(input);
                  times.push(performance.now() - t0);
                  const c = process.cpuUsage(c0);
                  cpu.push((c.user + c.system) / 1000);
                }
              const label = [
                owner,
                status ?? 'any status',
                costSource ?? 'any source',
                q ? `q="${q}"` : '',
                jobId ?? '',
              ]
                .filter(Boolean)
                .join(' + ');
              p95s.push([label, percentile(times, 0.95)]);
              worstCpu = Math.max(worstCpu, percentile(cpu, 0.95));
              if (process.env.AICON_BENCH_VERBOSE && percentile(times, 0.95) > 20)
                console.error(`${label}: ${round(percentile(times, 0.95))} ms`);
            }
  } finally {
    db.close();
  }
  const worst = p95s.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    call_log_rows: fixture.rows,
    call_log_combinations: p95s.length,
    call_log_worst_p95_ms: round(worst[1]),
    call_log_worst_combination: worst[0],
    call_log_median_p95_ms: round(
      percentile(
        p95s.map((p) => p[1]),
        0.5,
      ),
    ),
    call_log_over_50ms: p95s.filter((p) => p[1] > 50).length,
    call_log_worst_cpu_p95_ms: round(worstCpu),
  };
}

if (process.argv[1] && /calllog\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 5_000_000;
  console.log(JSON.stringify(runCallLogBench({ rows }), null, 2));
}
