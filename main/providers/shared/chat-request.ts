// The request side shared by OpenAI, OpenRouter and Perplexity: the JSON POST envelope every paid
// operation sends through the gateway, the prompt estimate that seeds the ledger, and the pieces of the
// Chat Completions dialect the three speak alike (message check, response_format, JSON replies).
// Provider differences (token-limit field name, stream options, search fields, worst-case pricing)
// stay in each provider's client.
import { ProviderError, type Credential, type GatewayRequest, type Nanos, type ProviderId, type Units } from '../../gateway/types';
import { callFields, JSON_HEADERS, type CallOptions } from './call';
import { estimateTokens } from './units';

export interface JsonPostSpec {
  provider: ProviderId;
  /** The seed operation (hourly limits) when the caller names none. */
  defaultOperation: string;
  endpoint: string;
  path: string;
  body: unknown;
  model: string;
  /** The reservation's bound; null when it cannot be bounded (unknown model, unbounded searches). */
  worstCaseCostNanos: Nanos | null;
  /** Pre-flight units, ledgered when the answer never says (cut streams, malformed bodies). */
  estimatedUnits: Units;
}

/** A retryable JSON POST: these operations only read or generate, so repeating one after a failure is safe. */
export function jsonPostRequest(spec: JsonPostSpec, credential: Credential, options: CallOptions): GatewayRequest {
  return {
    provider: spec.provider,
    operation: options.operation ?? spec.defaultOperation,
    endpoint: spec.endpoint,
    method: 'POST',
    path: spec.path,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(spec.body),
    model: spec.model,
    idempotent: true,
    worstCaseCostNanos: spec.worstCaseCostNanos,
    estimatedUnits: spec.estimatedUnits,
    credential,
    ...callFields(options),
  };
}

/** Our estimate of the input tokens of these prompt texts (the ledger's fallback, not the reservation bound). */
export function promptInputTokens(texts: readonly string[]): number {
  return estimateTokens(texts.join('\n'));
}

/** Chat Completions rejects an empty conversation; refusing it here spends nothing. */
export function requireMessages(provider: ProviderId, messages: readonly unknown[]): void {
  if (messages.length === 0) throw new ProviderError({ provider, kind: 'bad_request', message: 'chat needs at least one message' });
}

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/** The `response_format` body field: json_schema nests its name and schema under `json_schema`; absent when not asked. */
export function responseFormatField(format: ChatResponseFormat | undefined): { response_format?: unknown } {
  if (format === undefined) return {};
  if (format.type !== 'json_schema') return { response_format: format };
  const { name, schema, strict, description } = format;
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name, schema, ...(strict !== undefined ? { strict } : {}), ...(description ? { description } : {}) },
    },
  };
}

/** The JSON a json_object / json_schema request asked for; a billed reply that is not JSON is a typed error. */
export function parseJsonContent(provider: ProviderId, text: string | null, finishReason: string | null): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    const why = finishReason === 'length' ? ' (cut off at max tokens)' : '';
    throw new ProviderError({ provider, kind: 'malformed_response', status: 200, providerCode: 'invalid_json_content', message: `model returned invalid JSON${why}` });
  }
}
