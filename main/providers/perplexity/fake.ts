// A loopback Perplexity: the Agent API (JSON and typed SSE with terminal events, 200-with-failed),
// legacy Sonar chat (cumulative usage in every chunk, `chat.completion.done` last, `[DONE]`
// optional), public GET /v1/models, and the `{"error":{message,type,code}}` envelope. Recorded
// examples are replayed when `recordings` is set; otherwise research answers with citations are
// synthesized deterministically (demo mode).
import { demoResearch, demoReply, demoTaskFor, seedOf, type DemoResearch } from '../shared/demo-content';
import { bearerToken, keyAccepted, messagesText, readRecording, streamDeltas } from '../shared/fake-helpers';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../shared/json';
import { estimateTokens } from '../shared/units';

export interface PerplexityFakeOptions {
  apiKey?: string;
  /** Folder of recorded Perplexity examples (refs/examples/perplexity) to replay where one fits. */
  recordings?: string;
  streamIntervalMs?: number;
  /** Whether Sonar streams end with `data: [DONE]` after the done chunk (not visible in the recording). */
  sonarDoneLine?: boolean;
}

export interface PerplexityFake extends FakeServer {
  baseUrl: string;
  rateLimit(opts?: { retryAfterSeconds?: number; times?: number }): void;
  serverError(status?: number, times?: number): void;
  /** The next agent runs answer HTTP 200 with `status:"failed"` (or a `response.failed` stream terminal). */
  agentFailure(opts?: { code?: string; message?: string; times?: number }): void;
}

export function perplexityErrorBody(status: number, type: string, message: string): JsonObject {
  return { error: { message, type, code: status } };
}

const AGENT_MODELS = ['perplexity/sonar', 'openai/gpt-5.4', 'anthropic/claude-sonnet-4-6'];

function uuid(seed: string, n: number): string {
  const hex = (
    seedOf(`${seed}${n}`).toString(16).padStart(8, '0') + seedOf(`${n}${seed}`).toString(16).padStart(8, '0')
  ).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function answerFor(prompt: string): DemoResearch {
  return demoTaskFor(prompt) === 'reply'
    ? { text: demoReply(prompt), citations: demoResearch(prompt).citations }
    : demoResearch(prompt);
}

function inputText(input: unknown): string {
  return typeof input === 'string' ? input : messagesText(input);
}

export async function startPerplexityFake(options: PerplexityFakeOptions = {}): Promise<PerplexityFake> {
  const rec = options.recordings;
  const interval = options.streamIntervalMs ?? 0;
  const failures: Array<{ code: string; message: string }> = [];

  const invalid = (reply: FakeReply, message: string, type = 'invalid_request') =>
    reply.json(400, perplexityErrorBody(400, type, message));

  const agentUsage = (prompt: string, text: string, searches: number) => {
    const input = estimateTokens(prompt) + 600 * searches; // search context enters the prompt
    const output = estimateTokens(text);
    const inputCost = input * 0.000001;
    const outputCost = output * 0.000001;
    const toolCost = 0.0025 * searches;
    return {
      cost: {
        cache_creation_cost: 0,
        cache_read_cost: 0,
        currency: 'USD',
        input_cost: Number(inputCost.toFixed(6)),
        output_cost: Number(outputCost.toFixed(6)),
        tool_calls_cost: toolCost,
        tool_calls_cost_details: { search_web: toolCost },
        total_cost: Number((inputCost + outputCost + toolCost).toFixed(6)),
      },
      input_tokens: input,
      input_tokens_details: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cached_tokens: 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: 0 },
      tool_calls_details: { search_web: { cost_usd: toolCost, invocation: searches } },
      total_tokens: input + output,
    };
  };

  const agentResponse = (
    req: FakeRequest,
    body: JsonObject,
    answer: DemoResearch,
    prompt: string,
    status = 'completed',
    error: JsonObject | null = null,
  ): JsonObject => {
    const searches = Array.isArray(body.tools) && body.tools.length > 0 ? 1 : 0;
    const now = Math.floor(Date.now() / 1000);
    const text = status === 'completed' ? answer.text : '';
    return {
      background: false,
      completed_at: now,
      created_at: now,
      error,
      frequency_penalty: 0,
      id: `resp_${uuid('resp', req.seq)}`,
      incomplete_details: null,
      instructions: asString(body.instructions) ?? null,
      max_output_tokens: asNumber(body.max_output_tokens) ?? null,
      max_tool_calls: null,
      metadata: {},
      model: asString(body.model) ?? 'perplexity/sonar',
      object: 'response',
      output: [
        ...(searches > 0
          ? [
              {
                queries: [prompt.slice(0, 200)],
                results: answer.citations.map((c, i) => ({
                  date: c.date,
                  id: i + 1,
                  last_updated: c.date,
                  snippet: c.snippet,
                  source: 'web',
                  title: c.title,
                  url: c.url,
                })),
                type: 'search_results',
              },
            ]
          : []),
        ...(text
          ? [
              {
                content: [{ annotations: [], text, type: 'output_text' }],
                id: `msg_${uuid('msg', req.seq)}`,
                role: 'assistant',
                status: 'completed',
                type: 'message',
              },
            ]
          : []),
      ],
      parallel_tool_calls: true,
      presence_penalty: 0,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: null,
      safety_identifier: null,
      service_tier: 'default',
      status,
      store: false,
      temperature: 1,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: body.tools ?? [],
      top_logprobs: 0,
      top_p: 1,
      truncation: '',
      usage: agentUsage(prompt, text, searches),
      user: null,
    };
  };

  const agent = async (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    if (body === undefined) return invalid(reply, 'Invalid JSON body');
    if (body.model === undefined && body.preset === undefined && body.models === undefined)
      return invalid(reply, 'model, models or preset is required', 'invalid_model');
    if (body.input === undefined) return invalid(reply, 'input is required');
    const prompt = `${asString(body.instructions) ?? ''}\n${inputText(body.input)}`;
    const answer = answerFor(prompt);
    const failure = failures.shift();

    if (body.stream !== true) {
      if (failure)
        return reply.json(
          200,
          agentResponse(req, body, answer, prompt, 'failed', {
            code: failure.code,
            message: failure.message,
            type: 'model_error',
          }),
        );
      if (rec) return reply.text(200, readRecording(rec, 'agent-response.web-search.json'), 'application/json');
      return reply.json(200, agentResponse(req, body, answer, prompt));
    }
    const sse = reply.sse({}, interval);
    let seq = 0;
    const send = (type: string, fields: JsonObject) => sse.event({ type, sequence_number: seq++, ...fields });
    const full = rec
      ? (JSON.parse(readRecording(rec, 'agent-response.web-search.json')) as JsonObject)
      : agentResponse(req, body, answer, prompt);
    const shell = { ...full, status: 'in_progress', output: [], usage: null, completed_at: null };
    if (!(await send('response.created', { response: shell }))) return;
    if (!(await send('response.in_progress', { response: shell }))) return;
    const output = asArray(full.output) ?? [];
    const search = asObject(output.find((o) => asObject(o)?.type === 'search_results'));
    if (search) {
      if (!(await send('response.reasoning.started', { thought: 'Searching the web' }))) return;
      if (!(await send('response.reasoning.search_queries', { queries: search.queries ?? [] }))) return;
      if (!(await send('response.reasoning.search_results', { results: search.results ?? [] }))) return;
      if (!(await send('response.reasoning.stopped', {}))) return;
    }
    if (failure) {
      if (
        await send('response.failed', { error: { code: failure.code, message: failure.message, type: 'model_error' } })
      )
        sse.end();
      return;
    }
    const message = asObject(output.find((o) => asObject(o)?.type === 'message'));
    const text = (asArray(message?.content) ?? []).map((p) => asString(asObject(p)?.text) ?? '').join('');
    const itemId = asString(message?.id) ?? 'msg_0';
    if (
      !(await send('response.output_item.added', {
        output_index: output.length - 1,
        item: { ...message, status: 'in_progress', content: [] },
      }))
    )
      return;
    for (const delta of streamDeltas(text))
      if (
        !(await send('response.output_text.delta', {
          item_id: itemId,
          output_index: output.length - 1,
          content_index: 0,
          delta,
        }))
      )
        return;
    if (
      !(await send('response.output_text.done', {
        item_id: itemId,
        output_index: output.length - 1,
        content_index: 0,
        text,
      }))
    )
      return;
    if (!(await send('response.output_item.done', { output_index: output.length - 1, item: message ?? {} }))) return;
    if (await send('response.completed', { response: full })) sse.end();
  };

  const sonar = async (req: FakeRequest, reply: FakeReply) => {
    const body = asObject(req.json());
    if (body === undefined)
      return reply.json(422, { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] });
    const model = asString(body.model);
    if (model === undefined)
      return reply.json(422, { detail: [{ loc: ['body', 'model'], msg: 'Field required', type: 'missing' }] });
    const prompt = messagesText(body.messages);
    const answer = answerFor(prompt);
    const size = asString(asObject(body.web_search_options)?.search_context_size) ?? 'low';
    const fee = { low: 0.005, medium: 0.008, high: 0.012 }[size] ?? 0.005;
    const id = uuid('sonar', req.seq);
    const created = Math.floor(Date.now() / 1000);
    const citations = answer.citations.map((c) => c.url);
    const searchResults = answer.citations.map((c) => ({
      title: c.title,
      url: c.url,
      date: c.date,
      last_updated: c.date,
      snippet: c.snippet,
      source: 'web',
    }));
    const prompted = estimateTokens(prompt);
    const usageAt = (completion: number) => {
      const input = prompted * 0.000001;
      const output = completion * 0.000001;
      return {
        prompt_tokens: prompted,
        completion_tokens: completion,
        total_tokens: prompted + completion,
        search_context_size: size,
        cost: {
          input_tokens_cost: Number(input.toFixed(6)),
          output_tokens_cost: Number(output.toFixed(6)),
          request_cost: fee,
          total_cost: Number((input + output + fee).toFixed(6)),
        },
      };
    };

    if (body.stream === true) {
      const sse = reply.sse({}, interval);
      if (rec) {
        for (const line of readRecording(rec, 'chat-completion-stream.sonar.jsonl').split('\n'))
          if (line.trim() !== '' && !(await sse.event(line))) return;
      } else {
        let sent = '';
        const deltas = streamDeltas(answer.text);
        for (const [i, delta] of deltas.entries()) {
          sent += delta;
          const chunk = {
            id,
            model,
            created,
            usage: usageAt(estimateTokens(sent)),
            citations,
            search_results: searchResults,
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { role: 'assistant', content: delta } }],
          };
          if (!(await sse.event(chunk))) return;
          if (i === deltas.length - 1) {
            const done = {
              ...chunk,
              object: 'chat.completion.done',
              choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }],
            };
            if (!(await sse.event(done))) return;
          }
        }
      }
      if (options.sonarDoneLine === true && !(await sse.event('[DONE]'))) return;
      sse.end();
      return;
    }
    if (rec) return reply.text(200, readRecording(rec, 'chat-completion.sonar.json'), 'application/json');
    reply.json(200, {
      id,
      model,
      created,
      usage: usageAt(estimateTokens(answer.text)),
      citations,
      search_results: searchResults,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: answer.text }, finish_reason: 'stop' }],
    });
  };

  const server = await startFakeServer({
    maxBodyBytes: 32 * 1024 * 1024,
    tooLarge: (reply) => reply.json(413, perplexityErrorBody(413, 'payload_too_large', 'Request body exceeds 32 MiB')),
    authorize: (req) => keyAccepted(bearerToken(req), options.apiKey),
    unauthorized: (_req, reply) => reply.json(401, perplexityErrorBody(401, 'forbidden', 'Invalid API key')),
    notFound: (_req, reply) => reply.json(404, perplexityErrorBody(404, 'not_found', 'Not found')),
    routes: [
      { method: 'POST', path: '/v1/agent', handler: agent },
      { method: 'POST', path: '/v1/responses', handler: agent },
      { method: 'POST', path: '/chat/completions', handler: sonar },
      { method: 'POST', path: '/v1/sonar', handler: sonar },
      {
        method: 'GET',
        path: '/v1/models',
        public: true,
        handler: (_req, reply) =>
          reply.json(200, {
            object: 'list',
            data: AGENT_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: id.split('/')[0] })),
          }),
      },
    ],
  });

  return Object.assign(server, {
    baseUrl: server.url,
    rateLimit(opts: { retryAfterSeconds?: number; times?: number } = {}) {
      const reset = String(Math.floor(Date.now() / 1000) + (opts.retryAfterSeconds ?? 1));
      server.inject(
        {
          type: 'status',
          status: 429,
          headers: {
            'content-type': 'application/json',
            ...(opts.retryAfterSeconds !== undefined ? { 'retry-after': String(opts.retryAfterSeconds) } : {}),
            'x-ratelimit-limit': '50',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': reset,
          },
          body: perplexityErrorBody(429, 'request_rate_limit_exceeded', 'Rate limit exceeded'),
        },
        { times: opts.times ?? 1 },
      );
    },
    serverError(status = 500, times = 1) {
      const type = status === 502 ? 'bad_gateway' : status === 504 ? 'gateway_timeout' : 'internal_error';
      server.inject(
        { type: 'status', status, body: perplexityErrorBody(status, type, 'Internal server error') },
        { times },
      );
    },
    agentFailure(opts: { code?: string; message?: string; times?: number } = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++)
        failures.push({
          code: opts.code ?? 'model_error',
          message: opts.message ?? 'The model failed to generate a response',
        });
    },
  });
}
