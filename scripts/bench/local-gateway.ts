// Local gateway benchmark, side by side with the Portkey AI gateway 1.15.2 (@portkey-ai/gateway, the open-source
// Node build) on the same loopback upstream: an OpenAI-shaped chat completion (JSON, ~950 B) and a short SSE
// stream. Each process runs alone: upstream, local gateway (the app's real LocalGateway with its SQLite ledger,
// pricer, budgets, limiter and a budgeted virtual key) and Portkey, each in its own child process; the client
// is this process (undici). Measured: added latency over a direct call (sequential, interleaved call by call,
// p50/p99 of each path minus the direct one), streamed time-to-first-byte p99 added, and throughput with 16 and
// 64 requests in flight. Portkey runs with its defaults (no retries, no cache, no config) except that it is
// bound to 127.0.0.1 (its server listens on every interface otherwise) and --headless (no log UI).
// Run: npx tsx scripts/bench/local-gateway.ts [--calls 3000]   (prints JSON)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';

export interface LocalGatewayBenchOptions {
  /** Sequential calls per path (after warm-up). */
  calls: number;
  /** Requests per throughput run. */
  throughputRequests: number;
}

// Upstream: the chat completion of scripts/bench/gateway.ts, and for `"stream":true` a 4-chunk SSE stream whose
// first chunk is sent with the headers (plus the usage chunk when asked, as OpenAI does).
const UPSTREAM_JS = `
const http = require('node:http');
const json = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1770933883, model: 'gpt-4.1-nano-2025-04-14',
  choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(560), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
  service_tier: 'default', system_fingerprint: 'fp_de604bd877' });
const chunk = (delta, finish) => 'data: ' + JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1770933883,
  model: 'gpt-4.1-nano-2025-04-14', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] }) + '\\n\\n';
const usage = 'data: ' + JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1770933883, model: 'gpt-4.1-nano-2025-04-14',
  choices: [], usage: { prompt_tokens: 16, completion_tokens: 3, total_tokens: 19 } }) + '\\n\\n';
const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' });
      res.write(chunk({ role: 'assistant', content: 'Hel' }, null));
      setImmediate(() => {
        res.write(chunk({ content: 'lo' }, null));
        res.write(chunk({}, 'stop'));
        if (body.includes('"include_usage":true')) res.write(usage);
        res.end('data: [DONE]\\n\\n');
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'x-request-id': 'req_bench',
      'x-ratelimit-remaining-requests': '9999', 'x-ratelimit-reset-requests': '6ms' });
    res.end(json);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/v1' }) + '\\n'));
`;

// Binds every server in the Portkey process to 127.0.0.1 (its start script passes no host).
const LOOPBACK_ONLY_MJS = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null) args[0] = { ...args[0], host: '127.0.0.1' };
  else if (typeof args[1] === 'function' || typeof args[1] === 'number') args.splice(1, 0, '127.0.0.1');
  else args[1] = '127.0.0.1';
  return listen.apply(this, args);
};
`;

function firstLine(child: ChildProcess, match: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => match.test(l));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`child exited with ${code} before it was ready: ${buf.slice(-300)}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms3 = (x: number) => Math.round(x * 1000) / 1000;

interface Path {
  name: 'direct' | 'local' | 'portkey';
  origin: string;
  path: string;
  headers: Record<string, string>;
}

export async function runLocalGatewayBench(opts: LocalGatewayBenchOptions): Promise<Record<string, unknown>> {
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'aicon-bench-pk-'));
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  try {
    const upstreamChild = spawn(process.execPath, ['-e', UPSTREAM_JS], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(upstreamChild);
    const upstream = (JSON.parse(await firstLine(upstreamChild, /"url"/)) as { url: string }).url;

    const localChild = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'local-gateway-server.ts'), upstream],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(localChild);
    const local = JSON.parse(await firstLine(localChild, /"secret"/)) as { url: string; secret: string };

    const loopback = join(dir, 'loopback-only.mjs');
    writeFileSync(loopback, LOOPBACK_ONLY_MJS);
    const portkeyPort = await freePort();
    const portkeyChild = spawn(
      process.execPath,
      [
        '--import',
        loopback,
        require.resolve('@portkey-ai/gateway/build/start-server.js'),
        `--port=${portkeyPort}`,
        '--headless',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
    );
    children.push(portkeyChild);
    await firstLine(portkeyChild, /Ready for connections|running at/);

    const upstreamUrl = new URL(upstream);
    const paths: Path[] = [
      {
        name: 'direct',
        origin: upstreamUrl.origin,
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer sk-bench-upstream' },
      },
      {
        name: 'local',
        origin: local.url,
        path: '/openai/v1/chat/completions',
        headers: { authorization: `Bearer ${local.secret}` },
      },
      {
        name: 'portkey',
        origin: `http://127.0.0.1:${portkeyPort}`,
        path: '/v1/chat/completions',
        headers: {
          authorization: 'Bearer sk-bench-upstream',
          'x-portkey-provider': 'openai',
          'x-portkey-custom-host': upstream,
        },
      },
    ];
    const body = JSON.stringify({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'y'.repeat(960) }],
      max_tokens: 400,
    });
    const streamBody = JSON.stringify({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'stream please' }],
      max_tokens: 50,
      stream: true,
    });

    /** One call; returns total ms and ms to the first body byte. Fails loudly on a non-200. */
    const call = async (p: Path, payload: string): Promise<{ total: number; ttfb: number }> => {
      const t0 = performance.now();
      const res = await agent.request({
        origin: p.origin,
        path: p.path,
        method: 'POST',
        headers: { ...p.headers, 'content-type': 'application/json' },
        body: payload,
      });
      let ttfb = Number.NaN;
      for await (const _chunk of res.body) if (Number.isNaN(ttfb)) ttfb = performance.now() - t0;
      const total = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`${p.name} answered ${res.statusCode}`);
      return { total, ttfb };
    };

    // Portkey 1.15.2 answers 500 to every streamed OpenAI call here ("TypeError: immutable": it appends its
    // headers to the upstream fetch Response, on Node 20 and 24 alike), so its TTFB is reported as unmeasured.
    const streams = async (p: Path): Promise<string | null> =>
      call(p, streamBody).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    const streamErrors = Object.fromEntries(await Promise.all(paths.map(async (p) => [p.name, await streams(p)])));
    const streaming = paths.filter((p) => streamErrors[p.name] === null);
    // Warm-up (connections, JIT, prepared statements), then sequential calls interleaved path by path.
    for (let i = 0; i < 300; i++) {
      for (const p of paths) await call(p, body);
      if (i % 3 === 0) for (const p of streaming) await call(p, streamBody);
    }
    const totals: Record<Path['name'], number[]> = { direct: [], local: [], portkey: [] };
    const ttfbs: Record<Path['name'], number[]> = { direct: [], local: [], portkey: [] };
    for (let i = 0; i < opts.calls; i++) {
      for (const p of paths) totals[p.name].push((await call(p, body)).total);
      for (const p of streaming) ttfbs[p.name].push((await call(p, streamBody)).ttfb);
    }

    const throughput = async (p: Path, inFlight: number): Promise<number> => {
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next++ < opts.throughputRequests) await call(p, body);
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      return Math.round(opts.throughputRequests / ((performance.now() - t0) / 1000));
    };
    const rps: Record<string, number> = {};
    for (const p of paths) for (const n of [16, 64]) rps[`${p.name}_${n}`] = await throughput(p, n);

    const added = (name: Path['name'], xs: Record<Path['name'], number[]>, p: number) =>
      ms3(pct(xs[name], p) - pct(xs.direct, p));
    const figures = {
      local_gateway_overhead_p50_ms: added('local', totals, 50),
      local_gateway_overhead_p99_ms: added('local', totals, 99),
      local_gateway_ttfb_p99_ms: added('local', ttfbs, 99),
      local_gateway_rps_16: rps.local_16 ?? 0,
      local_gateway_rps_64: rps.local_64 ?? 0,
      portkey_overhead_p50_ms: added('portkey', totals, 50),
      portkey_overhead_p99_ms: added('portkey', totals, 99),
      portkey_ttfb_p99_ms: streamErrors.portkey === null ? added('portkey', ttfbs, 99) : null,
      portkey_rps_16: rps.portkey_16 ?? 0,
      portkey_rps_64: rps.portkey_64 ?? 0,
    };
    const goal = (value: number, text: string, ok: boolean) => ({ value, goal: text, status: ok ? 'ok' : 'short' });
    return {
      ...figures,
      local_gateway_goals: {
        local_gateway_overhead_p50_ms: goal(
          figures.local_gateway_overhead_p50_ms,
          '<= 0.1 ms added',
          figures.local_gateway_overhead_p50_ms <= 0.1,
        ),
        local_gateway_overhead_p99_ms: goal(
          figures.local_gateway_overhead_p99_ms,
          '<= 0.3 ms added',
          figures.local_gateway_overhead_p99_ms <= 0.3,
        ),
        local_gateway_ttfb_p99_ms: goal(
          figures.local_gateway_ttfb_p99_ms,
          '<= 0.3 ms added',
          figures.local_gateway_ttfb_p99_ms <= 0.3,
        ),
        local_gateway_rps_16: goal(
          figures.local_gateway_rps_16,
          ">= 5x Portkey's rps_16",
          figures.local_gateway_rps_16 >= 5 * figures.portkey_rps_16,
        ),
        local_gateway_rps_64: goal(
          figures.local_gateway_rps_64,
          ">= 5x Portkey's rps_64",
          figures.local_gateway_rps_64 >= 5 * figures.portkey_rps_64,
        ),
        portkey_overhead_p50_ms: goal(figures.portkey_overhead_p50_ms, 'reference (Portkey 1.15.2)', true),
        portkey_overhead_p99_ms: goal(figures.portkey_overhead_p99_ms, 'reference (Portkey 1.15.2)', true),
        portkey_rps_16: goal(figures.portkey_rps_16, 'reference (Portkey 1.15.2)', true),
      },
      local_gateway_bench: {
        sequential_calls_per_path: opts.calls,
        throughput_requests: opts.throughputRequests,
        direct_p50_ms: ms3(pct(totals.direct, 50)),
        direct_p99_ms: ms3(pct(totals.direct, 99)),
        local_p50_ms: ms3(pct(totals.local, 50)),
        local_p99_ms: ms3(pct(totals.local, 99)),
        portkey_p50_ms: ms3(pct(totals.portkey, 50)),
        portkey_p99_ms: ms3(pct(totals.portkey, 99)),
        direct_ttfb_p99_ms: ms3(pct(ttfbs.direct, 99)),
        local_ttfb_p99_ms: ms3(pct(ttfbs.local, 99)),
        portkey_stream_error: streamErrors.portkey,
        direct_rps_16: rps.direct_16,
        direct_rps_64: rps.direct_64,
      },
    };
  } finally {
    await agent.close();
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  const i = process.argv.indexOf('--calls');
  const calls = i > 0 ? Number(process.argv[i + 1]) : 3_000;
  runLocalGatewayBench({ calls, throughputRequests: Math.max(2_000, calls) })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
