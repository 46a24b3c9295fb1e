// OpenAI operations over the gateway: chat completions (plain, json_object, json_schema, streaming),
// embeddings, legacy completions, audio transcriptions (streamed from disk) and the models list.
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ProviderError,
  type Credential,
  type Gateway,
  type GatewayRequest,
  type GatewayResult,
} from '../../gateway/types';
import { measureAudioDurationSeconds } from '../shared/audio-duration';
import { transcriptionWorstUnits } from './transcription-bound';
import { listModelsFree } from '../shared/models-list';
import { callFields, freeGetRequest, jsonPostRequest, type CallOptions, type StreamCallOptions } from '../shared/call';
import type { ChatMessage, ChatStreamResult } from '../shared/chat-completions';
import {
  parseJsonContent,
  promptInputTokens,
  requireMessages,
  responseFormatField,
  type ChatResponseFormat,
} from '../shared/chat-request';
import { asNumber, asString, at } from '../shared/json';
import { promptTokenBound } from '../shared/units';
import { worstCaseNanos } from '../shared/worst-case';
import {
  TranscriptionStreamConsumer,
  meterTextTranscription,
  openAIChatStreamConsumer,
  parseChatCompletion,
  parseEmbeddings,
  parseLegacyCompletion,
  parseOrganizationCosts,
  parseTranscriptionJson,
  type Embeddings,
  type LegacyCompletion,
  type OrganizationCostLine,
  type OrganizationCostsPage,
  type Transcript,
} from './usage';

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant';
export interface ChatTurn {
  role: ChatRole;
  content: string;
}

export type ResponseFormat = ChatResponseFormat;

export interface ChatInput {
  model: string;
  messages: ChatTurn[];
  /** Sent as max_completion_tokens (reasoning models reject max_tokens). Bounds the budget reservation. */
  maxOutputTokens?: number;
  temperature?: number;
  responseFormat?: ResponseFormat;
  /** auto | default | flex | priority; the served tier is recorded in the ledger meta. */
  serviceTier?: string;
}

export interface ChatResult extends ChatMessage {
  /** The parsed JSON content for json_object / json_schema requests. */
  json?: unknown;
}

export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function chatBody(input: ChatInput, stream: boolean): Record<string, unknown> {
  requireMessages('openai', input.messages);
  const format = input.responseFormat;
  if (format?.type === 'json_schema' && !SCHEMA_NAME.test(format.name)) {
    throw new ProviderError({
      provider: 'openai',
      kind: 'bad_request',
      providerCode: 'invalid_schema_name',
      message: 'json_schema name must be 1-64 chars of [a-zA-Z0-9_-]',
    });
  }
  return {
    model: input.model,
    messages: input.messages,
    // Reasoning models reject max_tokens; max_completion_tokens works for every chat model.
    max_completion_tokens: input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.serviceTier !== undefined ? { service_tier: input.serviceTier } : {}),
    ...responseFormatField(format),
    // Without include_usage a stream carries no usage at all.
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

function chatRequest(credential: Credential, input: ChatInput, options: CallOptions, stream: boolean): GatewayRequest {
  const texts = input.messages.map((m) => m.content);
  const maxOut = input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  return jsonPostRequest(
    {
      provider: 'openai',
      defaultOperation: 'content_analysis',
      endpoint: 'chat.completions',
      path: '/chat/completions',
      body: chatBody(input, stream),
      model: input.model,
      worstCaseCostNanos: worstCaseNanos({
        priceProvider: 'openai',
        model: input.model,
        inputTokens: promptTokenBound(texts),
        outputTokens: maxOut,
      }),
      estimatedUnits: { input_tokens: promptInputTokens(texts) },
    },
    credential,
    options,
  );
}

/** Parses the JSON a json_object / json_schema request asked for; a billed call with bad JSON is a typed error. */
function withJson(message: ChatMessage, format: ResponseFormat | undefined): ChatResult {
  if (format === undefined || format.type === 'text') return message;
  if (message.refusal !== null)
    throw new ProviderError({
      provider: 'openai',
      kind: 'content_policy',
      status: 200,
      providerCode: 'refusal',
      message: message.refusal.slice(0, 300),
    });
  return { ...message, json: parseJsonContent('openai', message.text, message.finishReason) };
}

export async function createChatCompletion(
  gateway: Gateway,
  credential: Credential,
  input: ChatInput,
  options: CallOptions = {},
): Promise<GatewayResult<ChatResult>> {
  const result = await gateway.json(chatRequest(credential, input, options, false), parseChatCompletion);
  return { ...result, value: withJson(result.value, input.responseFormat) };
}

/** Streams with stream_options.include_usage so the final `choices:[]` chunk carries usage. */
export function streamChatCompletion(
  gateway: Gateway,
  credential: Credential,
  input: ChatInput,
  options: StreamCallOptions = {},
): Promise<GatewayResult<ChatStreamResult>> {
  const req = chatRequest(credential, input, options, true);
  return gateway.stream(
    req,
    openAIChatStreamConsumer(input.model, req.estimatedUnits?.input_tokens ?? 0, options.onDelta),
  );
}

export interface EmbeddingsInput {
  model: string;
  input: string | string[];
  dimensions?: number;
}

export function createEmbeddings(
  gateway: Gateway,
  credential: Credential,
  input: EmbeddingsInput,
  options: CallOptions = {},
): Promise<GatewayResult<Embeddings>> {
  const texts = Array.isArray(input.input) ? input.input : [input.input];
  const request = jsonPostRequest(
    {
      provider: 'openai',
      defaultOperation: 'embeddings',
      endpoint: 'embeddings',
      path: '/embeddings',
      body: {
        model: input.model,
        input: input.input,
        encoding_format: 'float',
        ...(input.dimensions ? { dimensions: input.dimensions } : {}),
      },
      model: input.model,
      worstCaseCostNanos: worstCaseNanos({
        priceProvider: 'openai',
        model: input.model,
        inputTokens: promptTokenBound(texts, 0),
        outputTokens: 0,
      }),
      estimatedUnits: { input_tokens: promptInputTokens(texts) },
    },
    credential,
    options,
  );
  return gateway.json(request, parseEmbeddings);
}

export interface LegacyCompletionInput {
  model: string;
  prompt: string;
  maxTokens?: number;
  temperature?: number;
}

export function createLegacyCompletion(
  gateway: Gateway,
  credential: Credential,
  input: LegacyCompletionInput,
  options: CallOptions = {},
): Promise<GatewayResult<LegacyCompletion>> {
  const maxTokens = input.maxTokens ?? 256;
  const request = jsonPostRequest(
    {
      provider: 'openai',
      defaultOperation: 'script_generation',
      endpoint: 'completions',
      path: '/completions',
      body: {
        model: input.model,
        prompt: input.prompt,
        max_tokens: maxTokens,
        ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      },
      model: input.model,
      worstCaseCostNanos: worstCaseNanos({
        priceProvider: 'openai',
        model: input.model,
        inputTokens: promptTokenBound([input.prompt]),
        outputTokens: maxTokens,
      }),
      estimatedUnits: { input_tokens: promptInputTokens([input.prompt]) },
    },
    credential,
    options,
  );
  return gateway.json(request, parseLegacyCompletion);
}

/** OpenAI's documented upload limit, enforced for every model before any byte is sent. */
export const TRANSCRIPTION_MAX_BYTES = 25 * 1024 * 1024;
const AUDIO_EXTENSIONS = new Set(['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm']);

export type TranscriptionFormat = 'json' | 'verbose_json' | 'diarized_json' | 'text' | 'srt' | 'vtt';

export interface TranscriptionInput {
  filePath: string;
  model: string;
  responseFormat?: TranscriptionFormat;
  language?: string;
  prompt?: string;
  /** The audio's duration when the caller knows it; else it is measured from the file headers (WAV/MP3/FLAC/M4A). */
  durationSeconds?: number;
  /** Streams transcript deltas (gpt-4o-* models only; whisper-1 ignores stream). */
  stream?: boolean;
  onDelta?: (text: string) => void;
}

async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST /audio/transcriptions as multipart, the file streamed from disk (a file-backed Blob, re-read
 * per attempt so retries work). Files over 25 MiB fail with `limit_exceeded` before any upload.
 */
export async function transcribeAudio(
  gateway: Gateway,
  credential: Credential,
  input: TranscriptionInput,
  options: CallOptions = {},
): Promise<GatewayResult<Transcript>> {
  const info = await stat(input.filePath).catch(() => null);
  if (info === null || !info.isFile())
    throw new ProviderError({
      provider: 'openai',
      kind: 'bad_request',
      providerCode: 'file_not_found',
      message: 'audio file not found or not a regular file',
    });
  if (info.size > TRANSCRIPTION_MAX_BYTES) {
    throw new ProviderError({
      provider: 'openai',
      kind: 'limit_exceeded',
      providerCode: 'file_too_large',
      message: `audio file is ${(info.size / 1048576).toFixed(1)} MiB; OpenAI accepts at most 25 MiB per transcription`,
    });
  }
  const fileName = basename(input.filePath);
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  if (!AUDIO_EXTENSIONS.has(ext)) {
    throw new ProviderError({
      provider: 'openai',
      kind: 'bad_request',
      providerCode: 'unsupported_file_type',
      message: `unsupported audio type ".${ext}" (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm)`,
    });
  }
  const format = input.responseFormat ?? 'json';
  const seconds = input.durationSeconds ?? (await measureAudioDurationSeconds(input.filePath));
  const blob = await openAsBlob(input.filePath);
  const stream = input.stream === true && input.model !== 'whisper-1';
  const form = () => {
    const fd = new FormData();
    fd.append('file', blob, fileName);
    fd.append('model', input.model);
    fd.append('response_format', format);
    if (input.language) fd.append('language', input.language);
    if (input.prompt) fd.append('prompt', input.prompt);
    if (stream) fd.append('stream', 'true');
    return fd;
  };
  const worst = transcriptionWorstUnits(input.model, seconds, input.prompt);
  const req: GatewayRequest = {
    provider: 'openai',
    operation: options.operation ?? 'transcription',
    endpoint: 'audio.transcriptions',
    method: 'POST',
    path: '/audio/transcriptions',
    body: form,
    bodyBytes: info.size,
    model: input.model,
    idempotent: true,
    ...(worst !== null ? { worstCaseUnits: worst } : {}),
    ...(seconds !== undefined ? { estimatedUnits: { seconds: Math.ceil(seconds) } } : {}),
    credential,
    ...callFields(options),
  };
  if (stream) {
    // ~10 audio tokens per second of speech is OpenAI's published rate for gpt-4o audio input.
    const consumer = new TranscriptionStreamConsumer(
      input.model,
      seconds === undefined ? 0 : Math.ceil(seconds * 10),
      input.onDelta,
    );
    return gateway.stream(req, consumer);
  }
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    return gateway.binary(req, async (body, meta) =>
      meterTextTranscription(await readText(body), meta, seconds, input.model),
    );
  }
  return gateway.json(req, (body, meta) => parseTranscriptionJson(body, meta, seconds, input.model));
}

export interface ModelInfo {
  id: string;
  ownedBy: string | null;
  created: number | null;
  /** 2026 field: when the model stops working (YYYY-MM-DD), null if not scheduled. */
  shutdownDate: string | null;
}

/** GET /models: free, used by the health check and model pickers. */
export function listModels(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<ModelInfo[]>> {
  return listModelsFree(
    gateway,
    'openai',
    '/models',
    credential,
    options,
    (m, id): ModelInfo => ({
      id,
      ownedBy: asString(at(m, 'owned_by')) ?? null,
      created: asNumber(at(m, 'created')) ?? null,
      shutdownDate: asString(at(m, 'shutdown_date')) ?? null,
    }),
  );
}

export interface OrganizationCostsQuery extends CallOptions {
  /** Unix seconds, inclusive / exclusive. */
  startTime: number;
  endTime: number;
  groupByLineItem?: boolean;
  /** Pages to read at most (31 daily buckets each; default 12). */
  maxPages?: number;
}

/**
 * The organization's daily costs from the Costs API (GET /organization/costs, admin key only), every page.
 * Each page is a free call in the ledger.
 */
export async function getOrganizationCosts(
  gateway: Gateway,
  adminCredential: Credential,
  query: OrganizationCostsQuery,
): Promise<OrganizationCostLine[]> {
  const lines: OrganizationCostLine[] = [];
  let page: string | null = null;
  for (let i = 0; i < (query.maxPages ?? 12); i++) {
    const q = new URLSearchParams({
      start_time: String(query.startTime),
      end_time: String(query.endTime),
      bucket_width: '1d',
      limit: '31',
    });
    if (query.groupByLineItem) q.append('group_by', 'line_item');
    if (page !== null) q.set('page', page);
    const result: GatewayResult<OrganizationCostsPage> = await gateway.json(
      freeGetRequest('openai', 'organization.costs', `/organization/costs?${q.toString()}`, adminCredential, {
        operation: 'reconcile',
        ...query,
      }),
      parseOrganizationCosts,
    );
    lines.push(...result.value.lines);
    page = result.value.nextPage;
    if (page === null) break;
  }
  return lines;
}
