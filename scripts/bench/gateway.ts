// Gateway overhead on the path the app takes: the real OpenAI client (createChatCompletion) through the real
// gateway with the app's cost services (ledger, genai-prices pricing, budgets, limits), against a loopback
// server in a child process that answers a recorded-size chat completion. The baseline is bare undici to the
// same server. Baseline and gateway run in their own blocks, interleaved (bare block, gateway block, ...), so the
// gateway's deferred ledger writes can never land in a baseline call; each gateway block ends with the write
// queue flushed, and that time is counted in the amortised figure. Three set-ups: no budget on an empty ledger,
// two hard budgets, two hard budgets on a 1M-row ledger. Then throughput with 16 calls in flight.
// Run: npx tsx scripts/bench/gateway.ts [--calls 20000]   (prints JSON)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { BudgetRepository } from '../../main/budgets/repository';
import { openDatabase } from '../../main/db/database';
import { migrate } from '../../main/db/migrator';
import { migrations } from '../../main/db/migrations';
import { createBaseUrls } from '../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../main/gateway/gateway';
import { createCostServices } from '../../main/cost/services';
import { createChatCompletion, openaiDescriptor } from '../../main/providers/openai';
import { copyLedgerFixture } from './ledger-fixture';

export interface GatewayBenchOptions {
  /** Timed calls per set-up and side (bare and gateway each). */
  calls: number;
  /** Calls per block. */
  block?: number;
  /** Rows of the large ledger set-up. */
  ledgerRows?: number;
  /** Calls for each throughput figure. */
  throughputCalls?: number;
}

export type Setup = 'no_budget' | 'two_budgets' | 'two_budgets_1m';

export type GatewayBenchResult = Record<string, number | string>;

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

export async function startServer(): Promise<{ child: ChildProcess; port: number; responseBytes: number }> {
  const child = spawn(process.execPath, ['-e', SERVER_JS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
  });
  const { port, bytes } = JSON.parse(line) as { port: number; bytes: number };
  return { child, port, responseBytes: bytes };
}

const MESSAGES = [{ role: 'user' as const, content: 'y'.repeat(960) }];
const SECRET = 'sk-bench-0000000000000000000000';

const pct = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms3 = (x: number) => Math.round(x * 1000) / 1000;

interface Subject {
  gateway: GatewayService;
  call(): Promise<unknown>;
  close(): Promise<void>;
}

/** The app's cost services on `file` and a gateway over them, as main/providers/access.ts builds it. */
export function benchSubject(file: string, origin: string, budgets: boolean): Subject {
  const db = openDatabase(file);
  db.pragma('cache_size = -65536');
  migrate(db, migrations);
  // Budgets exist before the services start, as they would after a restart (whatever state they load, they see these).
  if (budgets) {
    const repo = new BudgetRepository(db);
    const limit = { limitNanos: 1e15, mode: 'hard' as const, thresholds: [50, 80, 100], enabled: true };
    repo.create({ scope: 'overall', scopeId: '', period: 'month', ...limit });
    repo.create({ scope: 'provider', scopeId: 'openai', period: 'day', ...limit });
  }
  const cost = createCostServices({ db, timeZone: () => 'UTC' });
  // 20k calls an hour would hit the default hourly cap of the operation: lift it, keep the limiter on the path.
  cost.limiter.update({ hourly: { ...cost.limiter.limits.hourly, script_generation: null } });
  const gateway = createGateway({
    providers: { openai: openaiDescriptor },
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    baseUrls: createBaseUrls({
      descriptors: { openai: openaiDescriptor },
      env: { AICON_OPENAI_BASE_URL: `${origin}/v1` },
    }),
  });
  const credential = { secret: SECRET, integrationId: 'bench' };
  return {
    gateway,
    call: () =>
      createChatCompletion(
        gateway,
        credential,
        { model: 'gpt-4.1-nano', messages: MESSAGES, maxOutputTokens: 400 },
        { operation: 'script_generation' },
      ),
    async close() {
      await gateway.close();
      db.close();
    },
  };
}

export async function inFlight(n: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await call();
    }),
  );
  return performance.now() - t0;
}

export async function runGatewayBench(opts: GatewayBenchOptions): Promise<GatewayBenchResult> {
  const calls = opts.calls;
  const block = opts.block ?? 500;
  const { child, port } = await startServer();
  const origin = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'aicon-bench-gw-'));
  const bare = new Agent({ keepAliveTimeout: 10_000 });
  const requestBody = JSON.stringify({ model: 'gpt-4.1-nano', messages: MESSAGES, max_completion_tokens: 400 });
  const bareCall = async () => {
    const res = await bare.request({
      origin,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      body: requestBody,
    });
    return JSON.parse(await res.body.text()) as unknown;
  };
  const out: GatewayBenchResult = { gateway_calls_per_setup: calls, gateway_block: block };
  try {
    const setups: Array<[Setup, string, boolean]> = [
      ['no_budget', join(dir, 'empty.sqlite'), false],
      ['two_budgets', join(dir, 'budgets.sqlite'), true],
      ['two_budgets_1m', copyLedgerFixture(opts.ledgerRows ?? 1_000_000, dir).file, true],
    ];
    for (const [name, file, budgets] of setups) {
      const s = benchSubject(file, origin, budgets);
      try {
        for (let i = 0; i < Math.min(2_000, calls); i++) {
          await bareCall();
          await s.call();
        }
        await s.gateway.flush();
        const bareMs = new Float64Array(calls);
        const gwMs = new Float64Array(calls);
        let bareBlocksMs = 0;
        let gwBlocksMs = 0;
        // This process's CPU time in each kind of block (the server is another process): unlike wall time it does
        // not grow when other processes share the cores, so it shows what the gateway itself costs per call.
        let bareCpuUs = 0;
        let gwCpuUs = 0;
        const cpuUs = () => {
          const u = process.cpuUsage();
          return u.user + u.system;
        };
        for (let done = 0; done < calls; done += block) {
          const n = Math.min(block, calls - done);
          let b0 = performance.now();
          let c0 = cpuUs();
          for (let i = done; i < done + n; i++) {
            const t = performance.now();
            await bareCall();
            bareMs[i] = performance.now() - t;
          }
          bareBlocksMs += performance.now() - b0;
          bareCpuUs += cpuUs() - c0;
          b0 = performance.now();
          c0 = cpuUs();
          for (let i = done; i < done + n; i++) {
            const t = performance.now();
            await s.call();
            gwMs[i] = performance.now() - t;
          }
          // Deferred ledger writes belong to this block: flushed inside its time.
          await s.gateway.flush();
          gwBlocksMs += performance.now() - b0;
          gwCpuUs += cpuUs() - c0;
        }
        bareMs.sort();
        gwMs.sort();
        out[`gateway_overhead_p50_ms_${name}`] = ms3(pct(gwMs, 50) - pct(bareMs, 50));
        out[`gateway_overhead_p99_ms_${name}`] = ms3(pct(gwMs, 99) - pct(bareMs, 99));
        out[`gateway_overhead_amortised_ms_${name}`] = ms3((gwBlocksMs - bareBlocksMs) / calls);
        out[`gateway_cpu_per_call_ms_${name}`] = ms3((gwCpuUs - bareCpuUs) / 1000 / calls);
        out[`gateway_bare_p50_ms_${name}`] = ms3(pct(bareMs, 50));
        out[`gateway_bare_p99_ms_${name}`] = ms3(pct(bareMs, 99));
        out[`gateway_p50_ms_${name}`] = ms3(pct(gwMs, 50));
        out[`gateway_p99_ms_${name}`] = ms3(pct(gwMs, 99));

        const n = opts.throughputCalls ?? calls;
        const gw = await inFlight(n, 16, s.call);
        const f0 = performance.now();
        await s.gateway.flush();
        out[`gateway_throughput_16_rps_${name}`] = Math.round(n / ((gw + performance.now() - f0) / 1000));
      } finally {
        await s.close();
      }
    }
    out.gateway_throughput_16_rps_bare = Math.round(
      (opts.throughputCalls ?? calls) / ((await inFlight(opts.throughputCalls ?? calls, 16, bareCall)) / 1000),
    );
    return out;
  } finally {
    await bare.close();
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
  runGatewayBench({ calls: Number(arg('calls') ?? 20_000), ledgerRows: Number(arg('ledger-rows') ?? 1_000_000) }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
