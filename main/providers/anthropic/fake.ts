// A loopback Anthropic Messages API: recorded messages/streams replayed when `recordings` is set,
// otherwise synthesized in the same shape; SSE with `event:` lines and pings; the real error
// envelope; `anthropic-ratelimit-*` headers with RFC 3339 resets; presets for 429/529 and a
// mid-stream `event: error`. Also the demo-mode backend (analysis JSON, script rewrites).
import { seedOf } from '../shared/demo-content';
import { demoTextFor } from '../shared/demo-reply';
import { keyAccepted, messagesText, readRecording, streamDeltas, syntheticPromptTokens } from '../shared/fake-helpers';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type SseWriter,
} from '../shared/fake-server';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../shared/json';
import { estimateTokens } from '../shared/units';

export interface AnthropicFakeOptions {
  apiKey?: string;
  /** Folder of recorded Anthropic examples (refs/examples/anthropic) to replay where one fits. */
  recordings?: string;
  streamIntervalMs?: number;
  /** The Admin key the cost report accepts; unset = no organization (the report 404s, as for individual accounts). */
  adminKey?: string;
}

/** One day's cost for the fake's cost report. */
export interface CostReportEntry {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  usd: number;
}

export interface AnthropicFake extends FakeServer {
  /** Base URL to configure (paths start with /v1). */
  baseUrl: string;
  rateLimit(opts?: { retryAfterSeconds?: number; times?: number }): void;
  /** 529 overloaded_error. */
  overloaded(times?: number): void;
  /** The next `times` streams send a few deltas then `event: error` (overloaded_error) after the 200. */
  midStreamError(times?: number): void;
  /** Daily costs the Admin cost report answers with. */
  readonly costReport: CostReportEntry[];
}

export function anthropicErrorBody(type: string, message: string, requestId?: string): JsonObject {
  return { type: 'error', error: { type, message }, ...(requestId ? { request_id: requestId } : {}) };
}

const DEMO_MODELS = [
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
  { id: 'claude-opus-4-5-20251101', display_name: 'Claude Opus 4.5', created_at: '2025-11-01T00:00:00Z' },
];
const ALIASES: Record<string, string> = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
};

/** Recorded non-streaming replies by requested model. */
const RECORDED_MESSAGES: Record<string, string> = {
  'claude-opus-5': 'message.thinking.claude-opus-5.json',
  'claude-opus-4-8': 'message.tool-use.claude-opus-4-8.json',
  'claude-sonnet-4-20250514': 'message.server-tool-use.claude-sonnet-4.json',
  'claude-sonnet-4': 'message.server-tool-use.claude-sonnet-4.json',
};

function idFor(prefix: string, seq: number): string {
  return `${prefix}_01${(seedOf(`${prefix}${seq}`).toString(36) + seedOf(`${seq}${prefix}`).toString(36)).padEnd(22, 'x').slice(0, 22)}`;
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  return (asArray(system) ?? []).map((b) => asString(asObject(b)?.text) ?? '').join('\n');
}

/** Anthropic caches nothing shorter than this many prompt tokens (Sonnet/Opus minimum), even when asked. */
const MIN_CACHEABLE_TOKENS = 1024;

interface CachePlan {
  key: string;
  tokens: number;
  ttl: '5m' | '1h';
}

/** The system prefix up to its last `cache_control` breakpoint (prompt caching), when long enough to cache. */
function cachePlan(system: unknown): CachePlan | null {
  const blocks = asArray(system) ?? [];
  let last = -1;
  blocks.forEach((b, i) => {
    if (asObject(asObject(b)?.cache_control)) last = i;
  });
  if (last < 0) return null;
  const key = systemText(blocks.slice(0, last + 1));
  const tokens = estimateTokens(key);
  if (tokens < MIN_CACHEABLE_TOKENS) return null;
  const ttl = asString(asObject(asObject(blocks[last])?.cache_control)?.ttl) === '1h' ? '1h' : '5m';
  return { key, tokens, ttl };
}

export async function startAnthropicFake(options: AnthropicFakeOptions = {}): Promise<AnthropicFake> {
  const rec = options.recordings;
  // Prompt caching: the first request with a cacheable prefix writes it, later ones read it.
  const cachedPrefixes = new Set<string>();
  const cacheUsage = (system: unknown) => {
    const plan = cachePlan(system);
    if (plan === null) return { read: 0, write5m: 0, write1h: 0 };
    const hit = cachedPrefixes.has(plan.key);
    cachedPrefixes.add(plan.key);
    if (hit) return { read: plan.tokens, write5m: 0, write1h: 0 };
    return plan.ttl === '1h'
      ? { read: 0, write5m: 0, write1h: plan.tokens }
      : { read: 0, write5m: plan.tokens, write1h: 0 };
  };
  const interval = options.streamIntervalMs ?? 0;
  let streamErrors = 0;

  const headers = (req: FakeRequest): Record<string, string> => {
    const reset = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      'request-id': idFor('req', req.seq),
      'anthropic-organization-id': '5576611f-a1ee-427c-9800-298d9579899c',
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': String(Math.max(0, 50 - req.seq)),
      'anthropic-ratelimit-requests-reset': reset,
      'anthropic-ratelimit-tokens-limit': '90000',
      'anthropic-ratelimit-tokens-remaining': '89000',
      'anthropic-ratelimit-tokens-reset': reset,
      'anthropic-ratelimit-input-tokens-limit': '80000',
      'anthropic-ratelimit-input-tokens-remaining': '79500',
      'anthropic-ratelimit-input-tokens-reset': reset,
      'anthropic-ratelimit-output-tokens-limit': '16000',
      'anthropic-ratelimit-output-tokens-remaining': '15500',
      'anthropic-ratelimit-output-tokens-reset': reset,
    };
  };
  const invalid = (req: FakeRequest, reply: FakeReply, message: string) =>
    reply.json(400, anthropicErrorBody('invalid_request_error', message, idFor('req', req.seq)), headers(req));

  /** Frames a `.jsonl` recording (data only) with `event:` lines named by each payload's type. */
  const replayJsonl = async (sse: SseWriter, file: string) => {
    for (const line of readRecording(rec ?? '', file).split('\n')) {
      if (line.trim() === '') continue;
      const type = asString(asObject(JSON.parse(line))?.type) ?? 'message';
      if (!(await sse.event(line, { event: type }))) return false;
    }
    return true;
  };

  const messages = async (req: FakeRequest, reply: FakeReply) => {
    if (req.headers['anthropic-version'] === undefined)
      return invalid(req, reply, 'anthropic-version: header is required');
    const body = asObject(req.json());
    if (body === undefined) return invalid(req, reply, 'Invalid JSON in request body');
    const model = asString(body.model);
    if (model === undefined) return invalid(req, reply, 'model: Field required');
    if (asNumber(body.max_tokens) === undefined) return invalid(req, reply, 'max_tokens: Field required');
    const turns = asArray(body.messages);
    if (turns === undefined || turns.length === 0)
      return invalid(req, reply, 'messages: at least one message is required');
    const system = systemText(body.system);
    const prompt = messagesText(turns);
    const served = ALIASES[model] ?? model;

    if (body.stream === true) {
      const sse = reply.sse(headers(req), interval);
      const failMidway = streamErrors > 0;
      if (failMidway) streamErrors--;
      if (rec && !failMidway) {
        if (model === 'claude-opus-4-8') {
          // The SDK fixture already carries its own event framing: split and resend it event by event.
          for (const block of readRecording(rec, 'message-stream.basic.sse').split(/\n\n+/)) {
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (data !== undefined && !(await sse.event(data, event ? { event } : {}))) return;
          }
        } else if (
          !(await replayJsonl(
            sse,
            model === 'claude-opus-4-5'
              ? 'message-stream.delta-input-tokens.claude-opus-4-5.jsonl'
              : 'message-stream.text.claude-sonnet-4-5.jsonl',
          ))
        )
          return;
        sse.end();
        return;
      }
      await synthesizeStream(sse, req, served, system, prompt, turns.length, failMidway, cacheUsage(body.system));
      return;
    }

    if (rec) {
      const file = RECORDED_MESSAGES[model] ?? 'message.text.claude-sonnet-4-5.json';
      return reply.text(200, readRecording(rec, file), 'application/json', headers(req));
    }
    const text = demoTextFor(system, prompt);
    reply.json(
      200,
      {
        model: served,
        id: idFor('msg', req.seq),
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: usageBlock(
          syntheticPromptTokens(`${system}\n${prompt}`, turns.length),
          estimateTokens(text),
          cacheUsage(body.system),
        ),
      },
      headers(req),
    );
  };

  type CacheUsage = ReturnType<typeof cacheUsage>;
  const NO_CACHE: CacheUsage = { read: 0, write5m: 0, write1h: 0 };
  // input_tokens excludes the cached prefix (written or read), as Anthropic reports it.
  const usageBlock = (prompt: number, output: number, cache: CacheUsage = NO_CACHE) => ({
    input_tokens: Math.max(1, prompt - cache.read - cache.write5m - cache.write1h),
    cache_creation_input_tokens: cache.write5m + cache.write1h,
    cache_read_input_tokens: cache.read,
    cache_creation: { ephemeral_5m_input_tokens: cache.write5m, ephemeral_1h_input_tokens: cache.write1h },
    output_tokens: output,
    service_tier: 'standard',
    inference_geo: 'not_available',
  });

  async function synthesizeStream(
    sse: SseWriter,
    req: FakeRequest,
    model: string,
    system: string,
    prompt: string,
    turns: number,
    failMidway: boolean,
    cache: CacheUsage,
  ) {
    const text = demoTextFor(system, prompt);
    const input = syntheticPromptTokens(`${system}\n${prompt}`, turns);
    const send = (data: JsonObject) => sse.event(data, { event: String(data.type) });
    const start = {
      type: 'message_start',
      message: {
        model,
        id: idFor('msg', req.seq),
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageBlock(input, 1, cache),
      },
    };
    if (!(await send(start))) return;
    if (!(await send({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }))) return;
    if (!(await send({ type: 'ping' }))) return;
    const deltas = streamDeltas(text);
    for (const [i, d] of deltas.entries()) {
      if (failMidway && i === Math.min(3, deltas.length - 1)) {
        // Verbatim the documented mid-stream error event.
        await sse.event('{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}', {
          event: 'error',
        });
        sse.end();
        return;
      }
      if (!(await send({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: d } }))) return;
    }
    if (!(await send({ type: 'content_block_stop', index: 0 }))) return;
    const {
      cache_creation: _perTtl,
      service_tier: _tier,
      inference_geo: _geo,
      ...usage
    } = usageBlock(input, estimateTokens(text), cache);
    if (!(await send({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage })))
      return;
    if (await send({ type: 'message_stop' })) sse.end();
  }

  const costReport: CostReportEntry[] = [];
  /**
   * GET /v1/organizations/cost_report, RECONSTRUCTED (see parseCostReport): daily buckets between starting_at
   * and ending_at, `amount` a decimal string of cents. Without an organization admin key configured the
   * endpoint does not exist for this account (404), as for an individual account.
   */
  function costReportRoute(req: FakeRequest, reply: FakeReply) {
    if (options.adminKey === undefined)
      return reply.json(404, anthropicErrorBody('not_found_error', 'Not found', idFor('req', req.seq)));
    const from = Date.parse(req.query.get('starting_at') ?? '');
    const to = Date.parse(req.query.get('ending_at') ?? '') || Date.now();
    if (Number.isNaN(from))
      return reply.json(400, anthropicErrorBody('invalid_request_error', 'starting_at: Field required'));
    const data = [];
    for (let d = Math.floor(from / 86_400_000) * 86_400_000; d < to; d += 86_400_000) {
      const day = new Date(d).toISOString().slice(0, 10);
      const usd = costReport.filter((c) => c.day === day).reduce((s, c) => s + c.usd, 0);
      data.push({
        starting_at: `${day}T00:00:00Z`,
        ending_at: new Date(d + 86_400_000).toISOString().replace('.000Z', 'Z'),
        results: usd ? [{ currency: 'USD', amount: (usd * 100).toFixed(4), description: null, model: null }] : [],
      });
    }
    reply.json(200, { data, has_more: false, next_page: null });
  }

  const server = await startFakeServer({
    // Above 32 MB Cloudflare answers before the API does, with its own body.
    maxBodyBytes: 32 * 1024 * 1024,
    tooLarge: (reply) =>
      reply.json(413, anthropicErrorBody('request_too_large', 'Request exceeds the maximum allowed number of bytes.')),
    authorize: (req) =>
      keyAccepted(
        typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null,
        req.path.startsWith('/v1/organizations/') ? (options.adminKey ?? options.apiKey) : options.apiKey,
      ),
    unauthorized: (req, reply) =>
      reply.json(401, anthropicErrorBody('authentication_error', 'invalid x-api-key', idFor('req', req.seq))),
    notFound: (req, reply) =>
      reply.json(
        404,
        anthropicErrorBody('not_found_error', 'The requested resource could not be found.', idFor('req', req.seq)),
      ),
    routes: [
      { method: 'POST', path: '/v1/messages', handler: messages },
      { method: 'GET', path: '/v1/organizations/cost_report', handler: costReportRoute },
      {
        method: 'GET',
        path: '/v1/models',
        handler: (req, reply) =>
          reply.json(
            200,
            {
              data: DEMO_MODELS.map((m) => ({ type: 'model', ...m })),
              has_more: false,
              first_id: DEMO_MODELS[0]?.id ?? null,
              last_id: DEMO_MODELS.at(-1)?.id ?? null,
            },
            headers(req),
          ),
      },
    ],
  });

  return Object.assign(server, {
    baseUrl: server.url,
    costReport,
    rateLimit(opts: { retryAfterSeconds?: number; times?: number } = {}) {
      const reset = new Date(Date.now() + (opts.retryAfterSeconds ?? 1) * 1000).toISOString();
      server.inject(
        {
          type: 'status',
          status: 429,
          headers: {
            'content-type': 'application/json',
            'retry-after': String(opts.retryAfterSeconds ?? 1),
            'anthropic-ratelimit-requests-remaining': '0',
            'anthropic-ratelimit-requests-reset': reset,
          },
          body: anthropicErrorBody(
            'rate_limit_error',
            'Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage.',
          ),
        },
        { times: opts.times ?? 1 },
      );
    },
    overloaded(times = 1) {
      server.inject(
        { type: 'status', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
        { times },
      );
    },
    midStreamError(times = 1) {
      streamErrors += times;
    },
  });
}
