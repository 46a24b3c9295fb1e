// A loopback OpenRouter (under /api/v1): chat with `usage.cost` and provider, SSE with
// `: OPENROUTER PROCESSING` comments and a final `choices:[]` usage chunk, mid-stream
// `finish_reason:"error"`, /models with per-token price strings, /key, and /generation that 404s
// before it answers. Spec/docs examples are replayed when `recordings` is set; demo mode
// synthesizes the same shapes with deterministic content.
import { seedOf } from '../shared/demo-content';
import { demoChatCompletionText } from '../shared/demo-reply';
import {
  bearerToken,
  keyAccepted,
  messagesText,
  readRecording,
  streamDeltas,
  syntheticPromptTokens,
} from '../shared/fake-helpers';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import { asArray, asObject, asString, type JsonObject } from '../shared/json';
import { estimateTokens } from '../shared/units';

export interface OpenRouterFakeOptions {
  apiKey?: string;
  /** Folder of OpenRouter spec/docs examples (refs/examples/openrouter) to replay where one fits. */
  recordings?: string;
  streamIntervalMs?: number;
  /** How many lookups of a fresh generation 404 before it is visible (default 1). */
  generationNotFoundTimes?: number;
  /** Simulate a BYOK key: `cost` is OpenRouter's 5 % fee and the upstream charge is reported apart. */
  byok?: boolean;
}

export interface OpenRouterFake extends FakeServer {
  /** Base URL to configure (ends in /api/v1). */
  baseUrl: string;
  rateLimit(opts?: { retryAfterSeconds?: number; times?: number }): void;
  /** 402 insufficient credits: never retried. */
  outOfCredits(times?: number): void;
  /** 529 provider overloaded. */
  overloaded(times?: number): void;
  /** 524 from Cloudflare's edge: an HTML page, not JSON. */
  edgeTimeout(times?: number): void;
  /** The next `times` streams fail mid-way with an error chunk (finish_reason "error"). */
  midStreamError(times?: number): void;
  /** Spend on the same key from outside the app (another machine, the OpenRouter chatroom): /key counts it. */
  spendOutside(usd: number): void;
  /** The vendor's final figure for a generation differs from what the chat reported (e.g. a late discount). */
  repriceGeneration(id: string, totalCostUsd: number): void;
}

export function openRouterErrorBody(code: number, message: string, metadata?: JsonObject): JsonObject {
  return { error: { code, message, ...(metadata ? { metadata } : {}) } };
}

/** Demo prices in USD per token, as strings (the real API's format). */
const DEMO_MODELS: Array<{ id: string; name: string; prompt: string; completion: string; provider: string }> = [
  {
    id: 'openai/gpt-4o-mini',
    name: 'OpenAI: GPT-4o-mini',
    prompt: '0.00000015',
    completion: '0.0000006',
    provider: 'OpenAI',
  },
  {
    id: 'anthropic/claude-sonnet-4.5',
    name: 'Anthropic: Claude Sonnet 4.5',
    prompt: '0.000003',
    completion: '0.000015',
    provider: 'Anthropic',
  },
  {
    id: 'meta-llama/llama-3.3-70b-instruct:free',
    name: 'Meta: Llama 3.3 70B Instruct (free)',
    prompt: '0',
    completion: '0',
    provider: 'Together',
  },
];
const FALLBACK_PRICE = { prompt: '0.000001', completion: '0.000002', provider: 'OpenAI' };

function genId(seq: number): string {
  return `gen-${(seedOf(`gen${seq}`).toString(36) + seedOf(`${seq}gen`).toString(36)).padEnd(24, '0').slice(0, 24)}`;
}

interface Generation {
  data: JsonObject;
  lookups: number;
}

export async function startOpenRouterFake(options: OpenRouterFakeOptions = {}): Promise<OpenRouterFake> {
  const rec = options.recordings;
  const interval = options.streamIntervalMs ?? 0;
  const notFoundTimes = options.generationNotFoundTimes ?? 1;
  const generations = new Map<string, Generation>();
  let spentUsd = 0;
  /** Upstream charges of BYOK calls (billed to the user's own provider key, counted in /key byok_usage). */
  let byokUsd = 0;
  let streamErrors = 0;

  const usageFor = (model: string, promptTokens: number, completionTokens: number) => {
    const price = DEMO_MODELS.find((m) => m.id === model) ?? FALLBACK_PRICE;
    const upstream = promptTokens * Number(price.prompt) + completionTokens * Number(price.completion);
    const cost = options.byok ? upstream * 0.05 : upstream;
    spentUsd += cost;
    if (options.byok) byokUsd += upstream;
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0, video_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0, audio_tokens: 0 },
      cost: Number(cost.toFixed(9)),
      is_byok: options.byok === true,
      cost_details: {
        upstream_inference_cost: options.byok ? Number(upstream.toFixed(9)) : null,
        upstream_inference_prompt_cost: Number((promptTokens * Number(price.prompt)).toFixed(9)),
        upstream_inference_completions_cost: Number((completionTokens * Number(price.completion)).toFixed(9)),
      },
    };
  };

  const remember = (
    id: string,
    model: string,
    provider: string,
    usage: ReturnType<typeof usageFor>,
    streamed: boolean,
  ) => {
    generations.set(id, {
      lookups: 0,
      data: {
        id,
        model,
        provider_name: provider,
        total_cost: usage.cost,
        upstream_inference_cost: usage.cost_details.upstream_inference_cost,
        usage: usage.cost,
        is_byok: usage.is_byok,
        tokens_prompt: usage.prompt_tokens,
        tokens_completion: usage.completion_tokens,
        native_tokens_prompt: usage.prompt_tokens,
        native_tokens_completion: usage.completion_tokens,
        native_tokens_reasoning: 0,
        native_tokens_cached: 0,
        streamed,
        cancelled: false,
        finish_reason: 'stop',
        native_finish_reason: 'stop',
        latency: 250,
        generation_time: 200,
        created_at: new Date().toISOString(),
        api_type: 'completions',
      },
    });
  };

  const chat = async (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    if (body === undefined) return reply.json(400, openRouterErrorBody(400, 'Invalid JSON body'));
    const model = asString(asArray(body.models)?.[0]) ?? asString(body.model);
    if (model === undefined) return reply.json(400, openRouterErrorBody(400, 'No models provided'));
    if (asArray(body.messages)?.length === undefined)
      return reply.json(400, openRouterErrorBody(400, 'Input required: specify "prompt" or "messages"'));
    const id = genId(req.seq);
    const provider = (DEMO_MODELS.find((m) => m.id === model) ?? FALLBACK_PRICE).provider;
    const h = { 'x-generation-id': id };
    const plain = body.response_format === undefined;

    if (body.stream === true) {
      const sse = reply.sse(h, interval);
      const fail = streamErrors > 0;
      if (fail) streamErrors--;
      const created = Math.floor(Date.now() / 1000);
      const base = { id, provider, model, object: 'chat.completion.chunk', created };
      if (!(await sse.comment('OPENROUTER PROCESSING'))) return;
      if (rec && plain && !fail) {
        // Spec chunk example, a stop chunk, then the documented final usage chunk, verbatim.
        if (!(await sse.event(readRecording(rec, 'chat-stream-chunk.spec-example.json').replace(/\s*\n\s*/g, ''))))
          return;
        if (
          !(await sse.event({
            ...base,
            choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop', native_finish_reason: 'stop' }],
          }))
        )
          return;
        if (
          !(await sse.event(readRecording(rec, 'stream-final-usage-chunk.docs-example.json').replace(/\s*\n\s*/g, '')))
        )
          return;
      } else {
        const content = demoChatCompletionText(body);
        const deltas = streamDeltas(content);
        for (const [i, d] of deltas.entries()) {
          if (fail && i === Math.min(2, deltas.length - 1)) {
            await sse.event({
              ...base,
              error: { code: 'server_error', message: 'Provider disconnected unexpectedly' },
              choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
            });
            sse.end();
            return;
          }
          if (i === 1 && !(await sse.comment('OPENROUTER PROCESSING'))) return;
          if (
            !(await sse.event({
              ...base,
              choices: [
                { index: 0, delta: { role: 'assistant', content: d }, finish_reason: null, native_finish_reason: null },
              ],
            }))
          )
            return;
        }
        if (
          !(await sse.event({
            ...base,
            choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop', native_finish_reason: 'stop' }],
          }))
        )
          return;
        const usage = usageFor(
          model,
          syntheticPromptTokens(messagesText(body.messages), asArray(body.messages)?.length ?? 1),
          estimateTokens(content),
        );
        remember(id, model, provider, usage, true);
        if (!(await sse.event({ ...base, choices: [], usage }))) return;
      }
      if (await sse.event('[DONE]')) sse.end();
      return;
    }

    if (rec && plain)
      return reply.text(200, readRecording(rec, 'chat-completion.spec-example.json'), 'application/json', h);
    const content = demoChatCompletionText(body);
    const usage = usageFor(
      model,
      syntheticPromptTokens(messagesText(body.messages), asArray(body.messages)?.length ?? 1),
      estimateTokens(content),
    );
    remember(id, model, provider, usage, false);
    reply.json(
      200,
      {
        id,
        provider,
        model,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        system_fingerprint: null,
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            native_finish_reason: 'stop',
            logprobs: null,
            message: { role: 'assistant', content, refusal: null, reasoning: null },
          },
        ],
        usage,
      },
      h,
    );
  };

  const generation = (req: FakeRequest, reply: FakeReply) => {
    const id = req.query.get('id') ?? '';
    const known = generations.get(id) ?? (rec ? { data: {}, lookups: 0 } : undefined);
    if (known === undefined) return reply.json(404, openRouterErrorBody(404, `Generation ${id} not found`));
    if (rec && !generations.has(id)) generations.set(id, known);
    known.lookups++;
    if (known.lookups <= notFoundTimes) return reply.json(404, openRouterErrorBody(404, `Generation ${id} not found`));
    if (rec) return reply.text(200, readRecording(rec, 'generation.spec-example.json'), 'application/json');
    reply.json(200, { data: known.data });
  };

  const server = await startFakeServer({
    authorize: (req) => keyAccepted(bearerToken(req), options.apiKey),
    unauthorized: (req, reply) =>
      bearerToken(req) === null
        ? reply.json(401, openRouterErrorBody(401, 'No auth credentials found'))
        : reply.json(401, openRouterErrorBody(401, 'User not found.')),
    notFound: (_req, reply) => reply.json(404, openRouterErrorBody(404, 'Not Found')),
    routes: [
      { method: 'POST', path: '/api/v1/chat/completions', handler: chat },
      {
        method: 'GET',
        path: '/api/v1/models',
        handler: (_req, reply) => {
          if (rec) return reply.text(200, readRecording(rec, 'models-list.spec-example.json'), 'application/json');
          reply.json(200, {
            data: DEMO_MODELS.map((m) => ({
              id: m.id,
              canonical_slug: m.id,
              name: m.name,
              created: 1_692_901_234,
              context_length: 128_000,
              architecture: {
                modality: 'text->text',
                input_modalities: ['text'],
                output_modalities: ['text'],
                tokenizer: 'Other',
                instruct_type: null,
              },
              pricing: { prompt: m.prompt, completion: m.completion, request: '0', image: '0' },
              top_provider: { context_length: 128_000, max_completion_tokens: 16_384, is_moderated: false },
              per_request_limits: null,
              supported_parameters: ['temperature', 'max_tokens', 'response_format'],
            })),
          });
        },
      },
      {
        method: 'GET',
        path: '/api/v1/key',
        handler: (_req, reply) => {
          if (rec) return reply.text(200, readRecording(rec, 'key.spec-example.json'), 'application/json');
          const usage = Number(spentUsd.toFixed(9));
          const byok = Number(byokUsd.toFixed(9));
          reply.json(200, {
            data: {
              label: 'sk-or-v1-dem...o00',
              limit: 25,
              limit_remaining: Number((25 - usage).toFixed(9)),
              limit_reset: 'monthly',
              usage,
              usage_daily: usage,
              usage_weekly: usage,
              usage_monthly: usage,
              byok_usage: byok,
              byok_usage_daily: byok,
              byok_usage_weekly: byok,
              byok_usage_monthly: byok,
              include_byok_in_limit: false,
              is_free_tier: false,
              is_management_key: false,
              is_provisioning_key: false,
              expires_at: null,
              creator_user_id: 'user_demo',
            },
          });
        },
      },
      { method: 'GET', path: '/api/v1/generation', handler: generation },
    ],
  });

  return Object.assign(server, {
    baseUrl: `${server.url}/api/v1`,
    rateLimit(opts: { retryAfterSeconds?: number; times?: number } = {}) {
      server.inject(
        {
          type: 'status',
          status: 429,
          headers: {
            'content-type': 'application/json',
            'retry-after': String(opts.retryAfterSeconds ?? 1),
            'x-ratelimit-limit': '20',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Date.now() + (opts.retryAfterSeconds ?? 1) * 1000),
          },
          body: openRouterErrorBody(429, 'Rate limit exceeded', { error_type: 'rate_limit_exceeded' }),
        },
        { times: opts.times ?? 1 },
      );
    },
    outOfCredits(times = 1) {
      server.inject(
        {
          type: 'status',
          status: 402,
          body: openRouterErrorBody(402, 'Insufficient credits. Add more using https://openrouter.ai/credits'),
        },
        { times },
      );
    },
    overloaded(times = 1) {
      server.inject(
        { type: 'status', status: 529, body: openRouterErrorBody(529, 'Provider returned error') },
        { times },
      );
    },
    edgeTimeout(times = 1) {
      server.inject(
        {
          type: 'status',
          status: 524,
          headers: { 'content-type': 'text/html; charset=UTF-8' },
          body: '<!DOCTYPE html><html><head><title>openrouter.ai | 524: A timeout occurred</title></head><body><h1>A timeout occurred</h1><p>Error code 524</p></body></html>',
        },
        { times },
      );
    },
    midStreamError(times = 1) {
      streamErrors += times;
    },
    spendOutside(usd: number) {
      spentUsd += usd;
    },
    repriceGeneration(id: string, totalCostUsd: number) {
      const g = generations.get(id);
      if (!g) throw new Error(`no generation ${id}`);
      spentUsd += totalCostUsd - Number(g.data.total_cost);
      g.data.total_cost = totalCostUsd;
      g.data.usage = totalCostUsd;
    },
  });
}
