// A loopback OpenAI: the real wire format (recorded examples replayed byte-exact when `recordings`
// points at them, else synthesized in the same shape), `x-ratelimit-*` headers with Go durations,
// the real error envelopes, and presets for the faults that matter (rate limit vs insufficient_quota).
// Also the demo-mode backend: deterministic analysis JSON, script rewrites and transcripts.
import { randomBytes } from 'node:crypto';
import { audioDurationFromBuffer } from '../shared/audio-duration';
import { demoScriptRewrite, demoTranscript, seedOf } from '../shared/demo-content';
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
import { asArray, asNumber, asObject, asString, at, type JsonObject } from '../shared/json';
import { estimateTokens } from '../shared/units';

export interface OpenAIFakeOptions {
  /** When set, only this key is accepted; otherwise any non-empty Bearer key is (demo mode). */
  apiKey?: string;
  /** Folder of recorded OpenAI examples (refs/examples/openai) to replay byte-exact where one fits. */
  recordings?: string;
  /** Pause between stream chunks (abort tests, realistic demo typing). */
  streamIntervalMs?: number;
  /** The admin key /v1/organization/* accepts (any non-empty key when unset, like `apiKey`). */
  adminKey?: string;
}

/** One line of the organization's daily costs (GET /v1/organization/costs). */
export interface OrganizationCostLine {
  /** Unix seconds of the day bucket's start (UTC midnight). */
  day: number;
  usd: number;
  lineItem?: string;
}

export interface OpenAIFake extends FakeServer {
  /** Base URL to configure for the provider (ends in /v1). */
  baseUrl: string;
  /** What GET /v1/models says a model's `shutdown_date` is (YYYY-MM-DD), or null to clear it. */
  setShutdownDate(model: string, date: string | null): void;
  /** A rate-limit 429 with `retry-after` (seconds) and/or `retry-after-ms`. */
  rateLimit(opts?: { retryAfterSeconds?: number; retryAfterMs?: number; times?: number }): void;
  /** The 429 `insufficient_quota` that must not be retried. */
  insufficientQuota(times?: number): void;
  /** A 5xx with OpenAI's server_error envelope (503 = "engine overloaded"). */
  serverError(status?: number, times?: number): void;
  /** What the organization was billed per day (the Costs API answers from these). */
  readonly organizationCosts: OrganizationCostLine[];
}

/** OpenAI's error envelope: all four keys always present. */
export function openAIErrorBody(
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): JsonObject {
  return { error: { message, type, param, code } };
}

export const INSUFFICIENT_QUOTA_BODY = openAIErrorBody(
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  'insufficient_quota',
  'insufficient_quota',
);

const SNAPSHOTS: Record<string, string> = {
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-3.5-turbo-instruct': 'gpt-3.5-turbo-instruct:20230824-v2',
};
const DEMO_MODELS = [
  'gpt-4.1-nano',
  'gpt-4.1-mini',
  'gpt-4o-mini',
  'text-embedding-3-small',
  'whisper-1',
  'gpt-4o-transcribe',
  'gpt-4o-mini-transcribe',
];
const isReasoningModel = (model: string) => /^(o\d|gpt-5)/.test(model);

function hexId(seed: string, n: number, length: number): string {
  return (seedOf(`${seed}:${n}`).toString(36) + seedOf(`${n}:${seed}`).toString(36))
    .padEnd(length, '0')
    .slice(0, length);
}

function chatUsage(promptTokens: number, completionTokens: number): JsonObject {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function srtOrVtt(text: string, seconds: number, format: 'srt' | 'vtt'): string {
  const stamp = (s: number) => {
    const ms = Math.round(s * 1000);
    const hh = String(Math.floor(ms / 3_600_000)).padStart(2, '0');
    const mm = String(Math.floor(ms / 60_000) % 60).padStart(2, '0');
    const ss = String(Math.floor(ms / 1000) % 60).padStart(2, '0');
    return `${hh}:${mm}:${ss}${format === 'srt' ? ',' : '.'}${String(ms % 1000).padStart(3, '0')}`;
  };
  const cue = `${stamp(0)} --> ${stamp(seconds)}\n${text}\n`;
  return format === 'srt' ? `1\n${cue}\n` : `WEBVTT\n\n${cue}\n`;
}

export async function startOpenAIFake(options: OpenAIFakeOptions = {}): Promise<OpenAIFake> {
  const rec = options.recordings;
  /** Announced shutdowns the models list reports (the spec field `shutdown_date`). */
  const shutdownDates = new Map<string, string>();
  const interval = options.streamIntervalMs ?? 0;
  let tokensUsed = 0;

  const headers = (req: FakeRequest): Record<string, string> => ({
    'x-request-id': `req_${hexId('openai', req.seq, 32)}`,
    'openai-processing-ms': String(200 + (req.seq % 50)),
    'openai-version': '2020-10-01',
    'openai-organization': 'org-demo',
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-remaining-requests': String(Math.max(0, 500 - req.seq)),
    'x-ratelimit-reset-requests': '120ms',
    'x-ratelimit-limit-tokens': '200000',
    'x-ratelimit-remaining-tokens': String(Math.max(0, 200_000 - tokensUsed)),
    'x-ratelimit-reset-tokens': '6m0s',
  });
  const invalid = (
    req: FakeRequest,
    reply: FakeReply,
    message: string,
    param: string | null = null,
    code: string | null = null,
  ) => reply.json(400, openAIErrorBody(message, 'invalid_request_error', code, param), headers(req));

  const chat = async (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    if (body === undefined) return invalid(req, reply, 'We could not parse the JSON body of your request.');
    const model = asString(body.model);
    if (model === undefined) return invalid(req, reply, 'you must provide a model parameter', 'model');
    if (asArray(body.messages)?.length === undefined)
      return invalid(req, reply, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
    if (body.max_tokens !== undefined && isReasoningModel(model)) {
      return invalid(
        req,
        reply,
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        'max_tokens',
        'unsupported_parameter',
      );
    }
    const plain = body.response_format === undefined && body.tools === undefined;
    const includeUsage = at(body, 'stream_options', 'include_usage') === true;
    if (body.stream === true) {
      const sse = reply.sse(headers(req), interval);
      if (rec && plain) {
        for (const line of readRecording(rec, 'chat-completion-stream.include-usage.jsonl').split('\n')) {
          if (line.trim() === '') continue;
          // The recording's last chunk is the include_usage one; without the option OpenAI sends none.
          if (!includeUsage && line.includes('"choices":[]')) continue;
          if (!(await sse.event(line))) return;
        }
      } else {
        const content = demoChatCompletionText(body);
        const base = {
          id: `chatcmpl-${hexId('chat', req.seq, 29)}`,
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model: SNAPSHOTS[model] ?? model,
          service_tier: 'default',
          system_fingerprint: 'fp_demo00000',
        };
        const obf = () =>
          randomBytes(4)
            .toString('base64url')
            .slice(0, 1 + (req.seq % 8));
        const chunks: JsonObject[] = [
          {
            ...base,
            choices: [
              {
                index: 0,
                delta: { role: 'assistant', content: '', refusal: null },
                logprobs: null,
                finish_reason: null,
              },
            ],
            usage: null,
            obfuscation: obf(),
          },
          ...streamDeltas(content).map((d) => ({
            ...base,
            choices: [{ index: 0, delta: { content: d }, logprobs: null, finish_reason: null }],
            usage: null,
            obfuscation: obf(),
          })),
          {
            ...base,
            choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
            usage: null,
            obfuscation: obf(),
          },
        ];
        if (includeUsage) {
          const usage = chatUsage(
            syntheticPromptTokens(messagesText(body.messages), asArray(body.messages)?.length ?? 1),
            estimateTokens(content),
          );
          tokensUsed += usage.total_tokens as number;
          chunks.push({ ...base, choices: [], usage, obfuscation: obf() });
        }
        for (const c of chunks) if (!(await sse.event(c))) return;
      }
      if (await sse.event('[DONE]')) sse.end();
      return;
    }
    if (rec && plain)
      return reply.text(200, readRecording(rec, 'chat-completion.gpt-4.1-nano.json'), 'application/json', headers(req));
    if (rec && body.tools !== undefined)
      return reply.text(200, readRecording(rec, 'chat-completion.tool-calls.json'), 'application/json', headers(req));
    const content = demoChatCompletionText(body);
    const usage = chatUsage(
      syntheticPromptTokens(messagesText(body.messages), asArray(body.messages)?.length ?? 1),
      estimateTokens(content),
    );
    tokensUsed += usage.total_tokens as number;
    reply.json(
      200,
      {
        id: `chatcmpl-${hexId('chat', req.seq, 29)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: SNAPSHOTS[model] ?? model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage,
        service_tier: asString(body.service_tier) === 'flex' ? 'flex' : 'default',
        system_fingerprint: 'fp_demo00000',
      },
      headers(req),
    );
  };

  const embeddings = (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    const model = asString(body?.model);
    if (body === undefined || model === undefined)
      return invalid(req, reply, 'you must provide a model parameter', 'model');
    if (rec)
      return reply.text(
        200,
        readRecording(
          rec,
          model === 'text-embedding-3-large'
            ? 'embeddings.text-embedding-3-large.float.json'
            : 'embeddings.text-embedding-3-small.json',
        ),
        'application/json',
        headers(req),
      );
    const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
    const dims = asNumber(body.dimensions) ?? 8;
    const data = inputs.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: Array.from({ length: dims }, (_, i) =>
        Number((((seedOf(`${text}:${i}`) % 20_000) - 10_000) / 100_000).toFixed(6)),
      ),
    }));
    const tokens = inputs.reduce((n, t) => n + estimateTokens(t), 0);
    reply.json(
      200,
      { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
      headers(req),
    );
  };

  const completions = (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    const model = asString(body?.model);
    if (body === undefined || model === undefined)
      return invalid(req, reply, 'you must provide a model parameter', 'model');
    if (rec)
      return reply.text(
        200,
        readRecording(rec, 'completion-legacy.gpt-3.5-turbo-instruct.json'),
        'application/json',
        headers(req),
      );
    const prompt = String(body.prompt ?? '');
    const text = demoScriptRewrite(prompt);
    const p = estimateTokens(prompt);
    const c = estimateTokens(text);
    reply.json(
      200,
      {
        id: `cmpl-${hexId('cmpl', req.seq, 29)}`,
        object: 'text_completion',
        created: Math.floor(Date.now() / 1000),
        model: SNAPSHOTS[model] ?? model,
        choices: [{ text, index: 0, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c },
      },
      headers(req),
    );
  };

  const transcriptions = async (req: FakeRequest, reply: FakeReply) => {
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data'))
      return invalid(req, reply, 'Invalid Content-Type header (application/json), expected multipart/form-data.');
    let form: globalThis.FormData;
    try {
      form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': contentType } }).formData();
    } catch {
      return invalid(req, reply, 'Could not parse multipart form');
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob))
      return invalid(req, reply, "Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    if (typeof model !== 'string')
      return invalid(req, reply, "Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    const format = String(form.get('response_format') ?? 'json');
    const stream = form.get('stream') === 'true';
    const tokenModel = model.startsWith('gpt-4o') && !model.includes('diarize');
    if (tokenModel && format !== 'json') {
      return invalid(
        req,
        reply,
        `response_format '${format}' is not compatible with model '${model}'. Use 'json' instead.`,
        'response_format',
        'unsupported_value',
      );
    }
    const audio = Buffer.from(await file.arrayBuffer());
    const duration = (await audioDurationFromBuffer(audio)) ?? 10;
    const text = demoTranscript(audio.subarray(0, 4096).toString('base64'), duration);
    const seconds = Math.ceil(duration);
    const tokenUsage = {
      type: 'tokens',
      input_tokens: seconds * 10,
      input_token_details: { text_tokens: 0, audio_tokens: seconds * 10 },
      output_tokens: estimateTokens(text),
      total_tokens: seconds * 10 + estimateTokens(text),
    };
    if (stream && tokenModel) {
      const sse = reply.sse(headers(req), interval);
      if (rec) {
        for (const ev of readRecording(rec, 'transcription-stream.gpt-4o-transcribe.sse').split(/\n\n+/)) {
          const data = ev.replace(/^data: /, '').trim();
          if (data !== '' && !(await sse.event(data))) return;
        }
      } else {
        for (const delta of streamDeltas(text))
          if (!(await sse.event({ type: 'transcript.text.delta', delta }))) return;
        if (!(await sse.event({ type: 'transcript.text.done', text, usage: tokenUsage }))) return;
      }
      sse.end();
      return;
    }
    if (model.includes('diarize') && format === 'diarized_json' && rec)
      return reply.text(
        200,
        readRecording(rec, 'transcription.gpt-4o-transcribe-diarize.diarized_json.json'),
        'application/json',
        headers(req),
      );
    if (tokenModel) {
      if (rec && model === 'gpt-4o-transcribe')
        return reply.text(
          200,
          readRecording(rec, 'transcription.gpt-4o-transcribe.json'),
          'application/json',
          headers(req),
        );
      return reply.json(200, { text, usage: tokenUsage }, headers(req));
    }
    const durationUsage = { type: 'duration', seconds };
    switch (format) {
      case 'text':
        return reply.text(200, `${text}\n`, 'text/plain; charset=utf-8', headers(req));
      case 'srt':
      case 'vtt':
        return reply.text(200, srtOrVtt(text, duration, format), 'text/plain; charset=utf-8', headers(req));
      case 'verbose_json':
        return reply.json(
          200,
          {
            task: 'transcribe',
            language: 'english',
            duration,
            text,
            segments: [
              {
                id: 0,
                seek: 0,
                start: 0,
                end: duration,
                text,
                tokens: [],
                temperature: 0,
                avg_logprob: -0.2,
                compression_ratio: 1.2,
                no_speech_prob: 0.01,
              },
            ],
            usage: durationUsage,
          },
          headers(req),
        );
      case 'diarized_json':
        return reply.json(
          200,
          {
            task: 'transcribe',
            duration,
            text: `A: ${text}`,
            segments: [{ type: 'transcript.text.segment', id: 'seg_001', start: 0, end: duration, text, speaker: 'A' }],
            usage: durationUsage,
          },
          headers(req),
        );
      default:
        return reply.json(200, { text, usage: durationUsage }, headers(req));
    }
  };

  const organizationCosts: OrganizationCostLine[] = [];
  /**
   * GET /v1/organization/costs in the spec's UsageResponse/CostsResult shape (openai-openapi.yaml, the
   * x-oaiMeta response example): one `1d` bucket per day in [start_time, end_time), `limit` buckets a page,
   * the next page's cursor in `next_page`, results grouped by line_item when asked.
   */
  function organizationCostsRoute(req: FakeRequest, reply: FakeReply) {
    const start = Number(req.query.get('start_time'));
    if (!Number.isInteger(start))
      return reply.json(400, openAIErrorBody('start_time is required', 'invalid_request_error', null, 'start_time'));
    const end = Number(req.query.get('end_time') ?? Math.floor(Date.now() / 1000));
    const limit = Math.min(180, Math.max(1, Number(req.query.get('limit') ?? 7) || 7));
    const byLine =
      req.query.getAll('group_by').includes('line_item') || req.query.getAll('group_by[]').includes('line_item');
    const days: number[] = [];
    for (let d = Math.floor(start / 86_400) * 86_400; d < end; d += 86_400) days.push(d);
    const from = Number(req.query.get('page') ?? 0) || 0;
    const page = days.slice(from, from + limit);
    const data = page.map((day) => {
      const lines = organizationCosts.filter((c) => c.day === day);
      const groups = byLine
        ? [...new Set(lines.map((l) => l.lineItem ?? null))].map((item) => ({
            item,
            usd: lines.filter((l) => (l.lineItem ?? null) === item).reduce((s, l) => s + l.usd, 0),
          }))
        : lines.length
          ? [{ item: null, usd: lines.reduce((s, l) => s + l.usd, 0) }]
          : [];
      return {
        object: 'bucket',
        start_time: day,
        end_time: day + 86_400,
        results: groups.map((g) => ({
          object: 'organization.costs.result',
          amount: { value: Number(g.usd.toFixed(9)), currency: 'usd' },
          line_item: g.item,
          project_id: null,
          api_key_id: null,
          quantity: null,
          quantity_unit: null,
        })),
      };
    });
    const more = from + limit < days.length;
    reply.json(200, { object: 'page', data, has_more: more, next_page: more ? String(from + limit) : null });
  }

  const server = await startFakeServer({
    // OpenAI rejects request bodies above 25 MiB (26214400 bytes).
    maxBodyBytes: 26_214_400,
    tooLarge: (reply) =>
      reply.json(
        413,
        openAIErrorBody('Maximum content size limit (26214400) exceeded.', 'invalid_request_error', null),
      ),
    // The organization Usage/Costs API takes an admin key, every other route a project key.
    authorize: (req) =>
      keyAccepted(bearerToken(req), req.path.startsWith('/v1/organization/') ? options.adminKey : options.apiKey),
    unauthorized: (req, reply) => {
      const key = bearerToken(req);
      if (key === null || key === '') {
        return reply.json(
          401,
          openAIErrorBody(
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            'invalid_request_error',
            null,
          ),
        );
      }
      const masked =
        key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}` : '****';
      reply.json(
        401,
        openAIErrorBody(
          `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
    },
    notFound: (req, reply) =>
      reply.json(404, openAIErrorBody(`Invalid URL (${req.method} ${req.path})`, 'invalid_request_error', null)),
    routes: [
      {
        method: 'GET',
        path: '/v1/models',
        handler: (req, reply) => {
          if (rec) return reply.text(200, readRecording(rec, 'models-list.json'), 'application/json', headers(req));
          reply.json(
            200,
            {
              object: 'list',
              data: DEMO_MODELS.map((id) => ({
                id,
                object: 'model',
                created: 1_686_935_002,
                owned_by: 'openai',
                shutdown_date: shutdownDates.get(id) ?? null,
              })),
            },
            headers(req),
          );
        },
      },
      { method: 'GET', path: '/v1/organization/costs', handler: organizationCostsRoute },
      { method: 'POST', path: '/v1/chat/completions', handler: chat },
      { method: 'POST', path: '/v1/embeddings', handler: embeddings },
      { method: 'POST', path: '/v1/completions', handler: completions },
      { method: 'POST', path: '/v1/audio/transcriptions', handler: transcriptions },
    ],
  });

  return Object.assign(server, {
    baseUrl: `${server.url}/v1`,
    organizationCosts,
    setShutdownDate(model: string, date: string | null) {
      if (date === null) shutdownDates.delete(model);
      else shutdownDates.set(model, date);
    },
    rateLimit(opts: { retryAfterSeconds?: number; retryAfterMs?: number; times?: number } = {}) {
      const h: Record<string, string> = {
        'content-type': 'application/json',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '6.596s',
      };
      if (opts.retryAfterSeconds !== undefined) h['retry-after'] = String(opts.retryAfterSeconds);
      if (opts.retryAfterMs !== undefined) h['retry-after-ms'] = String(opts.retryAfterMs);
      server.inject(
        {
          type: 'status',
          status: 429,
          headers: h,
          body: openAIErrorBody(
            'Rate limit reached for gpt-4.1-nano in organization org-demo on tokens per min (TPM): Limit 200000, Used 199800, Requested 500. Please try again in 6.596s. Visit https://platform.openai.com/account/rate-limits to learn more.',
            'tokens',
            'rate_limit_exceeded',
          ),
        },
        { times: opts.times ?? 1 },
      );
    },
    insufficientQuota(times = 1) {
      server.inject({ type: 'status', status: 429, body: INSUFFICIENT_QUOTA_BODY }, { times });
    },
    serverError(status = 500, times = 1) {
      const message =
        status === 503
          ? 'The engine is currently overloaded, please try again later'
          : 'The server had an error while processing your request. Sorry about that!';
      server.inject({ type: 'status', status, body: openAIErrorBody(message, 'server_error', null) }, { times });
    },
  });
}
