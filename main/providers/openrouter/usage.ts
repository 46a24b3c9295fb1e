// OpenRouter responses -> Metered. Usage is OpenAI-shaped (`prompt_tokens` includes cached and
// cache-write tokens) and always present; `usage.cost` (credits = USD) is the reported cost. With
// BYOK, `cost` is only OpenRouter's fee and `cost_details.upstream_inference_cost` is what the
// provider charged the user's own key: both are money the user spends, so both are reported.
import { ProviderError, type Metered, type Nanos, type ResponseMeta, type Units } from '../../gateway/types';
import { ChatStreamConsumer, openAiStyleUnits, readChatMessage, type ChatMessage } from '../shared/chat-completions';
import { header } from '../shared/headers';
import { asArray, asBoolean, asNumber, asObject, asString, at, type JsonObject } from '../shared/json';
import { usdToNanos } from '../shared/money';
import { openRouterError } from './descriptor';

type Meta = Record<string, string | number | boolean | null>;

export const openRouterUnits = (usage: unknown): Units => openAiStyleUnits(usage);

const money = (v: unknown): Nanos | undefined =>
  usdToNanos(typeof v === 'number' || typeof v === 'string' ? v : undefined);

/** Reported cost: `cost`, plus the upstream charge when the key is BYOK. Undefined when `cost` is null/absent. */
export function openRouterReportedCost(usage: unknown): Nanos | undefined {
  const fee = money(at(usage, 'cost'));
  if (fee === undefined) return undefined;
  const byok = asBoolean(at(usage, 'is_byok')) === true;
  return byok ? fee + (money(at(usage, 'cost_details', 'upstream_inference_cost')) ?? 0) : fee;
}

function usageMeta(usage: unknown, body: unknown): Meta {
  const meta: Meta = {};
  const provider = asString(at(body, 'provider'));
  if (provider !== undefined) meta.upstream_provider = provider;
  const byok = asBoolean(at(usage, 'is_byok'));
  if (byok !== undefined) meta.is_byok = byok;
  const upstream = money(at(usage, 'cost_details', 'upstream_inference_cost'));
  if (upstream !== undefined) meta.upstream_cost_nanos = upstream;
  return meta;
}

export interface OpenRouterChat extends ChatMessage {
  /** The upstream provider that served it (OpenAI, Anthropic, …). */
  provider: string | null;
  nativeFinishReason: string | null;
}

/** POST /chat/completions (non-streaming). `model` may be a fallback from `models[]`. */
export function parseOpenRouterChat(body: unknown, meta: ResponseMeta): Metered<OpenRouterChat> {
  if (asObject(body) === undefined)
    throw new ProviderError({
      provider: 'openrouter',
      kind: 'malformed_response',
      status: meta.status,
      message: 'expected a chat completion object',
    });
  const usage = at(body, 'usage');
  const cost = openRouterReportedCost(usage);
  const m = usageMeta(usage, body);
  return {
    value: {
      ...readChatMessage(body),
      provider: asString(at(body, 'provider')) ?? null,
      nativeFinishReason: asString(at(asArray(at(body, 'choices'))?.[0], 'native_finish_reason')) ?? null,
    },
    units: openRouterUnits(usage),
    model: asString(at(body, 'model')),
    providerRequestId: header(meta.headers, 'x-generation-id') ?? asString(at(body, 'id')),
    ...(cost !== undefined ? { reportedCostNanos: cost } : {}),
    ...(Object.keys(m).length > 0 ? { meta: m } : {}),
  };
}

/**
 * Chat stream: `: OPENROUTER PROCESSING` comments (skipped by the SSE parser), content chunks, a
 * final `choices:[]` chunk with usage and cost, then `[DONE]`. An error after the 200 arrives as a
 * chunk with a top-level `error` and `finish_reason:"error"`.
 */
export function openRouterStreamConsumer(
  requestedModel: string,
  estimatedInputTokens: number,
  onDelta?: (text: string) => void,
): ChatStreamConsumer {
  return new ChatStreamConsumer({
    provider: 'openrouter',
    requestedModel,
    estimatedInputTokens,
    requestIdHeader: 'x-generation-id',
    units: openRouterUnits,
    reportedCostNanos: openRouterReportedCost,
    meta: (usage, last) => usageMeta(usage, last),
    chunkError: (chunk: JsonObject) => {
      const finishedWithError = asArray(chunk.choices)?.some((c) => at(c, 'finish_reason') === 'error') === true;
      if (asObject(chunk.error) === undefined && !finishedWithError) return null;
      return openRouterError(200, {}, chunk.error ?? { message: 'stream finished with finish_reason "error"' }, '');
    },
    ...(onDelta ? { onDelta } : {}),
  });
}

/** Model prices from GET /models: strings in USD PER TOKEN, kept as integer nano-USD per million tokens. */
export interface OpenRouterPricing {
  promptNanosPerM: Nanos | null;
  completionNanosPerM: Nanos | null;
  cacheReadNanosPerM: Nanos | null;
  cacheWriteNanosPerM: Nanos | null;
  reasoningNanosPerM: Nanos | null;
  /** Per request / per search / per image: nano-USD each. */
  requestNanos: Nanos | null;
  webSearchNanos: Nanos | null;
  imageNanos: Nanos | null;
}

const perToken = (v: unknown) => usdToNanos(typeof v === 'string' || typeof v === 'number' ? v : undefined, 6) ?? null;
const perUnit = (v: unknown) => money(v) ?? null;

export function readPricing(pricing: unknown): OpenRouterPricing {
  return {
    promptNanosPerM: perToken(at(pricing, 'prompt')),
    completionNanosPerM: perToken(at(pricing, 'completion')),
    cacheReadNanosPerM: perToken(at(pricing, 'input_cache_read')),
    cacheWriteNanosPerM: perToken(at(pricing, 'input_cache_write')),
    reasoningNanosPerM: perToken(at(pricing, 'internal_reasoning')),
    requestNanos: perUnit(at(pricing, 'request')),
    webSearchNanos: perUnit(at(pricing, 'web_search')),
    imageNanos: perUnit(at(pricing, 'image')),
  };
}

export interface OpenRouterModel {
  id: string;
  name: string | null;
  contextLength: number | null;
  maxCompletionTokens: number | null;
  pricing: OpenRouterPricing;
  /** `:free` variants: rate limited (20 RPM, 50–1000 per day) but cost nothing. */
  free: boolean;
}

export function parseModels(body: unknown): Metered<OpenRouterModel[]> {
  const data = asArray(at(body, 'data'));
  if (data === undefined)
    throw new ProviderError({
      provider: 'openrouter',
      kind: 'malformed_response',
      status: 200,
      message: 'models list without data[]',
    });
  return {
    value: data.flatMap((m): OpenRouterModel[] => {
      const id = asString(at(m, 'id'));
      return id === undefined
        ? []
        : [
            {
              id,
              name: asString(at(m, 'name')) ?? null,
              contextLength: asNumber(at(m, 'context_length')) ?? null,
              maxCompletionTokens: asNumber(at(m, 'top_provider', 'max_completion_tokens')) ?? null,
              pricing: readPricing(at(m, 'pricing')),
              free: id.endsWith(':free'),
            },
          ];
    }),
    units: {},
    free: true,
  };
}

export interface KeyInfo {
  label: string | null;
  /** Credit limit in nano-USD; null = unlimited. */
  limitNanos: Nanos | null;
  limitRemainingNanos: Nanos | null;
  limitReset: string | null;
  usageNanos: Nanos | null;
  usageDailyNanos: Nanos | null;
  usageWeeklyNanos: Nanos | null;
  usageMonthlyNanos: Nanos | null;
  byokUsageNanos: Nanos | null;
  byokUsageMonthlyNanos: Nanos | null;
  isFreeTier: boolean;
  expiresAt: string | null;
}

/** GET /key: the key's spend and remaining limit (all USD in the body). */
export function parseKey(body: unknown): Metered<KeyInfo> {
  const d = asObject(at(body, 'data'));
  if (d === undefined)
    throw new ProviderError({
      provider: 'openrouter',
      kind: 'malformed_response',
      status: 200,
      message: 'key response without data',
    });
  return {
    value: {
      label: asString(d.label) ?? null,
      limitNanos: perUnit(d.limit),
      limitRemainingNanos: perUnit(d.limit_remaining),
      limitReset: asString(d.limit_reset) ?? null,
      usageNanos: perUnit(d.usage),
      usageDailyNanos: perUnit(d.usage_daily),
      usageWeeklyNanos: perUnit(d.usage_weekly),
      usageMonthlyNanos: perUnit(d.usage_monthly),
      byokUsageNanos: perUnit(d.byok_usage),
      byokUsageMonthlyNanos: perUnit(d.byok_usage_monthly),
      isFreeTier: d.is_free_tier === true,
      expiresAt: asString(d.expires_at) ?? null,
    },
    units: {},
    free: true,
  };
}

export interface GenerationInfo {
  id: string;
  model: string | null;
  providerName: string | null;
  /** What the generation cost in credits (nano-USD), and what the upstream provider charged (BYOK). */
  totalCostNanos: Nanos | null;
  upstreamCostNanos: Nanos | null;
  isByok: boolean;
  /** Exclusive units rebuilt from the native token counts. */
  units: Units;
  streamed: boolean | null;
  cancelled: boolean | null;
  finishReason: string | null;
  latencyMs: number | null;
}

/** GET /generation?id=…: the authoritative record of one generation (for reconciliation). */
export function parseGeneration(body: unknown): Metered<GenerationInfo> {
  const d = asObject(at(body, 'data'));
  if (d === undefined)
    throw new ProviderError({
      provider: 'openrouter',
      kind: 'malformed_response',
      status: 200,
      message: 'generation response without data',
    });
  const prompt = asNumber(d.native_tokens_prompt) ?? 0;
  const cached = asNumber(d.native_tokens_cached) ?? 0;
  const completion = asNumber(d.native_tokens_completion) ?? 0;
  const reasoning = Math.min(completion, asNumber(d.native_tokens_reasoning) ?? 0);
  return {
    value: {
      id: asString(d.id) ?? '',
      model: asString(d.model) ?? null,
      providerName: asString(d.provider_name) ?? null,
      totalCostNanos: perUnit(d.total_cost),
      upstreamCostNanos: perUnit(d.upstream_inference_cost),
      isByok: d.is_byok === true,
      units: openAiStyleUnits({
        prompt_tokens: prompt,
        completion_tokens: completion,
        prompt_tokens_details: { cached_tokens: cached },
        completion_tokens_details: { reasoning_tokens: reasoning },
      }),
      streamed: asBoolean(d.streamed) ?? null,
      cancelled: asBoolean(d.cancelled) ?? null,
      finishReason: asString(d.finish_reason) ?? null,
      latencyMs: asNumber(d.latency) ?? null,
    },
    // The lookup itself is free; the generation's cost was ledgered with the chat call.
    units: {},
    free: true,
  };
}
