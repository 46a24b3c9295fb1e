// Anthropic messages and streams -> Metered with exclusive units. Anthropic's `input_tokens`
// already EXCLUDES cache reads and writes; writes split into 5-minute and 1-hour buckets from
// `cache_creation` (all 5-minute when the breakdown is absent); thinking sits inside output_tokens.
import {
  ProviderError,
  type Metered,
  type Nanos,
  type ResponseMeta,
  type SseEvent,
  type StreamConsumer,
  type Units,
} from '../../gateway/types';
import { parseCostReportPage, type CostReportPage as SharedCostReportPage } from '../shared/cost-report';
import { header } from '../shared/headers';
import { asArray, asCount, asObject, asString, at, type JsonObject } from '../shared/json';
import { usdToNanos } from '../shared/money';
import { compactUnits, estimateTokens } from '../shared/units';
import { anthropicError } from './descriptor';

type Meta = Record<string, string | number | boolean | null>;

export function anthropicUnits(usage: unknown): Units {
  const creation = asCount(at(usage, 'cache_creation_input_tokens')) ?? 0;
  const fiveMin = asCount(at(usage, 'cache_creation', 'ephemeral_5m_input_tokens'));
  const oneHour = asCount(at(usage, 'cache_creation', 'ephemeral_1h_input_tokens')) ?? 0;
  // Without the breakdown every write is a 5-minute write; with it, any unexplained rest is too.
  const write5m = fiveMin === undefined ? Math.max(0, creation - oneHour) : Math.max(fiveMin, creation - oneHour);
  const output = asCount(at(usage, 'output_tokens')) ?? 0;
  const thinking = Math.min(output, asCount(at(usage, 'output_tokens_details', 'thinking_tokens')) ?? 0);
  return compactUnits({
    input_tokens: asCount(at(usage, 'input_tokens')) ?? 0,
    cached_input_tokens: asCount(at(usage, 'cache_read_input_tokens')) ?? 0,
    cache_write_5m_tokens: write5m,
    cache_write_1h_tokens: oneHour,
    output_tokens: output - thinking,
    reasoning_tokens: thinking,
    web_searches: asCount(at(usage, 'server_tool_use', 'web_search_requests')) ?? 0,
  });
}

function usageMeta(usage: unknown): Meta | undefined {
  const meta: Meta = {};
  const tier = asString(at(usage, 'service_tier'));
  const geo = asString(at(usage, 'inference_geo'));
  const fetches = asCount(at(usage, 'server_tool_use', 'web_fetch_requests'));
  if (tier !== undefined) meta.service_tier = tier;
  if (geo !== undefined) meta.inference_geo = geo;
  if (fetches) meta.web_fetch_requests = fetches;
  return Object.keys(meta).length > 0 ? meta : undefined;
}

export interface ToolUse {
  id: string;
  name: string;
  input: unknown;
}

export interface AnthropicMessage {
  id: string;
  /** All text blocks joined. */
  text: string;
  stopReason: string | null;
  toolUses: ToolUse[];
}

export function readMessage(body: unknown): AnthropicMessage {
  const blocks = asArray(at(body, 'content')) ?? [];
  return {
    id: asString(at(body, 'id')) ?? '',
    text: blocks
      .filter((b) => at(b, 'type') === 'text')
      .map((b) => asString(at(b, 'text')) ?? '')
      .join(''),
    stopReason: asString(at(body, 'stop_reason')) ?? null,
    toolUses: blocks
      .filter((b) => at(b, 'type') === 'tool_use')
      .map((b) => ({ id: asString(at(b, 'id')) ?? '', name: asString(at(b, 'name')) ?? '', input: at(b, 'input') })),
  };
}

/** POST /v1/messages (non-streaming). */
export function parseMessage(body: unknown, meta: ResponseMeta): Metered<AnthropicMessage> {
  if (asObject(body) === undefined || at(body, 'type') !== 'message') {
    throw new ProviderError({
      provider: 'anthropic',
      kind: 'malformed_response',
      status: meta.status,
      message: 'expected a message object',
    });
  }
  const m = usageMeta(at(body, 'usage'));
  return {
    value: readMessage(body),
    units: anthropicUnits(at(body, 'usage')),
    model: asString(at(body, 'model')),
    providerRequestId: header(meta.headers, 'request-id') ?? asString(at(body, 'id')),
    ...(m ? { meta: m } : {}),
  };
}

/** Non-null fields of `over` replace those of `base`, nested objects merged one level deep. */
function overlay(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null || v === undefined) continue;
    const nestedBase = asObject(out[k]);
    const nestedOver = asObject(v);
    out[k] = nestedBase && nestedOver ? overlay(nestedBase, nestedOver) : v;
  }
  return out;
}

export interface AnthropicStreamResult {
  id: string;
  text: string;
  stopReason: string | null;
}

/**
 * Messages SSE: `message_start` (usage base), content deltas, `message_delta` whose cumulative
 * usage OVERRIDES the start values (input and cache counts included), `message_stop`. `ping`s are
 * ignored; an `error` event after the 200 becomes a typed ProviderError.
 */
export class AnthropicStreamConsumer implements StreamConsumer<AnthropicStreamResult> {
  private usage: JsonObject = {};
  private id = '';
  private model: string | null = null;
  private text = '';
  private thinking = '';
  private stopReason: string | null = null;
  private done = false;

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
        provider: 'anthropic',
        kind: 'malformed_response',
        status: 200,
        message: `stream event is not JSON (${event.data.length} chars)`,
      });
    }
    const type = asString(at(data, 'type')) ?? event.event;
    switch (type) {
      case 'message_start':
        this.id = asString(at(data, 'message', 'id')) ?? this.id;
        this.model = asString(at(data, 'message', 'model')) ?? this.model;
        this.usage = asObject(at(data, 'message', 'usage')) ?? {};
        break;
      case 'content_block_delta': {
        const delta = at(data, 'delta');
        const text = asString(at(delta, 'text'));
        if (at(delta, 'type') === 'text_delta' && text !== undefined) {
          this.text += text;
          if (text !== '') this.onDelta?.(text);
        } else if (at(delta, 'type') === 'thinking_delta') this.thinking += asString(at(delta, 'thinking')) ?? '';
        break;
      }
      case 'message_delta':
        this.usage = overlay(this.usage, asObject(at(data, 'usage')) ?? {});
        this.stopReason = asString(at(data, 'delta', 'stop_reason')) ?? this.stopReason;
        break;
      case 'message_stop':
        this.done = true;
        break;
      case 'error':
        throw anthropicError(200, {}, at(data, 'error'), asString(at(data, 'request_id')) ?? null, event.data);
      default: // ping, content_block_start/stop and future event types carry nothing we meter
    }
  }

  isComplete(): boolean {
    return this.done;
  }

  finish(meta: ResponseMeta): Metered<AnthropicStreamResult> {
    const m = usageMeta(this.usage);
    return {
      value: this.value(),
      units: anthropicUnits(this.usage),
      model: this.model ?? this.requestedModel,
      providerRequestId: header(meta.headers, 'request-id') ?? (this.id || undefined),
      ...(m ? { meta: m } : {}),
    };
  }

  /** Input and cache counts from message_start are real; output is estimated from the streamed text. */
  partial(): Metered<AnthropicStreamResult | null> {
    const seen = anthropicUnits(this.usage);
    const outputSeen = estimateTokens(this.text) + estimateTokens(this.thinking);
    return {
      value: this.text === '' ? null : this.value(),
      units: compactUnits({
        ...seen,
        input_tokens: seen.input_tokens ?? this.estimatedInputTokens,
        output_tokens: Math.max(seen.output_tokens ?? 0, outputSeen),
      }),
      model: this.model ?? this.requestedModel,
      estimated: true,
    };
  }

  private value(): AnthropicStreamResult {
    return { id: this.id, text: this.text, stopReason: this.stopReason };
  }
}

/** One bucket row of the Admin API cost report. */
export interface CostReportLine {
  startingAt: string;
  endingAt: string;
  /** nano-USD; null when the currency is not USD. */
  amountNanos: Nanos | null;
  currency: string | null;
  description: string | null;
}

export type CostReportPage = SharedCostReportPage<CostReportLine>;

/**
 * GET /v1/organizations/cost_report (Admin API key, organizations only). RECONSTRUCTED: no spec or recorded
 * response for this endpoint is in shared/refs. Shape from Anthropic's Admin API docs as mirrored by the
 * SDK's analytics cost report types (node_modules/@anthropic-ai/sdk .../analytics: buckets with
 * `starting_at`/`ending_at` and `results[]`; `amount` is a decimal string in minor units, cents, of `currency`).
 */
export function parseCostReport(body: unknown): Metered<CostReportPage> {
  return parseCostReportPage(
    'anthropic',
    body,
    (bucket, r): CostReportLine => {
      const currency = asString(at(r, 'currency')) ?? null;
      const amount = at(r, 'amount');
      const cents = typeof amount === 'string' || typeof amount === 'number' ? amount : undefined;
      return {
        startingAt: asString(at(bucket, 'starting_at')) ?? '',
        endingAt: asString(at(bucket, 'ending_at')) ?? '',
        amountNanos: currency?.toUpperCase() === 'USD' ? (usdToNanos(cents, -2) ?? null) : null,
        currency,
        description: asString(at(r, 'description')) ?? null,
      };
    },
    at(body, 'has_more') === true,
  );
}
