// OpenRouter operations over the gateway: chat (plain, JSON, streaming, with fallback models),
// the models list (per-token price strings), the key's balance (/key) and generation lookup
// (/generation, which 404s for a short while after a completion).
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ProviderError,
  type Credential,
  type Gateway,
  type GatewayRequest,
  type GatewayResult,
  type Nanos,
} from '../../gateway/types';
import { freeGetRequest, jsonPostRequest, type CallOptions, type StreamCallOptions } from '../shared/call';
import type { ChatStreamResult } from '../shared/chat-completions';
import { parseJsonContent, promptInputTokens, requireMessages, responseFormatField } from '../shared/chat-request';
import { promptTokenBound } from '../shared/units';
import { worstCaseNanos } from '../shared/worst-case';
import {
  openRouterStreamConsumer,
  parseGeneration,
  parseKey,
  parseModels,
  parseOpenRouterChat,
  type GenerationInfo,
  type KeyInfo,
  type OpenRouterChat,
  type OpenRouterModel,
  type OpenRouterPricing,
} from './usage';

export interface OpenRouterTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface OpenRouterChatInput {
  /** Provider-prefixed slug, e.g. "openai/gpt-4o", "anthropic/claude-sonnet-4.5". */
  model: string;
  /** Fallbacks tried in order by OpenRouter when the first is down. */
  fallbackModels?: string[];
  messages: OpenRouterTurn[];
  maxOutputTokens?: number;
  temperature?: number;
  responseFormat?:
    | { type: 'json_object' }
    | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };
  /** Prices from listModels() for an exact reservation; else @pydantic/genai-prices' table is used. */
  pricing?: OpenRouterPricing;
}

export interface OpenRouterChatResult extends OpenRouterChat {
  json?: unknown;
}

const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

/** Worst case from OpenRouter's own prices when given, else the bundled table; the dearest of the fallbacks. */
function chatWorstCase(input: OpenRouterChatInput, promptBound: number): Nanos | null {
  const maxOut = input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const p = input.pricing;
  if (p?.promptNanosPerM != null && p.completionNanosPerM != null) {
    const tokens =
      (promptBound * p.promptNanosPerM + maxOut * Math.max(p.completionNanosPerM, p.reasoningNanosPerM ?? 0)) /
      1_000_000;
    return Math.ceil(tokens) + (p.requestNanos ?? 0);
  }
  let worst: Nanos | null = 0;
  for (const model of [input.model, ...(input.fallbackModels ?? [])]) {
    const n = worstCaseNanos({ priceProvider: 'openrouter', model, inputTokens: promptBound, outputTokens: maxOut });
    if (n === null) return null;
    worst = Math.max(worst, n);
  }
  return worst;
}

function chatRequest(
  credential: Credential,
  input: OpenRouterChatInput,
  options: CallOptions,
  stream: boolean,
): GatewayRequest {
  requireMessages('openrouter', input.messages);
  const body = {
    model: input.model,
    // OpenRouter's fallback routing: the list it tries in order, the first model included.
    ...(input.fallbackModels?.length ? { models: [input.model, ...input.fallbackModels] } : {}),
    messages: input.messages,
    max_tokens: input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...responseFormatField(input.responseFormat),
    // OpenRouter always ends a stream with a usage chunk: no stream_options needed.
    ...(stream ? { stream: true } : {}),
  };
  const texts = input.messages.map((m) => m.content);
  return jsonPostRequest(
    {
      provider: 'openrouter',
      defaultOperation: 'content_analysis',
      endpoint: 'chat.completions',
      path: '/chat/completions',
      body,
      model: input.model,
      worstCaseCostNanos: chatWorstCase(input, promptTokenBound(texts)),
      estimatedUnits: { input_tokens: promptInputTokens(texts) },
    },
    credential,
    options,
  );
}

export async function createChatCompletion(
  gateway: Gateway,
  credential: Credential,
  input: OpenRouterChatInput,
  options: CallOptions = {},
): Promise<GatewayResult<OpenRouterChatResult>> {
  const result = await gateway.json(chatRequest(credential, input, options, false), parseOpenRouterChat);
  if (input.responseFormat === undefined) return result;
  return {
    ...result,
    value: { ...result.value, json: parseJsonContent('openrouter', result.value.text, result.value.finishReason) },
  };
}

export function streamChatCompletion(
  gateway: Gateway,
  credential: Credential,
  input: OpenRouterChatInput,
  options: StreamCallOptions = {},
): Promise<GatewayResult<ChatStreamResult>> {
  const req = chatRequest(credential, input, options, true);
  return gateway.stream(
    req,
    openRouterStreamConsumer(input.model, req.estimatedUnits?.input_tokens ?? 0, options.onDelta),
  );
}

const freeGet = (credential: Credential, endpoint: string, path: string, options: CallOptions): GatewayRequest =>
  freeGetRequest('openrouter', endpoint, path, credential, options);

/** GET /models (free): every model with prices converted from USD-per-token strings. */
export function listModels(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<OpenRouterModel[]>> {
  return gateway.json(freeGet(credential, 'models.list', '/models', options), parseModels);
}

/** GET /key (free): usage and remaining credit of the key; successful calls carry no rate-limit headers, so poll this. */
export function getKeyInfo(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<KeyInfo>> {
  return gateway.json(freeGet(credential, 'key', '/key', options), parseKey);
}

export interface GenerationLookupOptions extends CallOptions {
  /** Lookups before giving up (default 5). */
  attempts?: number;
  /** Wait between lookups while the generation is not yet visible (default 1 s). */
  delayMs?: number;
}

/**
 * GET /generation?id=… (free). A fresh generation 404s for a short while: retried here on 404 only
 * (the gateway rightly never retries a 404), each lookup ledgered as a free attempt.
 */
export async function getGeneration(
  gateway: Gateway,
  credential: Credential,
  id: string,
  options: GenerationLookupOptions = {},
): Promise<GatewayResult<GenerationInfo>> {
  if (!/^[\w-]+$/.test(id))
    throw new ProviderError({ provider: 'openrouter', kind: 'bad_request', message: 'invalid generation id' });
  const attempts = options.attempts ?? 5;
  for (let i = 1; ; i++) {
    try {
      return await gateway.json(
        freeGet(credential, 'generation', `/generation?id=${encodeURIComponent(id)}`, {
          operation: 'reconcile',
          ...options,
        }),
        parseGeneration,
      );
    } catch (e) {
      if (!(e instanceof ProviderError) || e.kind !== 'not_found' || i >= attempts) throw e;
      await sleep(options.delayMs ?? 1000, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
