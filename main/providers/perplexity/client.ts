// Perplexity operations over the gateway. Primary: the Agent API (POST /v1/agent, Responses format,
// web_search tool). Legacy: Sonar chat completions, retired by Perplexity on 2026-09-27 and used
// only when the caller's setting asks for it. Research perspectives and trend analysis sit on top.
import {
  ProviderError,
  type Credential,
  type Gateway,
  type GatewayRequest,
  type GatewayResult,
  type Nanos,
} from '../../gateway/types';
import { listModelsFree } from '../shared/models-list';
import { jsonPostRequest, type CallOptions, type StreamCallOptions } from '../shared/call';
import type { ChatStreamResult } from '../shared/chat-completions';
import { promptInputTokens } from '../shared/chat-request';
import { asString, at } from '../shared/json';
import { promptTokenBound } from '../shared/units';
import { worstCaseNanos } from '../shared/worst-case';
import {
  AgentStreamConsumer,
  parseAgentResponse,
  parseSonarCompletion,
  sonarStreamConsumer,
  type AgentResult,
  type Citation,
  type SonarResult,
} from './usage';

/** Perplexity's announced end of Sonar Chat Completions. */
export const DEFAULT_AGENT_MODEL = 'perplexity/sonar';
const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
/** Agent loop steps allowed (API maximum 10): bounds searches and so the reservation. */
const DEFAULT_MAX_STEPS = 3;
/** Search context per web_search call we allow into the prompt (WebSearchTool.max_tokens). */
const SEARCH_CONTEXT_TOKENS = 4000;
/** What a default agent call may search (for estimates made before the call). */
export const AGENT_MAX_STEPS = DEFAULT_MAX_STEPS;
export const AGENT_SEARCH_CONTEXT_TOKENS = SEARCH_CONTEXT_TOKENS;
/** The most a single tool call costs (people/finance search, $0.005). */
const TOOL_CALL_MAX_NANOS = 5_000_000;

export interface AgentInput {
  input: string;
  instructions?: string;
  /** provider/model slug, e.g. "perplexity/sonar", "openai/gpt-5.4". */
  model?: string;
  preset?: string;
  maxOutputTokens?: number;
  maxSteps?: number;
  webSearch?: boolean;
  /** Search filters: recency ("day" | "week" | "month" | "year") and allowed domains. */
  recency?: string;
  domains?: string[];
}

function agentBody(input: AgentInput, stream: boolean): Record<string, unknown> {
  const webSearch = input.webSearch ?? true;
  const filters = {
    ...(input.recency ? { search_recency_filter: input.recency } : {}),
    ...(input.domains?.length ? { search_domain_filter: input.domains } : {}),
  };
  return {
    model: input.model ?? DEFAULT_AGENT_MODEL,
    ...(input.preset ? { preset: input.preset } : {}),
    input: input.input,
    ...(input.instructions ? { instructions: input.instructions } : {}),
    ...(webSearch
      ? {
          tools: [
            {
              type: 'web_search',
              max_tokens: SEARCH_CONTEXT_TOKENS,
              ...(Object.keys(filters).length ? { filters } : {}),
            },
          ],
        }
      : {}),
    max_output_tokens: input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    max_steps: input.maxSteps ?? DEFAULT_MAX_STEPS,
    ...(stream ? { stream: true } : {}),
  };
}

/** "openai/gpt-5.4" is priced as OpenAI's gpt-5.4 (the Agent API passes provider token rates through). */
function agentWorstCase(input: AgentInput): Nanos | null {
  const slug = input.model ?? DEFAULT_AGENT_MODEL;
  const [vendor, model] = slug.includes('/') ? (slug.split('/', 2) as [string, string]) : ['perplexity', slug];
  const steps = input.maxSteps ?? DEFAULT_MAX_STEPS;
  const searches = (input.webSearch ?? true) ? steps : 0;
  return worstCaseNanos({
    priceProvider: vendor,
    model,
    inputTokens: promptTokenBound([input.instructions ?? '', input.input]) + searches * SEARCH_CONTEXT_TOKENS,
    outputTokens: input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    extraNanos: searches * TOOL_CALL_MAX_NANOS,
  });
}

function agentRequest(
  credential: Credential,
  input: AgentInput,
  options: CallOptions,
  stream: boolean,
): GatewayRequest {
  if (input.input.trim() === '')
    throw new ProviderError({ provider: 'perplexity', kind: 'bad_request', message: 'agent input is empty' });
  // Search legs are paid and not idempotent in effect, but a repeated read-only research call is harmless.
  return jsonPostRequest(
    {
      provider: 'perplexity',
      defaultOperation: 'research',
      endpoint: 'agent',
      path: '/v1/agent',
      body: agentBody(input, stream),
      model: input.model ?? DEFAULT_AGENT_MODEL,
      worstCaseCostNanos: agentWorstCase(input),
      estimatedUnits: { input_tokens: promptInputTokens([input.instructions ?? '', input.input]) },
    },
    credential,
    options,
  );
}

export function createAgentResponse(
  gateway: Gateway,
  credential: Credential,
  input: AgentInput,
  options: CallOptions = {},
): Promise<GatewayResult<AgentResult>> {
  return gateway.json(agentRequest(credential, input, options, false), parseAgentResponse);
}

export function streamAgentResponse(
  gateway: Gateway,
  credential: Credential,
  input: AgentInput,
  options: StreamCallOptions = {},
): Promise<GatewayResult<AgentResult>> {
  const req = agentRequest(credential, input, options, true);
  return gateway.stream(
    req,
    new AgentStreamConsumer(req.model ?? DEFAULT_AGENT_MODEL, req.estimatedUnits?.input_tokens ?? 0, options.onDelta),
  );
}

export interface SonarInput {
  model?: 'sonar' | 'sonar-pro' | 'sonar-reasoning-pro' | 'sonar-deep-research';
  system?: string;
  prompt: string;
  maxTokens?: number;
  searchContextSize?: 'low' | 'medium' | 'high';
  recency?: string;
  domains?: string[];
}

/** Request fee per call by model at the `high` context size (the reservation's worst case). */
const SONAR_REQUEST_FEE_HIGH_NANOS: Record<string, Nanos> = {
  sonar: 12_000_000,
  'sonar-pro': 14_000_000,
  'sonar-reasoning-pro': 14_000_000,
};

function sonarRequest(
  credential: Credential,
  input: SonarInput,
  options: CallOptions,
  stream: boolean,
): GatewayRequest {
  const model = input.model ?? 'sonar';
  const maxTokens = input.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const messages = [
    ...(input.system ? [{ role: 'system', content: input.system }] : []),
    { role: 'user', content: input.prompt },
  ];
  const body = {
    model,
    messages,
    max_tokens: maxTokens,
    web_search_options: { search_context_size: input.searchContextSize ?? 'low' },
    ...(input.recency ? { search_recency_filter: input.recency } : {}),
    ...(input.domains?.length ? { search_domain_filter: input.domains } : {}),
    ...(stream ? { stream: true } : {}),
  };
  const texts = messages.map((m) => m.content);
  const tokens = worstCaseNanos({
    priceProvider: 'perplexity',
    model,
    inputTokens: promptTokenBound(texts),
    outputTokens: maxTokens,
  });
  const fee = SONAR_REQUEST_FEE_HIGH_NANOS[model];
  return jsonPostRequest(
    {
      provider: 'perplexity',
      defaultOperation: 'research',
      endpoint: 'chat.completions',
      path: '/chat/completions',
      body,
      model,
      // Deep research runs an unbounded number of searches: no worst case.
      worstCaseCostNanos: tokens === null || fee === undefined ? null : Math.max(tokens, fee),
      estimatedUnits: { input_tokens: promptInputTokens(texts), requests: 1 },
    },
    credential,
    options,
  );
}

/** Legacy Sonar chat (retired 2026-09-27): only behind the user's legacy setting. */
export function createSonarCompletion(
  gateway: Gateway,
  credential: Credential,
  input: SonarInput,
  options: CallOptions = {},
): Promise<GatewayResult<SonarResult>> {
  return gateway.json(sonarRequest(credential, input, options, false), parseSonarCompletion);
}

export function streamSonarCompletion(
  gateway: Gateway,
  credential: Credential,
  input: SonarInput,
  options: StreamCallOptions = {},
): Promise<GatewayResult<ChatStreamResult>> {
  const req = sonarRequest(credential, input, options, true);
  return gateway.stream(
    req,
    sonarStreamConsumer(input.model ?? 'sonar', req.estimatedUnits?.input_tokens ?? 0, options.onDelta),
  );
}

export interface ResearchResult {
  text: string;
  citations: Citation[];
  /** Which API answered: the Agent API, or legacy Sonar when the setting asked for it. */
  api: 'agent' | 'sonar';
}

export interface ResearchOptions extends CallOptions {
  /** The user's "use legacy Sonar" setting. */
  legacySonar?: boolean;
  model?: string;
  maxOutputTokens?: number;
}

async function research(
  gateway: Gateway,
  credential: Credential,
  instructions: string,
  prompt: string,
  options: ResearchOptions,
): Promise<GatewayResult<ResearchResult>> {
  const call: CallOptions = { ...options, operation: options.operation ?? 'research' };
  if (options.legacySonar) {
    const r = await createSonarCompletion(
      gateway,
      credential,
      { system: instructions, prompt, ...(options.maxOutputTokens ? { maxTokens: options.maxOutputTokens } : {}) },
      call,
    );
    return { ...r, value: { text: r.value.text, citations: r.value.citations, api: 'sonar' } };
  }
  const r = await createAgentResponse(
    gateway,
    credential,
    {
      instructions,
      input: prompt,
      ...(options.model ? { model: options.model } : {}),
      ...(options.maxOutputTokens ? { maxOutputTokens: options.maxOutputTokens } : {}),
    },
    call,
  );
  return { ...r, value: { text: r.value.text, citations: r.value.citations, api: 'agent' } };
}

/** Several distinct perspectives on a topic, each grounded in cited sources. */
export function researchPerspectives(
  gateway: Gateway,
  credential: Credential,
  topic: string,
  options: ResearchOptions = {},
): Promise<GatewayResult<ResearchResult>> {
  return research(
    gateway,
    credential,
    'You are a research assistant for a content creator. Give 3 distinct research perspectives (practitioners, data, contrarian) on the topic, each with numbered citations to the sources you used.',
    `Research perspectives on: ${topic}`,
    options,
  );
}

/** Current trend analysis for a niche: what is rising, what is cooling, with cited sources. */
export function trendAnalysis(
  gateway: Gateway,
  credential: Credential,
  niche: string,
  options: ResearchOptions = {},
): Promise<GatewayResult<ResearchResult>> {
  return research(
    gateway,
    credential,
    'You analyze social media trends for a content creator. Say which formats and topics are rising or cooling in the niche over the last month, with numbered citations.',
    `Trend analysis for the niche: ${niche}`,
    options,
  );
}

export interface AgentModel {
  id: string;
  ownedBy: string | null;
}

/** GET /v1/models: free and needs no auth (so it proves reachability, not the key). */
export function listAgentModels(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<AgentModel[]>> {
  return listModelsFree(
    gateway,
    'perplexity',
    '/v1/models',
    credential,
    options,
    (m, id): AgentModel => ({ id, ownedBy: asString(at(m, 'owned_by')) ?? null }),
  );
}
