// Perplexity responses -> Metered. Both APIs report their own cost (`usage.cost.total_cost`, USD),
// which wins over computed prices; older Sonar bodies have none, so units are always filled too.
import {
  ProviderError,
  type Metered,
  type ResponseMeta,
  type SseEvent,
  type StreamConsumer,
  type Units,
} from '../../gateway/types';
import { ChatStreamConsumer } from '../shared/chat-completions';
import { asArray, asCount, asObject, asString, at, type JsonObject } from '../shared/json';
import { usdToNanos } from '../shared/money';
import { compactUnits, estimateTokens } from '../shared/units';
import { perplexitySuccessBodyError } from './descriptor';

type Meta = Record<string, string | number | boolean | null>;

export interface Citation {
  title: string | null;
  url: string;
  snippet: string | null;
  date: string | null;
}

export const reportedCost = (usage: unknown): number | undefined =>
  usdToNanos(at(usage, 'cost', 'total_cost') as number | string | undefined);

/** Billing tool names in `tool_calls_details` (they differ from request tool types: search_web, not web_search). */
const SEARCH_TOOL = 'search_web';

/**
 * Agent API usage (Responses format): `input_tokens` INCLUDES cache reads and writes (recorded:
 * 3007 = 3 + 1780 read + 1224 written), `output_tokens` includes reasoning. Web searches come from
 * `tool_calls_details.search_web.invocation`.
 */
export function agentUnits(usage: unknown): Units {
  const input = asCount(at(usage, 'input_tokens')) ?? 0;
  const read =
    asCount(at(usage, 'input_tokens_details', 'cache_read_input_tokens')) ??
    asCount(at(usage, 'input_tokens_details', 'cached_tokens')) ??
    0;
  const write = asCount(at(usage, 'input_tokens_details', 'cache_creation_input_tokens')) ?? 0;
  const output = asCount(at(usage, 'output_tokens')) ?? 0;
  const reasoning = Math.min(output, asCount(at(usage, 'output_tokens_details', 'reasoning_tokens')) ?? 0);
  return compactUnits({
    input_tokens: Math.max(0, input - read - write),
    cached_input_tokens: read,
    cache_write_5m_tokens: write,
    output_tokens: output - reasoning,
    reasoning_tokens: reasoning,
    web_searches: asCount(at(usage, 'tool_calls_details', SEARCH_TOOL, 'invocation')) ?? 0,
  });
}

function agentMeta(body: unknown): Meta | undefined {
  const meta: Meta = {};
  const tier = asString(at(body, 'service_tier'));
  if (tier !== undefined) meta.service_tier = tier;
  const status = asString(at(body, 'status'));
  if (status !== undefined && status !== 'completed') meta.status = status;
  // Other billed tools (fetch_url, search_people, finance_search, sandbox) are counted for the record.
  for (const [tool, details] of Object.entries(asObject(at(body, 'usage', 'tool_calls_details')) ?? {})) {
    const n = asCount(at(details, 'invocation'));
    if (tool !== SEARCH_TOOL && n) meta[`tool_${tool}`] = n;
  }
  return Object.keys(meta).length > 0 ? meta : undefined;
}

export interface AgentResult {
  id: string;
  status: string;
  text: string;
  citations: Citation[];
  /** Why an `incomplete` run stopped (e.g. "max_output_tokens"). */
  incompleteReason: string | null;
}

function readCitations(results: unknown): Citation[] {
  return (asArray(results) ?? []).flatMap((r): Citation[] => {
    const url = asString(at(r, 'url'));
    return url === undefined
      ? []
      : [
          {
            url,
            title: asString(at(r, 'title')) ?? null,
            snippet: asString(at(r, 'snippet')) ?? null,
            date: asString(at(r, 'date')) ?? null,
          },
        ];
  });
}

export function readAgentResponse(body: unknown): AgentResult {
  const output = asArray(at(body, 'output')) ?? [];
  const text = output
    .filter((item) => at(item, 'type') === 'message')
    .flatMap((item) => asArray(at(item, 'content')) ?? [])
    .filter((part) => at(part, 'type') === 'output_text')
    .map((part) => asString(at(part, 'text')) ?? '')
    .join('');
  return {
    id: asString(at(body, 'id')) ?? '',
    status: asString(at(body, 'status')) ?? 'completed',
    text,
    citations: output
      .filter((item) => at(item, 'type') === 'search_results')
      .flatMap((item) => readCitations(at(item, 'results'))),
    incompleteReason: asString(at(body, 'incomplete_details', 'reason')) ?? null,
  };
}

function meterAgent(body: unknown): Omit<Metered<AgentResult>, 'providerRequestId'> {
  const usage = at(body, 'usage');
  const cost = reportedCost(usage);
  const meta = agentMeta(body);
  return {
    value: readAgentResponse(body),
    units: agentUnits(usage),
    model: asString(at(body, 'model')),
    ...(cost !== undefined ? { reportedCostNanos: cost } : {}),
    ...(meta ? { meta } : {}),
  };
}

/** POST /v1/agent (non-streaming). Failed/cancelled runs are caught earlier by classifySuccessBody. */
export function parseAgentResponse(body: unknown, meta: ResponseMeta): Metered<AgentResult> {
  if (at(body, 'object') !== 'response')
    throw new ProviderError({
      provider: 'perplexity',
      kind: 'malformed_response',
      status: meta.status,
      message: 'expected an agent response object',
    });
  return { ...meterAgent(body), providerRequestId: asString(at(body, 'id')) };
}

/**
 * Agent SSE: `data:`-only typed events with a sequence_number and no `[DONE]`. Exactly one terminal
 * arrives: `response.completed` / `response.incomplete` (full response with usage) or
 * `response.failed` / `response.cancelled` (or a bare `error` for transport failures).
 */
export class AgentStreamConsumer implements StreamConsumer<AgentResult> {
  private text = '';
  private citations: Citation[] = [];
  private final: JsonObject | null = null;
  private lastUsage: unknown;

  constructor(
    private readonly requestedModel: string,
    private readonly estimatedInputTokens: number,
    private readonly onDelta?: (text: string) => void,
  ) {}

  onEvent(event: SseEvent): void {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      throw new ProviderError({
        provider: 'perplexity',
        kind: 'malformed_response',
        status: 200,
        message: `agent stream event is not JSON (${event.data.length} chars)`,
      });
    }
    const type = asString(at(data, 'type')) ?? event.event ?? '';
    if (at(data, 'usage') !== undefined) this.lastUsage = at(data, 'usage');
    switch (type) {
      case 'response.output_text.delta': {
        const delta = asString(at(data, 'delta')) ?? '';
        this.text += delta;
        if (delta !== '') this.onDelta?.(delta);
        break;
      }
      case 'response.reasoning.search_results':
        this.citations.push(...readCitations(at(data, 'results')));
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.final = asObject(at(data, 'response')) ?? { object: 'response', status: type.slice('response.'.length) };
        break;
      case 'response.failed':
      case 'response.cancelled': {
        const response = asObject(at(data, 'response')) ?? { object: 'response', id: '' };
        const failed = {
          ...response,
          object: 'response',
          status: type.slice('response.'.length),
          error: at(data, 'error') ?? response.error,
        };
        throw (
          perplexitySuccessBodyError(200, failed) ??
          new ProviderError({ provider: 'perplexity', kind: 'server', status: 200, message: type })
        );
      }
      case 'error':
        throw new ProviderError({
          provider: 'perplexity',
          kind: 'server',
          status: 200,
          retryable: false,
          providerCode: asString(at(data, 'error', 'type')) ?? asString(at(data, 'code')) ?? 'stream_error',
          message:
            asString(at(data, 'error', 'message')) ?? asString(at(data, 'message')) ?? 'error event in agent stream',
        });
      default: // created, in_progress, reasoning steps, item added/done: nothing to meter
    }
  }

  isComplete(): boolean {
    return this.final !== null;
  }

  finish(): Metered<AgentResult> {
    const final = this.final ?? {};
    const metered = meterAgent(final);
    const value: AgentResult = {
      ...metered.value,
      text: metered.value.text || this.text,
      citations: metered.value.citations.length > 0 ? metered.value.citations : this.citations,
    };
    const base = {
      ...metered,
      value,
      model: metered.model ?? this.requestedModel,
      providerRequestId: value.id || undefined,
    };
    // include_usage:false leaves the terminal snapshot without usage: estimate from what streamed.
    return at(final, 'usage') === undefined ? { ...base, ...this.estimate() } : base;
  }

  partial(): Metered<AgentResult | null> {
    return {
      value:
        this.text === ''
          ? null
          : { id: '', status: 'in_progress', text: this.text, citations: this.citations, incompleteReason: null },
      model: this.requestedModel,
      ...this.estimate(),
    };
  }

  /** Search-step events may carry running usage; otherwise our prompt estimate plus streamed text. */
  private estimate(): { units: Units; estimated: true } {
    const seen = this.lastUsage === undefined ? {} : agentUnits(this.lastUsage);
    return {
      units: compactUnits({
        ...seen,
        input_tokens: seen.input_tokens ?? this.estimatedInputTokens,
        output_tokens: Math.max(seen.output_tokens ?? 0, estimateTokens(this.text)),
      }),
      estimated: true,
    };
  }
}

/**
 * Legacy Sonar usage: prompt/completion tokens, plus a per-request search fee (priced by
 * `search_context_size`, kept in meta). Deep research reports citation tokens (billed at its input
 * rate, so folded into input), reasoning tokens and search queries separately.
 */
export function sonarUnits(usage: unknown, model: string | undefined): Units {
  const deepResearch = model?.includes('deep-research') === true;
  return compactUnits({
    input_tokens: (asCount(at(usage, 'prompt_tokens')) ?? 0) + (asCount(at(usage, 'citation_tokens')) ?? 0),
    output_tokens: asCount(at(usage, 'completion_tokens')) ?? 0,
    reasoning_tokens: asCount(at(usage, 'reasoning_tokens')) ?? 0,
    web_searches: asCount(at(usage, 'num_search_queries')) ?? 0,
    requests: deepResearch ? 0 : 1,
  });
}

function sonarMeta(usage: unknown): Meta | undefined {
  const size = asString(at(usage, 'search_context_size'));
  return size === undefined ? undefined : { search_context_size: size };
}

export interface SonarResult {
  id: string;
  text: string;
  finishReason: string | null;
  citations: Citation[];
}

/** POST /chat/completions (legacy Sonar). `search_results` when present, else the bare `citations` URLs. */
export function parseSonarCompletion(body: unknown, meta: ResponseMeta): Metered<SonarResult> {
  if (asObject(body) === undefined)
    throw new ProviderError({
      provider: 'perplexity',
      kind: 'malformed_response',
      status: meta.status,
      message: 'expected a chat completion object',
    });
  const choice = asObject(asArray(at(body, 'choices'))?.[0]);
  const model = asString(at(body, 'model'));
  const usage = at(body, 'usage');
  const searchResults = readCitations(at(body, 'search_results'));
  const citations =
    searchResults.length > 0
      ? searchResults
      : (asArray(at(body, 'citations')) ?? []).flatMap((u) =>
          typeof u === 'string' ? [{ url: u, title: null, snippet: null, date: null }] : [],
        );
  const cost = reportedCost(usage);
  const m = sonarMeta(usage);
  return {
    value: {
      id: asString(at(body, 'id')) ?? '',
      text: asString(at(choice, 'message', 'content')) ?? '',
      finishReason: asString(choice?.finish_reason) ?? null,
      citations,
    },
    units: sonarUnits(usage, model),
    model,
    providerRequestId: asString(at(body, 'id')),
    ...(cost !== undefined ? { reportedCostNanos: cost } : {}),
    ...(m ? { meta: m } : {}),
  };
}

/**
 * Sonar stream: every chunk repeats the CUMULATIVE usage (take the last, never sum); the last chunk
 * is `object:"chat.completion.done"` (a `[DONE]` line may or may not follow).
 */
export function sonarStreamConsumer(
  requestedModel: string,
  estimatedInputTokens: number,
  onDelta?: (text: string) => void,
): ChatStreamConsumer {
  return new ChatStreamConsumer({
    provider: 'perplexity',
    requestedModel,
    estimatedInputTokens,
    units: (usage) => sonarUnits(usage, requestedModel),
    reportedCostNanos: reportedCost,
    meta: (usage) => sonarMeta(usage) ?? {},
    isTerminalChunk: (chunk) => chunk.object === 'chat.completion.done',
    ...(onDelta ? { onDelta } : {}),
  });
}
