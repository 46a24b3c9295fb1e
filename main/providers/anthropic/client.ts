// Anthropic operations over the gateway: messages (plain and streaming SSE) and the models list.
import {
  ProviderError,
  type Credential,
  type Gateway,
  type GatewayRequest,
  type GatewayResult,
} from '../../gateway/types';
import { listModelsFree } from '../shared/models-list';
import { callFields, freeGetRequest, JSON_HEADERS, type CallOptions } from '../shared/call';
import { asNumber, asString, at } from '../shared/json';
import { estimateTokens, promptTokenBound } from '../shared/units';
import { worstCaseNanos } from '../shared/worst-case';
import {
  AnthropicStreamConsumer,
  parseCostReport,
  parseMessage,
  type AnthropicMessage,
  type AnthropicStreamResult,
  type CostReportLine,
  type CostReportPage,
} from './usage';

export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface MessageInput {
  model: string;
  system?: string;
  messages: AnthropicTurn[];
  /** Required by the API; bounds the budget reservation. */
  maxTokens?: number;
  temperature?: number;
  /** Extended thinking budget (counted inside max_tokens and billed as output). */
  thinkingBudgetTokens?: number;
  /** Cache the system prompt for 5 minutes (1.25x input on write) or 1 hour (2x). */
  cacheSystem?: '5m' | '1h';
  /** Parse the reply text as JSON (a fenced ```json block is accepted): Anthropic has no response_format. */
  expectJson?: boolean;
}

export interface MessageResult extends AnthropicMessage {
  json?: unknown;
}

export const DEFAULT_MAX_TOKENS = 1024;

function messageBody(input: MessageInput, stream: boolean): Record<string, unknown> {
  if (input.messages.length === 0)
    throw new ProviderError({
      provider: 'anthropic',
      kind: 'bad_request',
      message: 'messages needs at least one turn',
    });
  const system =
    input.system === undefined
      ? {}
      : input.cacheSystem === undefined
        ? { system: input.system }
        : {
            system: [
              {
                type: 'text',
                text: input.system,
                cache_control: { type: 'ephemeral', ...(input.cacheSystem === '1h' ? { ttl: '1h' } : {}) },
              },
            ],
          };
  return {
    model: input.model,
    max_tokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...system,
    messages: input.messages,
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.thinkingBudgetTokens !== undefined
      ? { thinking: { type: 'enabled', budget_tokens: input.thinkingBudgetTokens } }
      : {}),
    ...(stream ? { stream: true } : {}),
  };
}

function messageRequest(
  credential: Credential,
  input: MessageInput,
  options: CallOptions,
  stream: boolean,
): GatewayRequest {
  const texts = [input.system ?? '', ...input.messages.map((m) => m.content)];
  const bound = promptTokenBound(texts);
  return {
    provider: 'anthropic',
    operation: options.operation ?? 'content_analysis',
    endpoint: 'messages',
    method: 'POST',
    path: '/v1/messages',
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(messageBody(input, stream)),
    model: input.model,
    idempotent: true,
    // A 1-hour cache write costs 2x input: bound the prompt at that rate when caching.
    worstCaseCostNanos: worstCaseNanos({
      priceProvider: 'anthropic',
      model: input.model,
      inputTokens: input.cacheSystem ? bound * 2 : bound,
      outputTokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
    }),
    estimatedUnits: { input_tokens: estimateTokens(texts.join('\n')) },
    credential,
    ...callFields(options),
  };
}

/** The JSON inside a reply, with or without a ```json fence. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const candidate = (fenced?.[1] ?? text).trim();
  try {
    return JSON.parse(candidate) as unknown;
  } catch {
    throw new ProviderError({
      provider: 'anthropic',
      kind: 'malformed_response',
      status: 200,
      providerCode: 'invalid_json_content',
      message: 'model reply is not valid JSON',
    });
  }
}

export async function createMessage(
  gateway: Gateway,
  credential: Credential,
  input: MessageInput,
  options: CallOptions = {},
): Promise<GatewayResult<MessageResult>> {
  const result = await gateway.json(messageRequest(credential, input, options, false), parseMessage);
  return input.expectJson ? { ...result, value: { ...result.value, json: extractJson(result.value.text) } } : result;
}

export function streamMessage(
  gateway: Gateway,
  credential: Credential,
  input: MessageInput,
  options: CallOptions & { onDelta?: (text: string) => void } = {},
): Promise<GatewayResult<AnthropicStreamResult>> {
  const req = messageRequest(credential, input, options, true);
  return gateway.stream(
    req,
    new AnthropicStreamConsumer(input.model, req.estimatedUnits?.input_tokens ?? 0, options.onDelta),
  );
}

export interface AnthropicModel {
  id: string;
  displayName: string | null;
  createdAt: string | null;
  maxInputTokens: number | null;
  maxOutputTokens: number | null;
}

/** GET /v1/models (free): one page of up to 1000 models. */
export function listModels(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<AnthropicModel[]>> {
  return listModelsFree(
    gateway,
    'anthropic',
    '/v1/models?limit=1000',
    credential,
    options,
    (m, id): AnthropicModel => ({
      id,
      displayName: asString(at(m, 'display_name')) ?? null,
      createdAt: asString(at(m, 'created_at')) ?? null,
      maxInputTokens: asNumber(at(m, 'max_input_tokens')) ?? null,
      maxOutputTokens: asNumber(at(m, 'max_tokens')) ?? null,
    }),
  );
}

export interface CostReportQuery extends CallOptions {
  /** RFC 3339 instants: inclusive / exclusive. */
  startingAt: string;
  endingAt: string;
  maxPages?: number;
}

/**
 * The organization's daily cost from the Admin API cost report (needs an Admin key, sk-ant-admin…, which
 * only organizations can create), every page; each page is a free call in the ledger.
 */
export async function getCostReport(
  gateway: Gateway,
  adminCredential: Credential,
  query: CostReportQuery,
): Promise<CostReportLine[]> {
  const lines: CostReportLine[] = [];
  let page: string | null = null;
  for (let i = 0; i < (query.maxPages ?? 12); i++) {
    const q = new URLSearchParams({
      starting_at: query.startingAt,
      ending_at: query.endingAt,
      bucket_width: '1d',
      limit: '31',
    });
    if (page !== null) q.set('page', page);
    const result: GatewayResult<CostReportPage> = await gateway.json(
      freeGetRequest(
        'anthropic',
        'organizations.cost_report',
        `/v1/organizations/cost_report?${q.toString()}`,
        adminCredential,
        {
          operation: 'reconcile',
          ...query,
        },
      ),
      parseCostReport,
    );
    lines.push(...result.value.lines);
    page = result.value.nextPage;
    if (page === null) break;
  }
  return lines;
}
