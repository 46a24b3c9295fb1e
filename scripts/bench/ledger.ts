// Ledger benchmark: generates N attempts (default 5M) over the last 365 days into a temp SQLite file
// through the real bulk write path (rows + hourly rollups in batched transactions), then times the
// dashboard and call-list queries on it. Measured, never asserted.
// Run alone: npx tsx scripts/bench/ledger.ts [--rows 5000000]   (prints JSON)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callListInputSchema, type CallListInput } from '../../preload/contract/ledger';
import { BudgetRepository } from '../../main/budgets/repository';
import { openDatabase } from '../../main/db/database';
import { migrate } from '../../main/db/migrator';
import { migrations } from '../../main/db/migrations';
import type { AttemptRecord } from '../../main/gateway/deps';
import type { ProviderId, Units } from '../../main/gateway/types';
import { createCostServices } from '../../main/cost/services';
import type { SummaryInput } from '../../main/ledger/summary';
import { localDayPeriod, localMonthPeriod } from '../../main/ledger/timezones';

export interface LedgerBenchOptions {
  rows: number;
  /** Rows per transaction on the bulk path. */
  batch?: number;
  /** Keep the database file (prints its path) instead of deleting it. */
  keep?: boolean;
}

export interface LedgerBenchResult {
  ledger_rows: number;
  /** Bulk path (recordAttempts): rows + rollups per second, excluding row generation. */
  ledger_ingest_rows_per_s: number;
  /** The gateway's path: one recordAttempt (own BEGIN IMMEDIATE transaction) per attempt, on the full database. */
  ledger_ingest_single_rows_per_s: number;
  /** "Cost per day per provider, last 90 days" (America/New_York days) from the rollups: median of warm runs. */
  rollup_query_5m_ms: number;
  /** A filtered call-list page (median over provider/model/error/text-search filters, first and later pages). */
  call_list_page_5m_ms: number;
  call_list_page_5m_max_ms: number;
  /** p95 over every summary the dashboard issues: today/7/30/90 days/month to date x no, provider, model, operation, key and provider+model filter. */
  dashboard_query_5m_p95_ms: number;
  dashboard_query_5m_max_ms: number;
  /** The same filters over a 365-day custom range. */
  dashboard_query_365d_5m_p95_ms: number;
  dashboard_query_365d_5m_max_ms: number;
  /** Which period/filter was the slowest single run (either set). */
  dashboard_query_5m_slowest: string;
  /** A budget reservation (overall monthly + provider budget) in BEGIN IMMEDIATE on the full database: median. */
  budget_reserve_5m_ms: number;
  /** How long a refused call waits for its rate_limited error (hourly cap reached): median. */
  limiter_refusal_us: number;
  /** Pricing throughput for LLM token units (genai-prices + override lookup). */
  pricing_calls_per_s: number;
  ledger_db_size_mb: number;
  ledger_rollup_rows: number;
  ledger_generate_s: number;
}

interface ProfileSpec {
  provider: ProviderId;
  model: string | null;
  operation: string;
  endpoint: string;
  method: string;
  weight: number;
  integrations: Array<string | null>;
  units: (r: () => number) => Units;
  /** Nano-USD for the generated units (a flat rate: the bench measures the ledger, not the pricer). */
  cost: (u: Units) => number;
}

const tok = (u: Units, inRate: number, outRate: number) =>
  Math.round(
    ((u.input_tokens ?? 0) + (u.cached_input_tokens ?? 0) * 0.25) * inRate +
      ((u.output_tokens ?? 0) + (u.reasoning_tokens ?? 0)) * outRate,
  );
const chat = (r: () => number): Units => ({
  input_tokens: 200 + Math.floor(r() * 4_000),
  cached_input_tokens: r() < 0.3 ? Math.floor(r() * 2_000) : 0,
  output_tokens: 50 + Math.floor(r() * 1_500),
});

const PROFILES: ProfileSpec[] = [
  {
    provider: 'openai',
    model: 'gpt-4o',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 20,
    integrations: ['oa-main', 'oa-team'],
    units: chat,
    cost: (u) => tok(u, 2_500, 10_000),
  },
  {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 12,
    integrations: ['oa-main'],
    units: chat,
    cost: (u) => tok(u, 400, 1_600),
  },
  {
    provider: 'openai',
    model: 'o4-mini',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 5,
    integrations: ['oa-main'],
    units: (r) => ({ ...chat(r), reasoning_tokens: Math.floor(r() * 3_000) }),
    cost: (u) => tok(u, 1_100, 4_400),
  },
  {
    provider: 'openai',
    model: 'whisper-1',
    operation: 'transcription',
    endpoint: 'audio.transcriptions',
    method: 'POST',
    weight: 3,
    integrations: ['oa-main'],
    units: (r) => ({ seconds: 5 + Math.floor(r() * 600) }),
    cost: (u) => (u.seconds ?? 0) * 100_000,
  },
  {
    provider: 'openai',
    model: 'text-embedding-3-small',
    operation: 'embeddings',
    endpoint: 'embeddings',
    method: 'POST',
    weight: 6,
    integrations: ['oa-main'],
    units: (r) => ({ input_tokens: Math.floor(r() * 8_000) }),
    cost: (u) => tok(u, 20, 0),
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    operation: 'script_generation',
    endpoint: 'messages',
    method: 'POST',
    weight: 12,
    integrations: ['an-main', null],
    units: (r) => ({ ...chat(r), cache_write_5m_tokens: r() < 0.2 ? Math.floor(r() * 3_000) : 0 }),
    cost: (u) => tok(u, 3_000, 15_000),
  },
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    operation: 'content_analysis',
    endpoint: 'messages',
    method: 'POST',
    weight: 8,
    integrations: ['an-main'],
    units: chat,
    cost: (u) => tok(u, 1_000, 5_000),
  },
  {
    provider: 'openrouter',
    model: 'openai/gpt-4o',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 3,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 2_500, 10_000),
  },
  {
    provider: 'openrouter',
    model: 'meta-llama/llama-3.3-70b-instruct',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 2,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 130, 400),
  },
  {
    provider: 'perplexity',
    model: 'sonar',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 5,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 1_000, 1_000) + 5_000_000,
  },
  {
    provider: 'perplexity',
    model: 'sonar-pro',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 2,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 3_000, 15_000) + 6_000_000,
  },
  {
    provider: 'elevenlabs',
    model: 'eleven_multilingual_v2',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    weight: 5,
    integrations: ['el-main'],
    units: (r) => ({ characters: 100 + Math.floor(r() * 5_000) }),
    cost: (u) => (u.characters ?? 0) * 220_000,
  },
  {
    provider: 'elevenlabs',
    model: 'eleven_flash_v2_5',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    weight: 2,
    integrations: ['el-main'],
    units: (r) => ({ characters: 50 + Math.floor(r() * 2_000) }),
    cost: (u) => (u.characters ?? 0) * 220_000,
  },
  {
    provider: 'elevenlabs',
    model: null,
    operation: 'account',
    endpoint: 'user.subscription',
    method: 'GET',
    weight: 1,
    integrations: ['el-main'],
    units: () => ({}),
    cost: () => 0,
  },
  {
    provider: 'heygen',
    model: 'avatar_iv',
    operation: 'video_generation',
    endpoint: 'videos.create',
    method: 'POST',
    weight: 1,
    integrations: ['hg-main'],
    units: (r) => ({ seconds: 15 + Math.floor(r() * 120) }),
    cost: (u) => (u.seconds ?? 0) * 50_000_000,
  },
  {
    provider: 'heygen',
    model: null,
    operation: 'video_status',
    endpoint: 'videos.get',
    method: 'GET',
    weight: 4,
    integrations: ['hg-main'],
    units: () => ({}),
    cost: () => 0,
  },
  {
    provider: 'exa',
    model: 'auto',
    operation: 'research',
    endpoint: 'search',
    method: 'POST',
    weight: 4,
    integrations: ['exa-main'],
    units: () => ({ requests: 1 }),
    cost: () => 7_000_000,
  },
  {
    provider: 'exa',
    model: 'contents',
    operation: 'research',
    endpoint: 'contents',
    method: 'POST',
    weight: 2,
    integrations: ['exa-main'],
    units: (r) => ({ requests: 1 + Math.floor(r() * 10) }),
    cost: (u) => (u.requests ?? 0) * 1_000_000,
  },
  {
    provider: 'twilio',
    model: null,
    operation: 'notify',
    endpoint: 'messages.create',
    method: 'POST',
    weight: 1,
    integrations: ['tw-main'],
    units: (r) => ({ segments: 1 + Math.floor(r() * 3) }),
    cost: (u) => (u.segments ?? 0) * 8_300_000,
  },
  {
    provider: 'apollo',
    model: null,
    operation: 'enrichment',
    endpoint: 'people.match',
    method: 'POST',
    weight: 2,
    integrations: ['ap-main'],
    units: (r) => ({ credits: r() < 0.8 ? 1 : 9 }),
    cost: () => 0,
  },
  {
    provider: 'sendgrid',
    model: null,
    operation: 'notify',
    endpoint: 'mail.send',
    method: 'POST',
    weight: 1,
    integrations: ['sg-main'],
    units: () => ({ requests: 1 }),
    cost: () => 0,
  },
];

const ERRORS: Array<[number, string, string]> = [
  [429, 'rate_limited', 'Rate limit reached for requests. Please try again in 6.596s.'],
  [500, 'server', 'The server had an error while processing your request.'],
  [529, 'overloaded', 'Overloaded'],
  [401, 'auth', 'Incorrect API key provided: sk-proj-****************abcd.'],
];

/** Small deterministic PRNG (mulberry32) so runs are comparable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY_MS = 86_400_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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

export async function runLedgerBench(opts: LedgerBenchOptions): Promise<LedgerBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-ledger-bench-'));
  const file = join(dir, 'ledger.sqlite');
  const db = openDatabase(file);
  // A bigger page cache than the 2 MB default, as the app would give its main connection.
  db.pragma('cache_size = -131072');
  migrate(db, migrations);
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const start = end - 365 * DAY_MS;
  const cost = createCostServices({ db, clock: () => end, timeZone: () => 'America/New_York' });
  const r = prng(42);
  const totalWeight = PROFILES.reduce((s, p) => s + p.weight, 0);
  const pick = (): ProfileSpec => {
    let x = r() * totalWeight;
    for (const p of PROFILES) {
      x -= p.weight;
      if (x < 0) return p;
    }
    return PROFILES[0]!;
  };

  const batchSize = opts.batch ?? 10_000;
  const step = (end - start) / opts.rows;
  let ingestMs = 0;
  let generateMs = 0;
  let written = 0;
  let seq = 0;
  while (written < opts.rows) {
    const g0 = performance.now();
    const batch: AttemptRecord[] = [];
    const n = Math.min(batchSize, opts.rows - written);
    while (batch.length < n) {
      const p = pick();
      const ts = Math.floor(start + (written + batch.length) * step);
      const callId = randomUUID();
      seq++;
      const failed = r() < 0.025;
      const units = failed ? {} : p.units(r);
      const unpriced = !failed && (p.provider === 'apollo' || p.provider === 'sendgrid' || r() < 0.005);
      const err = failed ? ERRORS[Math.floor(r() * ERRORS.length)]! : null;
      const rec: AttemptRecord = {
        callId,
        attempt: 1,
        ts,
        provider: p.provider,
        operation: p.operation,
        endpoint: p.endpoint,
        method: p.method,
        model: p.model,
        status: err ? err[0] : 200,
        latencyMs: Math.round(50 + r() * r() * 20_000),
        requestBytes: 200 + Math.floor(r() * 20_000),
        responseBytes: 100 + Math.floor(r() * 50_000),
        errorCode: err ? err[1] : null,
        errorMessage: err ? err[2] : null,
        units,
        costNanos: failed ? 0 : unpriced ? null : p.cost(units),
        costSource: failed
          ? 'computed'
          : unpriced
            ? 'unpriced'
            : p.provider === 'openrouter' || p.provider === 'exa'
              ? 'provider_reported'
              : 'computed',
        priceVersion: failed ? null : unpriced ? null : 'genai-prices@0.1.8',
        providerRequestId: `req_${seq.toString(36)}`,
        integrationId: p.integrations[Math.floor(r() * p.integrations.length)]!,
        jobId: r() < 0.2 ? `job-${Math.floor(seq / 7)}` : null,
        contentId: r() < 0.1 ? `content-${Math.floor(seq / 50)}` : null,
        meta: r() < 0.1 ? { service_tier: 'default' } : null,
      };
      batch.push(rec);
      // A retried rate limit: the second attempt follows within seconds.
      if (err && err[0] === 429 && batch.length < n) {
        batch.push({
          ...rec,
          attempt: 2,
          ts: ts + 1,
          status: 200,
          errorCode: null,
          errorMessage: null,
          units: p.units(r),
          costNanos: unpriced ? null : p.cost(units),
          costSource: unpriced ? 'unpriced' : 'computed',
          priceVersion: unpriced ? null : 'genai-prices@0.1.8',
        });
      }
    }
    const g1 = performance.now();
    cost.ledger.recordAttempts(batch);
    ingestMs += performance.now() - g1;
    generateMs += g1 - g0;
    written += batch.length;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');

  // The gateway's path: one transaction per attempt.
  const singles = Math.min(20_000, Math.max(1_000, Math.floor(opts.rows / 100)));
  const s0 = performance.now();
  for (let i = 0; i < singles; i++) {
    const p = PROFILES[i % PROFILES.length]!;
    cost.ledger.recordAttempt({
      callId: `single-${i}`,
      attempt: 1,
      ts: end - 1_000 + (i % 1_000),
      provider: p.provider,
      operation: p.operation,
      endpoint: p.endpoint,
      method: p.method,
      model: p.model,
      status: 200,
      latencyMs: 100,
      requestBytes: 1_000,
      responseBytes: 2_000,
      errorCode: null,
      units: { input_tokens: 100, output_tokens: 50 },
      costNanos: 1_000,
      costSource: 'computed',
      priceVersion: 'bench',
      providerRequestId: `single_${i}`,
      integrationId: p.integrations[0]!,
      jobId: null,
      contentId: null,
      meta: null,
    });
  }
  const singleRate = singles / ((performance.now() - s0) / 1000);

  // Dashboard: "cost per day per provider, last 90 days" and the summary screen's queries.
  const tz = 'America/New_York';
  const rollupRuns = timed(() => cost.summary.dailyCost({ from: end - 90 * DAY_MS, to: end, timeZone: tz }), 15);
  // Every summary the dashboard issues: each period it offers (today, 7/30/90 days, month to date; the month-to-date
  // projection is the same query) under each kind of filter, including model and operation (hour x profile rollups).
  // The latency series, the day buckets and the cache savings are part of each summary.
  const periods: Array<[string, number]> = [
    ['today', localDayPeriod(tz, end - 1).start],
    ['7d', localDayPeriod(tz, end - 6 * DAY_MS).start],
    ['30d', localDayPeriod(tz, end - 29 * DAY_MS).start],
    ['90d', localDayPeriod(tz, end - 89 * DAY_MS).start],
    ['mtd', localMonthPeriod(tz, end - 1).start],
  ];
  const dashboardFilters: Array<[string, Partial<SummaryInput>]> = [
    ['all', {}],
    ['provider', { provider: 'openai' }],
    ['model', { model: 'gpt-4o' }],
    ['operation', { operation: 'research' }],
    ['key', { integrationId: 'oa-main' }],
    ['provider+model', { provider: 'anthropic', model: 'claude-sonnet-4-5' }],
  ];
  const dashboard: number[] = [];
  const slowest = { ms: 0, query: '' };
  const measure = (label: string, from: number, filter: Partial<SummaryInput>, into: number[]) => {
    const runs = timed(() => cost.summary.summary({ from, to: end, timeZone: tz, ...filter }), 3);
    into.push(...runs);
    const worst = Math.max(...runs);
    if (worst > slowest.ms) Object.assign(slowest, { ms: worst, query: label });
  };
  for (const [period, from] of periods)
    for (const [name, filter] of dashboardFilters) measure(`${period}/${name}`, from, filter, dashboard);
  // A year-long custom range: not a preset, reported on its own.
  const year: number[] = [];
  for (const [name, filter] of dashboardFilters) measure(`365d/${name}`, end - 365 * DAY_MS, filter, year);

  // Call list: filtered pages, first and second page.
  const listTimes: number[] = [];
  const filters: Array<Partial<CallListInput>> = [
    { provider: 'openai' },
    { provider: 'anthropic', status: 'error' },
    { model: 'claude-haiku-4-5' },
    { operation: 'research', integrationId: 'exa-main' },
    { status: 429 },
    { q: 'overloaded' },
    { q: 'sonar' },
    {
      provider: 'twilio',
      from: new Date(end - 30 * DAY_MS).toISOString(),
      to: new Date(end - 29 * DAY_MS).toISOString(),
    },
    { jobId: 'job-12345' },
  ];
  for (const f of filters) {
    const input = callListInputSchema.parse({ ...f, limit: 50 });
    listTimes.push(...timed(() => cost.calls.list(input), 3));
    const first = cost.calls.list(input);
    if (first.nextCursor) {
      const next = callListInputSchema.parse({ ...f, limit: 50, cursor: first.nextCursor });
      listTimes.push(...timed(() => cost.calls.list(next), 3));
    }
  }

  // Budgets on the full ledger.
  const budgets = new BudgetRepository(db);
  budgets.create({
    scope: 'overall',
    scopeId: '',
    period: 'month',
    limitNanos: 1e15,
    mode: 'hard',
    thresholds: [50, 80, 100],
    enabled: true,
  });
  budgets.create({
    scope: 'provider',
    scopeId: 'openai',
    period: 'day',
    limitNanos: 1e15,
    mode: 'hard',
    thresholds: [50, 80, 100],
    enabled: true,
  });
  const reserveRuns = timed(() => {
    const res = cost.budgets.reserve({
      callId: 'b',
      provider: 'openai',
      integrationId: 'oa-main',
      endpoint: 'chat.completions',
      amountNanos: 1_000_000,
    });
    cost.budgets.settle(res, null);
  }, 50);

  // A refused call (hourly cap reached) must fail fast.
  cost.limiter.update({ hourly: { bench_op: 1 } });
  cost.limiter.acquire({ provider: 'openai', operation: 'bench_op', integrationId: null, now: end });
  const refusals = timed(() => {
    try {
      cost.limiter.acquire({ provider: 'openai', operation: 'bench_op', integrationId: null, now: end });
    } catch {
      // expected: rate_limited
    }
  }, 1_000);

  // Pricing throughput.
  const pr = prng(7);
  const models: Array<[ProviderId, string]> = [
    ['openai', 'gpt-4o-2024-08-06'],
    ['anthropic', 'claude-sonnet-4-5-20250929'],
    ['openrouter', 'openai/gpt-4o'],
    ['perplexity', 'sonar'],
  ];
  const priceN = 20_000;
  const p0 = performance.now();
  for (let i = 0; i < priceN; i++) {
    const [provider, model] = models[i % models.length]!;
    cost.pricer.price({
      provider,
      model,
      units: {
        input_tokens: Math.floor(pr() * 5_000),
        cached_input_tokens: 100,
        output_tokens: Math.floor(pr() * 1_000),
      },
      at: new Date(end - i * 60_000),
    });
  }
  const pricingRate = priceN / ((performance.now() - p0) / 1000);

  const rollupRows = (db.prepare('SELECT COUNT(*) AS n FROM call_rollups_hourly').get() as { n: number }).n;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const sizeMb = statSync(file).size / 1e6;
  db.close();
  if (opts.keep) console.error(`ledger bench database kept at ${file}`);
  else rmSync(dir, { recursive: true, force: true });

  return {
    ledger_rows: written + singles,
    ledger_ingest_rows_per_s: Math.round(written / (ingestMs / 1000)),
    ledger_ingest_single_rows_per_s: Math.round(singleRate),
    rollup_query_5m_ms: round(median(rollupRuns)),
    call_list_page_5m_ms: round(median(listTimes)),
    call_list_page_5m_max_ms: round(Math.max(...listTimes)),
    dashboard_query_5m_p95_ms: round(percentile(dashboard, 0.95)),
    dashboard_query_5m_max_ms: round(Math.max(...dashboard)),
    dashboard_query_365d_5m_p95_ms: round(percentile(year, 0.95)),
    dashboard_query_365d_5m_max_ms: round(Math.max(...year)),
    dashboard_query_5m_slowest: `${slowest.query} ${round(slowest.ms)} ms`,
    budget_reserve_5m_ms: round(median(reserveRuns), 3),
    limiter_refusal_us: round(median(refusals) * 1000, 1),
    pricing_calls_per_s: Math.round(pricingRate),
    ledger_db_size_mb: Math.round(sizeMb),
    ledger_rollup_rows: rollupRows,
    ledger_generate_s: round(generateMs / 1000, 1),
  };
}

if (process.argv[1] && /ledger\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 5_000_000;
  void runLedgerBench({ rows, keep: process.argv.includes('--keep') }).then((r) =>
    console.log(JSON.stringify(r, null, 2)),
  );
}
