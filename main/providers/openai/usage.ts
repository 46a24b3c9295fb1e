// OpenAI responses and streams -> Metered with exclusive units (DESIGN §3.4). OpenAI reports no
// cost, so nothing here sets reportedCostNanos: the Pricer computes it from the units.
import {
  ProviderError,
  type Metered,
  type Nanos,
  type ResponseMeta,
  type SseEvent,
  type StreamConsumer,
  type Units,
} from '../../gateway/types';
import { ChatStreamConsumer, openAiStyleUnits, readChatMessage, type ChatMessage } from '../shared/chat-completions';
import { parseCostReportPage, type CostReportPage } from '../shared/cost-report';
import { header } from '../shared/headers';
import { asArray, asCount, asNumber, asObject, asString, at } from '../shared/json';
import { usdToNanos } from '../shared/money';
import { compactUnits, estimateTokens } from '../shared/units';

type Meta = Record<string, string | number | boolean | null>;

function requestId(meta: ResponseMeta, body: unknown): string | undefined {
  return header(meta.headers, 'x-request-id') ?? asString(at(body, 'id'));
}

function tierMeta(body: unknown): Meta | undefined {
  const tier = asString(at(body, 'service_tier'));
  return tier === undefined ? undefined : { service_tier: tier };
}

function requireObject(body: unknown, what: string): void {
  if (asObject(body) === undefined)
    throw new ProviderError({
      provider: 'openai',
      kind: 'malformed_response',
      status: 200,
      message: `${what}: expected a JSON object`,
    });
}

/** POST /chat/completions (non-streaming). `model` is the dated snapshot that served the call. */
export function parseChatCompletion(body: unknown, meta: ResponseMeta): Metered<ChatMessage> {
  requireObject(body, 'chat completion');
  const tier = tierMeta(body);
  return {
    value: readChatMessage(body),
    units: openAiStyleUnits(at(body, 'usage')),
    model: asString(at(body, 'model')),
    providerRequestId: requestId(meta, body),
    ...(tier ? { meta: tier } : {}),
  };
}

export interface LegacyCompletion {
  id: string;
  text: string;
  finishReason: string | null;
}

/** POST /completions (legacy, gpt-3.5-turbo-instruct): same usage shape as chat. */
export function parseLegacyCompletion(body: unknown, meta: ResponseMeta): Metered<LegacyCompletion> {
  requireObject(body, 'completion');
  const choice = asObject(asArray(at(body, 'choices'))?.[0]);
  return {
    value: {
      id: asString(at(body, 'id')) ?? '',
      text: asString(choice?.text) ?? '',
      finishReason: asString(choice?.finish_reason) ?? null,
    },
    units: openAiStyleUnits(at(body, 'usage')),
    model: asString(at(body, 'model')),
    providerRequestId: requestId(meta, body),
  };
}

export interface Embeddings {
  vectors: number[][];
}

/** POST /embeddings: usage has prompt_tokens only. */
export function parseEmbeddings(body: unknown, meta: ResponseMeta): Metered<Embeddings> {
  requireObject(body, 'embeddings');
  const rows = (asArray(at(body, 'data')) ?? [])
    .map((d) => ({
      index: asNumber(at(d, 'index')) ?? 0,
      vector: (asArray(at(d, 'embedding')) ?? []).filter((x): x is number => typeof x === 'number'),
    }))
    .sort((a, b) => a.index - b.index);
  return {
    value: { vectors: rows.map((r) => r.vector) },
    units: compactUnits({ input_tokens: asCount(at(body, 'usage', 'prompt_tokens')) ?? 0 }),
    model: asString(at(body, 'model')),
    providerRequestId: header(meta.headers, 'x-request-id'),
  };
}

export interface Transcript {
  text: string;
  /** Seconds of audio as the response states it (verbose/diarized formats). */
  duration?: number;
  language?: string;
}

/**
 * Transcription usage is a tagged union: whisper-1 (and diarize) `{type:"duration",seconds}`
 * (already rounded up by OpenAI), gpt-4o-* `{type:"tokens",input_tokens,input_token_details,output_tokens}`.
 */
export function transcriptionUnits(usage: unknown): Units | undefined {
  // The streaming `transcript.text.done` example carries token usage WITHOUT the `type` tag: infer it.
  const type =
    asString(at(usage, 'type')) ??
    (at(usage, 'seconds') !== undefined ? 'duration' : at(usage, 'input_tokens') !== undefined ? 'tokens' : undefined);
  if (type === 'duration') return compactUnits({ seconds: asNumber(at(usage, 'seconds')) ?? 0 });
  if (type !== 'tokens') return undefined;
  const input = asCount(at(usage, 'input_tokens')) ?? 0;
  const text = asCount(at(usage, 'input_token_details', 'text_tokens'));
  const audio = asCount(at(usage, 'input_token_details', 'audio_tokens'));
  // Without details the input is the audio (a prompt adds a few text tokens at most).
  const audioTokens = audio ?? Math.max(0, input - (text ?? 0));
  return compactUnits({
    input_tokens: text ?? Math.max(0, input - audioTokens),
    audio_input_tokens: audioTokens,
    output_tokens: asCount(at(usage, 'output_tokens')) ?? 0,
  });
}

/** Billed seconds for a measured duration: OpenAI rounds up to whole seconds (36.71 -> 37). */
export const billedSeconds = (duration: number): number => Math.ceil(duration - 1e-9);

/**
 * POST /audio/transcriptions with a JSON format. When the body carries no usage, the measured
 * duration (if any) stands in and the row is marked estimated.
 */
export function parseTranscriptionJson(
  body: unknown,
  meta: ResponseMeta,
  measuredSeconds: number | undefined,
  model: string,
): Metered<Transcript> {
  requireObject(body, 'transcription');
  const duration = asNumber(at(body, 'duration'));
  const language = asString(at(body, 'language'));
  const value: Transcript = {
    text: asString(at(body, 'text')) ?? '',
    ...(duration !== undefined ? { duration } : {}),
    ...(language ? { language } : {}),
  };
  const units = transcriptionUnits(at(body, 'usage'));
  const base = { value, model, providerRequestId: header(meta.headers, 'x-request-id') };
  if (units !== undefined) return { ...base, units };
  const seconds = duration ?? measuredSeconds;
  return { ...base, units: seconds === undefined ? {} : { seconds: billedSeconds(seconds) }, estimated: true };
}

/** text/srt/vtt formats return a plain body with no usage: priced from the measured duration, estimated. */
export function meterTextTranscription(
  text: string,
  meta: ResponseMeta,
  measuredSeconds: number | undefined,
  model: string,
): Metered<Transcript> {
  return {
    value: { text, ...(measuredSeconds !== undefined ? { duration: measuredSeconds } : {}) },
    units: measuredSeconds === undefined ? {} : { seconds: billedSeconds(measuredSeconds) },
    model,
    providerRequestId: header(meta.headers, 'x-request-id'),
    estimated: true,
  };
}

/** Chat stream: usage arrives only in the final `choices:[]` chunk (stream_options.include_usage). */
export function openAIChatStreamConsumer(
  requestedModel: string,
  estimatedInputTokens: number,
  onDelta?: (text: string) => void,
): ChatStreamConsumer {
  return new ChatStreamConsumer({
    provider: 'openai',
    requestedModel,
    estimatedInputTokens,
    ...(onDelta ? { onDelta } : {}),
    requestIdHeader: 'x-request-id',
    meta: (_usage, last) => tierMeta(last) ?? {},
  });
}

/**
 * Streaming transcription (gpt-4o-transcribe, stream=true): `transcript.text.delta` events, then
 * `transcript.text.done` carrying the full text and usage. No `[DONE]` line.
 */
export class TranscriptionStreamConsumer implements StreamConsumer<Transcript> {
  private text = '';
  private finalText: string | null = null;
  private units: Units | undefined;

  constructor(
    private readonly model: string,
    private readonly estimatedAudioTokens: number,
    private readonly onDelta?: (text: string) => void,
  ) {}

  onEvent(event: SseEvent): void {
    if (event.data.trim() === '[DONE]') return;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      throw new ProviderError({
        provider: 'openai',
        kind: 'malformed_response',
        status: 200,
        message: 'transcription stream event is not JSON',
      });
    }
    const type = asString(at(data, 'type'));
    if (type === 'transcript.text.delta') {
      const delta = asString(at(data, 'delta')) ?? '';
      this.text += delta;
      if (delta !== '') this.onDelta?.(delta);
    } else if (type === 'transcript.text.done') {
      this.finalText = asString(at(data, 'text')) ?? this.text;
      this.units = transcriptionUnits(at(data, 'usage'));
    } else if (type === 'error' || asObject(at(data, 'error'))) {
      throw new ProviderError({
        provider: 'openai',
        kind: 'server',
        status: 200,
        providerCode: asString(at(data, 'error', 'code')) ?? asString(at(data, 'error', 'type')) ?? 'stream_error',
        message: asString(at(data, 'error', 'message')) ?? 'error event in transcription stream',
      });
    }
  }

  isComplete(): boolean {
    return this.finalText !== null;
  }

  finish(meta: ResponseMeta): Metered<Transcript> {
    const base = {
      value: { text: this.finalText ?? this.text },
      model: this.model,
      providerRequestId: header(meta.headers, 'x-request-id'),
    };
    return this.units === undefined ? { ...base, ...this.estimate() } : { ...base, units: this.units };
  }

  partial(): Metered<Transcript | null> {
    return { value: this.text === '' ? null : { text: this.text }, model: this.model, ...this.estimate() };
  }

  private estimate(): { units: Units; estimated: true } {
    return {
      units: compactUnits({ audio_input_tokens: this.estimatedAudioTokens, output_tokens: estimateTokens(this.text) }),
      estimated: true,
    };
  }
}

/** One day's cost line of the organization Costs API. */
export interface OrganizationCostLine {
  startTime: number;
  endTime: number;
  /** nano-USD; null when billed in another currency. */
  amountNanos: Nanos | null;
  currency: string | null;
  lineItem: string | null;
}

export type OrganizationCostsPage = CostReportPage<OrganizationCostLine>;

/** GET /organization/costs (admin key): UsageResponse of CostsResult buckets, as in openai-openapi.yaml. Free. */
export function parseOrganizationCosts(body: unknown): Metered<OrganizationCostsPage> {
  return parseCostReportPage(
    'openai',
    body,
    (bucket, r): OrganizationCostLine => {
      const startTime = asNumber(at(bucket, 'start_time')) ?? 0;
      const currency = asString(at(r, 'amount', 'currency')) ?? null;
      const value = asNumber(at(r, 'amount', 'value'));
      return {
        startTime,
        endTime: asNumber(at(bucket, 'end_time')) ?? startTime,
        amountNanos: currency?.toLowerCase() === 'usd' && value !== undefined ? (usdToNanos(value) ?? null) : null,
        currency,
        lineItem: asString(at(r, 'line_item')) ?? null,
      };
    },
    true,
  );
}
