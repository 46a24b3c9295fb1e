// Telemetry benchmark: 10k ledger calls exported over OTLP/HTTP (protobuf) to a loopback collector by the app's own
// export loop (its timer, outbox, official exporter), while calls keep being written. Records how much the
// export delays the event loop and the call write path. Measured, never asserted: each figure sits beside its goal.
// The collector only counts bytes and answers 200 (decoding is the tests' job; here it would add to the delay).
// Run alone: npx tsx scripts/bench/telemetry.ts [--calls 10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../main/app';
import { silentLogger } from '../../main/core/logger';
import type { AttemptRecord } from '../../main/gateway/deps';
import { InMemorySecretStore } from '../../main/vault/memory-store';

const GOALS = {
  /** A main-process stall under this is not felt in the UI (IPC answers stay under a frame or three). */
  event_loop_p99_ms: 50,
  /** The whole backlog of 10k calls out within this. */
  export_s: 30,
  /** Writing a call while the export runs. */
  call_write_p99_ms: 5,
};

const PROVIDERS: Array<Pick<AttemptRecord, 'provider' | 'operation' | 'endpoint' | 'model' | 'units'>> = [
  {
    provider: 'openai',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    model: 'gpt-4o-mini',
    units: { input_tokens: 1200, cached_input_tokens: 300, output_tokens: 400 },
  },
  {
    provider: 'anthropic',
    operation: 'script_generation',
    endpoint: 'messages',
    model: 'claude-sonnet-4-5',
    units: { input_tokens: 900, output_tokens: 700 },
  },
  {
    provider: 'elevenlabs',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    model: 'eleven_multilingual_v2',
    units: { characters: 1400 },
  },
  {
    provider: 'heygen',
    operation: 'video_generation',
    endpoint: 'video.generate',
    model: null,
    units: { seconds: 45 },
  },
  { provider: 'twilio', operation: 'messaging', endpoint: 'messages.create', model: null, units: { segments: 2 } },
  { provider: 'apollo', operation: 'enrichment', endpoint: 'people.match', model: null, units: { credits: 1 } },
];

function call(i: number): AttemptRecord {
  const p = PROVIDERS[i % PROVIDERS.length]!;
  return {
    ...p,
    callId: `bench-${i}`,
    attempt: 1,
    ts: Date.now(),
    method: 'POST',
    status: 200,
    latencyMs: 400 + (i % 900),
    requestBytes: 1500,
    responseBytes: 2200,
    errorCode: null,
    costNanos: 1_000_000 + i,
    costSource: 'computed',
    priceVersion: 'bench',
    providerRequestId: `req-${i}`,
    integrationId: null,
    jobId: null,
    contentId: null,
    meta: null,
  };
}

const verdict = (value: number, goal: number): 'ok' | 'short' => (value <= goal ? 'ok' : 'short');
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Writes the calls in bursts as the gateway would, then keeps writing one every 10 ms until `until()` says stop. */
async function writeCalls(
  app: ReturnType<typeof createApp>,
  calls: number,
  until: () => Promise<boolean>,
): Promise<{ writes: number[]; p99: number; max: number; seconds: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const writes: number[] = [];
  const t0 = performance.now();
  histogram.enable();
  let probe: NodeJS.Timeout | undefined;
  try {
    for (let i = 0; i < calls; i += 100) {
      app.cost.ledger.recordAttempts(Array.from({ length: Math.min(100, calls - i) }, (_, k) => call(i + k)));
      await new Promise((r) => setImmediate(r));
    }
    let extra = 0;
    probe = setInterval(() => {
      const w0 = performance.now();
      app.cost.ledger.recordAttempt(call(calls + extra++));
      writes.push(performance.now() - w0);
    }, 10);
    while (!(await until())) await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(probe);
    histogram.disable();
  }
  writes.sort((a, b) => a - b);
  return {
    writes,
    p99: histogram.percentile(99) / 1e6,
    max: histogram.max / 1e6,
    seconds: (performance.now() - t0) / 1000,
  };
}

function benchApp(dataDir: string) {
  return createApp({
    dataDir,
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    secretStore: new InMemorySecretStore(),
    healthCheckIntervalMs: 0,
    telemetry: { intervalMs: 250 },
  });
}

export async function runTelemetryBench(opts: { calls: number }): Promise<Record<string, number | string>> {
  let requests = 0;
  let bytes = 0;
  const collector = createServer((req, res) => {
    req.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-telemetry-bench-'));
  const baseDir = mkdtempSync(join(tmpdir(), 'aicon-telemetry-bench-base-'));
  let app = benchApp(dataDir);
  try {
    await app.telemetry.configure({
      enabled: true,
      endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      headers: [{ name: 'Authorization', value: 'Basic YmVuY2g6YmVuY2g=' }],
    });
    const exported = await writeCalls(app, opts.calls, async () => {
      const s = app.telemetry.status();
      if (s.lastError) throw new Error(`export failed: ${s.lastError}`);
      return s.exportedSpans >= opts.calls;
    });
    await app.close();
    // Baseline: the same calls with export off, for as long as the export took (this machine's own noise).
    app = benchApp(baseDir);
    const end = performance.now() + exported.seconds * 1000;
    const baseline = await writeCalls(app, opts.calls, async () => performance.now() >= end);
    const writeP99 = percentile(exported.writes, 0.99);
    return {
      telemetry_calls: opts.calls,
      telemetry_10k_export_s: round(exported.seconds),
      telemetry_10k_export_s_goal: GOALS.export_s,
      telemetry_10k_export_s_verdict: verdict(exported.seconds, GOALS.export_s),
      telemetry_spans_per_s: Math.round(opts.calls / exported.seconds),
      telemetry_10k_event_loop_p99_ms: round(exported.p99),
      telemetry_10k_event_loop_p99_ms_goal: GOALS.event_loop_p99_ms,
      telemetry_10k_event_loop_p99_ms_verdict: verdict(exported.p99, GOALS.event_loop_p99_ms),
      telemetry_10k_event_loop_max_ms: round(exported.max),
      telemetry_baseline_event_loop_p99_ms: round(baseline.p99),
      telemetry_baseline_event_loop_max_ms: round(baseline.max),
      telemetry_10k_call_write_p99_ms: round(writeP99, 3),
      telemetry_10k_call_write_p99_ms_goal: GOALS.call_write_p99_ms,
      telemetry_10k_call_write_p99_ms_verdict: verdict(writeP99, GOALS.call_write_p99_ms),
      telemetry_baseline_call_write_p99_ms: round(percentile(baseline.writes, 0.99), 3),
      telemetry_calls_written_during_export: exported.writes.length,
      telemetry_otlp_requests: requests,
      telemetry_otlp_bytes_per_span: Math.round(bytes / opts.calls),
    };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => collector.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(baseDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /telemetry\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--calls');
  const calls = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  void runTelemetryBench({ calls }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
