// The OpenAI-compatible Chat Completions wire format shared by OpenAI, OpenRouter and Perplexity's
// legacy Sonar: usage -> exclusive units, a message reader and a stream consumer whose
// provider quirks (terminal chunk, in-stream errors, reported cost) are passed in.
import {
  ProviderError,
  type Metered,
  type Nanos,
  type ProviderId,
  type ResponseMeta,
  type SseEvent,
  type StreamConsumer,
  type Units,
} from '../../gateway/types';
import { header } from './headers';
import { asArray, asCount, asObject, asString, at, type JsonObject } from './json';
import { compactUnits, estimateTokens } from './units';

/**
 * OpenAI-style usage to exclusive buckets: `prompt_tokens` INCLUDES cached reads, cache writes and
 * audio input, and `completion_tokens` INCLUDES reasoning, so those are subtracted out.
 */
export function openAiStyleUnits(usage: unknown): Units {
  const prompt = asCount(at(usage, 'prompt_tokens')) ?? 0;
  const completion = asCount(at(usage, 'completion_tokens')) ?? 0;
  const cached = asCount(at(usage, 'prompt_tokens_details', 'cached_tokens')) ?? 0;
  const cacheWrite = asCount(at(usage, 'prompt_tokens_details', 'cache_write_tokens')) ?? 0;
  const audioIn = asCount(at(usage, 'prompt_tokens_details', 'audio_tokens')) ?? 0;
  const reasoning = asCount(at(usage, 'completion_tokens_details', 'reasoning_tokens')) ?? 0;
  return compactUnits({
    input_tokens: Math.max(0, prompt - cached - cacheWrite - audioIn),
    cached_input_tokens: cached,
    cache_write_5m_tokens: cacheWrite,
    audio_input_tokens: audioIn,
    output_tokens: Math.max(0, completion - reasoning),
    reasoning_tokens: reasoning,
  });
}

export interface ToolCall {
  id: string;
  name: string;
  /** The model's raw JSON arguments text. */
  arguments: string;
}

export interface ChatMessage {
  id: string;
  text: string | null;
  finishReason: string | null;
  toolCalls: ToolCall[];
  refusal: string | null;
}

/** Reads choices[0] of a chat.completion body. */
export function readChatMessage(body: unknown): ChatMessage {
  const choice = asObject(asArray(at(body, 'choices'))?.[0]);
  const message = asObject(choice?.message);
  const toolCalls = (asArray(message?.tool_calls) ?? []).flatMap((tc): ToolCall[] => {
    const name = asString(at(tc, 'function', 'name'));
    return name === undefined
      ? []
      : [{ id: asString(at(tc, 'id')) ?? '', name, arguments: asString(at(tc, 'function', 'arguments')) ?? '' }];
  });
  return {
    id: asString(at(body, 'id')) ?? '',
    text: asString(message?.content) ?? null,
    finishReason: asString(choice?.finish_reason) ?? null,
    toolCalls,
    refusal: asString(message?.refusal) ?? null,
  };
}

export interface ChatStreamResult {
  id: string;
  text: string;
  finishReason: string | null;
}

export interface ChatStreamOptions {
  provider: ProviderId;
  /** The model asked for; the served one comes from the chunks. */
  requestedModel: string;
  /** Our pre-flight estimate of the prompt, used when a stream is cut before usage arrives. */
  estimatedInputTokens: number;
  units?(usage: JsonObject): Units;
  reportedCostNanos?(usage: JsonObject): Nanos | undefined;
  /** Provider extras for the ledger row (service_tier, is_byok…). */
  meta?(usage: JsonObject | null, lastChunk: JsonObject | null): Record<string, string | number | boolean | null>;
  /** A chunk that ends the stream without `[DONE]` (Perplexity `chat.completion.done`). */
  isTerminalChunk?(chunk: JsonObject): boolean;
  /** An error carried inside a 200 stream (OpenRouter `finish_reason:"error"`). */
  chunkError?(chunk: JsonObject): ProviderError | null;
  /** The header that carries the provider's request id. */
  requestIdHeader?: string;
  /** Called with each text delta (progress in the UI). */
  onDelta?(text: string): void;
}

/**
 * OpenAI-style streams report a failure after the 200 as a chunk with a top-level `error`
 * (`{"error":{"message","type"}}`): not retryable, the response already started.
 */
export function defaultChunkError(provider: ProviderId): (chunk: JsonObject) => ProviderError | null {
  return (chunk) => {
    const error = asObject(chunk.error);
    if (error === undefined) return null;
    const code =
      asString(error.code) ??
      asString(error.type) ??
      (typeof error.code === 'number' ? String(error.code) : 'stream_error');
    return new ProviderError({
      provider,
      kind: 'server',
      status: 200,
      providerCode: code,
      message: (asString(error.message) ?? 'error in stream').slice(0, 500),
    });
  };
}

/**
 * Consumes `data:` chunks of a chat.completion.chunk stream. Usage is taken from the LAST chunk
 * that carries it (OpenAI/OpenRouter send it once at the end; Perplexity repeats it cumulatively).
 */
export class ChatStreamConsumer implements StreamConsumer<ChatStreamResult> {
  private text = '';
  private id = '';
  private model: string | null = null;
  private finishReason: string | null = null;
  private usage: JsonObject | null = null;
  private lastChunk: JsonObject | null = null;
  private done = false;

  constructor(private readonly opts: ChatStreamOptions) {}

  onEvent(event: SseEvent): void {
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new ProviderError({
        provider: this.opts.provider,
        kind: 'malformed_response',
        status: 200,
        message: `stream chunk is not JSON (${data.length} chars)`,
      });
    }
    const chunk = asObject(parsed);
    if (chunk === undefined) return;
    this.lastChunk = chunk;
    this.id = asString(chunk.id) ?? this.id;
    this.model = asString(chunk.model) ?? this.model;
    const usage = asObject(chunk.usage);
    if (usage !== undefined) this.usage = usage;
    const choice = asObject(asArray(chunk.choices)?.[0]);
    const delta = asString(at(choice, 'delta', 'content'));
    if (delta !== undefined && delta !== '') {
      this.text += delta;
      this.opts.onDelta?.(delta);
    }
    this.finishReason = asString(choice?.finish_reason) ?? this.finishReason;
    const inStreamError = (this.opts.chunkError ?? defaultChunkError(this.opts.provider))(chunk);
    if (inStreamError) throw inStreamError;
    if (this.opts.isTerminalChunk?.(chunk) === true) this.done = true;
  }

  isComplete(): boolean {
    return this.done;
  }

  finish(meta: ResponseMeta): Metered<ChatStreamResult> {
    const requestId = this.opts.requestIdHeader ? header(meta.headers, this.opts.requestIdHeader) : undefined;
    const base = this.metered(this.value());
    if (this.usage === null)
      return { ...base, ...this.estimate(), providerRequestId: requestId ?? (this.id || undefined) };
    return { ...base, providerRequestId: requestId ?? (this.id || undefined) };
  }

  partial(): Metered<ChatStreamResult | null> {
    // Usage only ever arrives complete at the end (or cumulative, Perplexity): an interrupted stream is an estimate.
    return { ...this.metered(this.text === '' ? null : this.value()), ...this.estimate() };
  }

  private value(): ChatStreamResult {
    return { id: this.id, text: this.text, finishReason: this.finishReason };
  }

  private metered<T>(value: T): Metered<T> {
    const usage = this.usage;
    const units = usage === null ? {} : (this.opts.units ?? openAiStyleUnits)(usage);
    const reported = usage === null ? undefined : this.opts.reportedCostNanos?.(usage);
    const meta = this.opts.meta?.(usage, this.lastChunk);
    return {
      value,
      units,
      model: this.model ?? this.opts.requestedModel,
      ...(reported !== undefined ? { reportedCostNanos: reported } : {}),
      ...(meta && Object.keys(meta).length > 0 ? { meta } : {}),
    };
  }

  /** Units from what we saw: the pre-flight prompt estimate (or reported prompt) plus streamed text. */
  private estimate(): { units: Units; estimated: true } {
    const seen = this.usage === null ? null : (this.opts.units ?? openAiStyleUnits)(this.usage);
    const outputSeen = estimateTokens(this.text);
    return {
      units: compactUnits({
        ...seen,
        input_tokens: seen?.input_tokens ?? this.opts.estimatedInputTokens,
        output_tokens: Math.max(seen?.output_tokens ?? 0, outputSeen),
      }),
      estimated: true,
    };
  }
}
