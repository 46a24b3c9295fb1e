// Gateway overhead benchmark: the same POST through bare undici and through the full gateway (limiter, budget
// reservation in BEGIN IMMEDIATE, metering interceptor, JSON parse, genai-prices pricing, SQLite ledger row +
// rollup and settlement written just after return), interleaved call by call against one loopback server in a
// child process. The deferred writes still run on the same thread during the next call, so their cost shows up
// wherever it lands (bare or gateway call): nothing is hidden, it is only moved off the response path.
// Run: npx tsx scripts/bench/gateway.ts [--calls 20000] [--deps sqlite|memory]   (prints JSON)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { Agent } from 'undici';
import { AppError } from '../../main/core/errors';
import { immediate, openDatabase, type Db } from '../../main/db/database';
import { createBaseUrls } from '../../main/gateway/base-urls';
import type {
  AttemptRecord,
  BudgetGuard,
  LedgerSink,
  Limiter,
  PriceQuote,
  Pricer,
  Reservation,
} from '../../main/gateway/deps';
import { migrate } from '../../main/db/migrator';
import { migrations } from '../../main/db/migrations';
import { createCostServices } from '../../main/cost/services';
import { classifyStatus } from '../../main/gateway/errors';
import { createGateway } from '../../main/gateway/gateway';
import type { Metered, ProviderDescriptor } from '../../main/gateway/types';

export interface GatewayBenchOptions {
  calls: number;
  /**
   * 'app' (default): the app's real ledger, pricing, budgets and limits (createCostServices on a migrated WAL file).
   * 'sqlite': a minimal stand-in ledger in SQLite with genai-prices pricing. 'memory': arrays (the gateway alone).
   */
  deps?: 'app' | 'sqlite' | 'memory';
  warmup?: number;
}

export interface GatewayBenchResult {
  /** p50/p99 of the gateway's latency minus p50/p99 of bare undici (same server, interleaved). */
  gateway_overhead_p50_ms: number;
  gateway_overhead_p99_ms: number;
  calls: number;
  deps: 'app' | 'sqlite' | 'memory';
  bare_p50_ms: number;
  bare_p99_ms: number;
  gateway_p50_ms: number;
  gateway_p99_ms: number;
  /** Percentiles of the per-pair difference (gateway call minus the bare call next to it): noisier, both tails add. */
  paired_overhead_p50_ms: number;
  paired_overhead_p99_ms: number;
  /** Gateway call time minus the attempt's upstream time (dispatch to end of body) as the gateway itself measures it. */
  self_time_p50_ms: number;
  self_time_p99_ms: number;
  request_bytes: number;
  response_bytes: number;
  ledger_rows: number;
}

// A recorded-size chat completion (~950 B) for every POST; plain JS, run with `node -e` in a child process.
const SERVER_JS = `
const http = require('node:http');
const body = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1770933883, model: 'gpt-4.1-nano-2025-04-14',
  choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(560), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
  service_tier: 'default', system_fingerprint: 'fp_de604bd877' });
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-ratelimit-remaining-requests': '9999', 'x-ratelimit-reset-requests': '6ms' };
const server = http.createServer((req, res) => { req.on('data', () => {}); req.on('end', () => { res.writeHead(200, headers); res.end(body); }); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port, bytes: Buffer.byteLength(body) }) + '\\n'));
`;

async function startServer(): Promise<{ child: ChildProcess; port: number; responseBytes: number }> {
  const child = spawn(process.execPath, ['-e', SERVER_JS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
  });
  const { port, bytes } = JSON.parse(line) as { port: number; bytes: number };
  return { child, port, responseBytes: bytes };
}

const descriptor: ProviderDescriptor = {
  id: 'openai',
  displayName: 'OpenAI (bench)',
  defaultBaseUrl: 'https://api.openai.com/v1',
  authHeaders: (c) => ({ authorization: `Bearer ${c.secret}` }),
  classifyError: (status, headers, text) => classifyStatus('openai', status, headers, text.slice(0, 200)),
  rateLimitHint(headers, now) {
    const remaining = headers['x-ratelimit-remaining-requests'];
    return typeof remaining === 'string' ? { requestsRemaining: Number(remaining), requestsResetAt: now + 6 } : null;
  },
};

interface ChatBody {
  id: string;
  model: string;
  choices: Array<{ message: { content: string } }>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    prompt_tokens_details?: { cached_tokens?: number };
    completion_tokens_details?: { reasoning_tokens?: number };
  };
}

function parseChat(body: unknown): Metered<string> {
  const b = body as ChatBody;
  const cached = b.usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = b.usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    value: b.choices[0]!.message.content,
    units: {
      input_tokens: b.usage.prompt_tokens - cached,
      cached_input_tokens: cached,
      output_tokens: b.usage.completion_tokens - reasoning,
      reasoning_tokens: reasoning,
    },
    model: b.model,
    providerRequestId: b.id,
  };
}

/** Prices LLM tokens with the bundled genai-prices snapshot, as the real pricer does for tokens. */
const genaiPricer: Pricer = {
  price({ provider, model, units, at, reportedCostNanos, estimated }): PriceQuote {
    if (reportedCostNanos !== undefined)
      return { costNanos: reportedCostNanos, costSource: 'provider_reported', priceVersion: null };
    if (!model) return { costNanos: null, costSource: 'unpriced', priceVersion: null };
    const input = (units.input_tokens ?? 0) + (units.cached_input_tokens ?? 0);
    const r = calcPrice(
      {
        input_tokens: input,
        cache_read_tokens: units.cached_input_tokens ?? 0,
        output_tokens: (units.output_tokens ?? 0) + (units.reasoning_tokens ?? 0),
      },
      model,
      { providerId: provider, timestamp: at },
    );
    if (!r) return { costNanos: null, costSource: 'unpriced', priceVersion: null };
    return {
      costNanos: Math.round(r.total_price * 1e9),
      costSource: estimated ? 'estimated' : 'computed',
      priceVersion: 'genai-prices-0.1.8',
    };
  },
};

/** Hourly per-operation counter plus learned header state: the shape of the real limiter's hot path. */
function memoryLimiter(): Limiter {
  const counts = new Map<string, { hour: number; n: number }>();
  const learned = new Map<string, unknown>();
  return {
    acquire({ provider, operation, integrationId, now }) {
      const key = `${provider}|${integrationId ?? ''}|${operation}`;
      const hour = Math.floor(now / 3_600_000);
      const c = counts.get(key);
      if (!c || c.hour !== hour) counts.set(key, { hour, n: 1 });
      else if (++c.n > 1_000_000_000) throw new AppError('rate_limited', 'hourly limit');
    },
    learn(provider, integrationId, hint) {
      learned.set(`${provider}|${integrationId ?? ''}`, hint);
    },
  };
}

interface BenchDeps {
  ledger: LedgerSink;
  budgets: BudgetGuard;
  rows(): number;
  /** Upstream latency of the last n ledgered attempts, oldest first. */
  lastLatencies(n: number): number[];
}

/** Row count and recent latencies read from a `calls` table (the bench's own schema and the app's share these columns). */
function callsTableStats(db: Db): Pick<BenchDeps, 'rows' | 'lastLatencies'> {
  return {
    rows: () => (db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n,
    lastLatencies: (n) =>
      db
        .prepare<[number], { latency_ms: number }>('SELECT latency_ms FROM calls ORDER BY id DESC LIMIT ?')
        .all(n)
        .map((r) => r.latency_ms)
        .reverse(),
  };
}

function sqliteDeps(db: Db): BenchDeps {
  db.exec(`
    CREATE TABLE calls (id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, attempt INTEGER NOT NULL, ts INTEGER NOT NULL, provider TEXT NOT NULL,
      operation TEXT NOT NULL, endpoint TEXT NOT NULL, method TEXT NOT NULL, model TEXT, status INTEGER, latency_ms REAL NOT NULL,
      req_bytes INTEGER, resp_bytes INTEGER NOT NULL, error_code TEXT, units TEXT NOT NULL, cost_nanos INTEGER, cost_source TEXT NOT NULL,
      price_version TEXT, provider_request_id TEXT, integration_id TEXT, job_id TEXT, content_id TEXT, meta TEXT);
    CREATE INDEX calls_ts ON calls(ts);
    CREATE INDEX calls_call ON calls(call_id);
    CREATE TABLE rollups (hour INTEGER NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, operation TEXT NOT NULL, calls INTEGER NOT NULL,
      cost_nanos INTEGER NOT NULL, unpriced INTEGER NOT NULL, PRIMARY KEY (hour, provider, model, operation)) WITHOUT ROWID;
    CREATE TABLE reservations (id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, provider TEXT NOT NULL, amount_nanos INTEGER NOT NULL);
    CREATE TABLE budget_spend (provider TEXT PRIMARY KEY, spent_nanos INTEGER NOT NULL, limit_nanos INTEGER);
    INSERT INTO budget_spend VALUES ('openai', 0, 1000000000000000);
  `);
  const insertCall =
    db.prepare(`INSERT INTO calls (call_id, attempt, ts, provider, operation, endpoint, method, model, status, latency_ms, req_bytes,
    resp_bytes, error_code, units, cost_nanos, cost_source, price_version, provider_request_id, integration_id, job_id, content_id, meta)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertRollup =
    db.prepare(`INSERT INTO rollups VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (hour, provider, model, operation)
    DO UPDATE SET calls = calls + 1, cost_nanos = cost_nanos + excluded.cost_nanos, unpriced = unpriced + excluded.unpriced`);
  const budgetRow = db.prepare<[string], { spent_nanos: number; limit_nanos: number | null }>(
    'SELECT spent_nanos, limit_nanos FROM budget_spend WHERE provider = ?',
  );
  const reservedSum = db.prepare<[string], { s: number }>(
    'SELECT COALESCE(SUM(amount_nanos), 0) AS s FROM reservations WHERE provider = ?',
  );
  const insertReservation = db.prepare('INSERT INTO reservations (call_id, provider, amount_nanos) VALUES (?, ?, ?)');
  const deleteReservation = db.prepare('DELETE FROM reservations WHERE id = ? RETURNING provider');
  const addSpend = db.prepare('UPDATE budget_spend SET spent_nanos = spent_nanos + ? WHERE provider = ?');
  const record = db.transaction((r: AttemptRecord) => {
    insertCall.run(
      r.callId,
      r.attempt,
      r.ts,
      r.provider,
      r.operation,
      r.endpoint,
      r.method,
      r.model,
      r.status,
      r.latencyMs,
      r.requestBytes,
      r.responseBytes,
      r.errorCode,
      JSON.stringify(r.units),
      r.costNanos,
      r.costSource,
      r.priceVersion,
      r.providerRequestId,
      r.integrationId,
      r.jobId,
      r.contentId,
      r.meta ? JSON.stringify(r.meta) : null,
    );
    upsertRollup.run(
      Math.floor(r.ts / 3_600_000),
      r.provider,
      r.model ?? '',
      r.operation,
      r.costNanos ?? 0,
      r.costNanos === null ? 1 : 0,
    );
  });
  return {
    // The write-ahead row is this baseline's one insert; completing it is left out (an update of the same row).
    ledger: {
      recordAttempt: (r) => Number(record(r)),
      beginAttempt: (r) => Number(record(r)),
      completeAttempt: () => {},
    },
    budgets: {
      reserve: ({ callId, provider, amountNanos }) =>
        immediate(db, () => {
          const b = budgetRow.get(provider);
          const amount = amountNanos ?? 0;
          if (b && b.limit_nanos !== null && b.spent_nanos + reservedSum.get(provider)!.s + amount > b.limit_nanos) {
            throw new AppError('budget_exceeded', 'budget exceeded');
          }
          const id = insertReservation.run(callId, provider, amount).lastInsertRowid;
          return { id: String(id), amountNanos: amount } satisfies Reservation;
        }),
      settle: (reservation, actualNanos) =>
        immediate(db, () => {
          const row = deleteReservation.get(Number(reservation.id)) as { provider: string } | undefined;
          if (row && actualNanos) addSpend.run(actualNanos, row.provider);
        }),
    },
    ...callsTableStats(db),
  };
}

/** The app's own cost services. Hourly limits are lifted for the bench's operation (20k calls would hit them). */
function appDeps(db: Db): { deps: BenchDeps; pricer: Pricer; limiter: Limiter } {
  migrate(db, migrations);
  const cost = createCostServices({ db, timeZone: () => 'UTC' });
  cost.limiter.update({ hourly: { ...cost.limiter.limits.hourly, script_generation: null } });
  return {
    pricer: cost.pricer,
    limiter: cost.limiter,
    deps: {
      ledger: cost.ledger,
      budgets: cost.budgets,
      ...callsTableStats(db),
    },
  };
}

function memoryDeps(): BenchDeps {
  const rows: AttemptRecord[] = [];
  let seq = 0;
  return {
    ledger: {
      recordAttempt: (r) => rows.push(r),
      beginAttempt: (r) => rows.push(r),
      completeAttempt: (id, r) => {
        rows[id - 1] = r;
      },
    },
    budgets: { reserve: ({ amountNanos }) => ({ id: String(++seq), amountNanos: amountNanos ?? 0 }), settle: () => {} },
    rows: () => rows.length,
    lastLatencies: (n) => rows.slice(-n).map((r) => r.latencyMs),
  };
}

const pct = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms3 = (x: number) => Math.round(x * 1000) / 1000;

export async function runGatewayBench(opts: GatewayBenchOptions): Promise<GatewayBenchResult> {
  const calls = opts.calls;
  const depsKind = opts.deps ?? 'app';
  const warmup = opts.warmup ?? Math.min(2_000, calls);
  const { child, port, responseBytes } = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'aicon-bench-gw-'));
  const db = depsKind === 'memory' ? null : openDatabase(join(dir, 'bench.sqlite'));
  const app = db && depsKind === 'app' ? appDeps(db) : null;
  const deps = app ? app.deps : db ? sqliteDeps(db) : memoryDeps();
  const origin = `http://127.0.0.1:${port}`;
  const requestBody = JSON.stringify({
    model: 'gpt-4.1-nano',
    messages: [{ role: 'user', content: 'y'.repeat(960) }],
    max_tokens: 400,
  });
  const headers = { 'content-type': 'application/json' };
  const secret = 'sk-bench-0000000000000000000000';

  const bare = new Agent({ keepAliveTimeout: 10_000 });
  const gateway = createGateway({
    providers: { openai: descriptor },
    ledger: deps.ledger,
    pricer: app ? app.pricer : genaiPricer,
    budgets: deps.budgets,
    limiter: app ? app.limiter : memoryLimiter(),
    baseUrls: createBaseUrls({ descriptors: { openai: descriptor }, env: { AICON_OPENAI_BASE_URL: `${origin}/v1` } }),
  });

  const bareCall = async () => {
    const res = await bare.request({
      origin,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${secret}` },
      body: requestBody,
    });
    return parseChat(JSON.parse(await res.body.text())).value;
  };
  const gatewayCall = () =>
    gateway.json(
      {
        provider: 'openai',
        operation: 'script_generation',
        endpoint: 'chat.completions',
        method: 'POST',
        path: '/chat/completions',
        headers,
        body: requestBody,
        model: 'gpt-4.1-nano',
        idempotent: true,
        worstCaseCostNanos: 200_000,
        credential: { secret, integrationId: 'bench' },
      },
      parseChat,
    );

  const bareMs = new Float64Array(calls);
  const gwMs = new Float64Array(calls);
  const selfMs = new Float64Array(calls);
  try {
    for (let i = 0; i < warmup; i++) {
      await bareCall();
      await gatewayCall();
    }
    await gateway.flush();
    const ledgerBefore = deps.rows();
    for (let i = 0; i < calls; i++) {
      // Alternate which goes first so neither always follows the other's GC or socket wake-up.
      if (i % 2 === 0) {
        let t = performance.now();
        await bareCall();
        bareMs[i] = performance.now() - t;
        t = performance.now();
        const r = await gatewayCall();
        gwMs[i] = performance.now() - t;
        selfMs[i] = r.latencyMs;
      } else {
        let t = performance.now();
        const r = await gatewayCall();
        gwMs[i] = performance.now() - t;
        selfMs[i] = r.latencyMs;
        t = performance.now();
        await bareCall();
        bareMs[i] = performance.now() - t;
      }
    }
    await gateway.flush();
    const ledgerRows = deps.rows() - ledgerBefore;
    // Self time: the call's latency minus its attempt's upstream time, which the ledger row holds.
    const upstream = deps.lastLatencies(calls);
    for (let i = 0; i < calls; i++) selfMs[i] = selfMs[i]! - upstream[i]!;
    const paired = gwMs.map((g, i) => g - bareMs[i]!);
    for (const a of [bareMs, gwMs, paired, selfMs]) a.sort();
    return {
      gateway_overhead_p50_ms: ms3(pct(gwMs, 50) - pct(bareMs, 50)),
      gateway_overhead_p99_ms: ms3(pct(gwMs, 99) - pct(bareMs, 99)),
      calls,
      deps: depsKind,
      bare_p50_ms: ms3(pct(bareMs, 50)),
      bare_p99_ms: ms3(pct(bareMs, 99)),
      gateway_p50_ms: ms3(pct(gwMs, 50)),
      gateway_p99_ms: ms3(pct(gwMs, 99)),
      paired_overhead_p50_ms: ms3(pct(paired, 50)),
      paired_overhead_p99_ms: ms3(pct(paired, 99)),
      self_time_p50_ms: ms3(pct(selfMs, 50)),
      self_time_p99_ms: ms3(pct(selfMs, 99)),
      request_bytes: Buffer.byteLength(requestBody),
      response_bytes: responseBytes,
      ledger_rows: ledgerRows,
    };
  } finally {
    await gateway.close();
    await bare.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
    child.kill();
  }
}

const isMain = process.argv[1] !== undefined && /scripts[\\/]bench[\\/]gateway\.ts$/.test(process.argv[1]);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const kind = arg('deps');
  const deps = kind === 'memory' || kind === 'sqlite' ? kind : 'app';
  runGatewayBench({ calls: Number(arg('calls') ?? 20_000), deps }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
