// The request side of the Chat Completions dialect that OpenAI, OpenRouter and Perplexity's Sonar speak
// alike: the prompt estimate that seeds the ledger, the message check, response_format and JSON replies.
// Provider differences (token-limit field name, stream options, search fields, worst-case pricing) stay in
// each provider's client; the POST envelope itself is shared/call's jsonPostRequest.
import { ProviderError, type ProviderId } from '../../gateway/types';
import { estimateTokens } from './units';

/** Our estimate of the input tokens of these prompt texts (the ledger's fallback, not the reservation bound). */
export function promptInputTokens(texts: readonly string[]): number {
  return estimateTokens(texts.join('\n'));
}

/** Chat Completions rejects an empty conversation; refusing it here spends nothing. */
export function requireMessages(provider: ProviderId, messages: readonly unknown[]): void {
  if (messages.length === 0)
    throw new ProviderError({ provider, kind: 'bad_request', message: 'chat needs at least one message' });
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
      json_schema: {
        name,
        schema,
        ...(strict !== undefined ? { strict } : {}),
        ...(description ? { description } : {}),
      },
    },
  };
}

/** The JSON a json_object / json_schema request asked for; a billed reply that is not JSON is a typed error. */
export function parseJsonContent(provider: ProviderId, text: string | null, finishReason: string | null): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    const why = finishReason === 'length' ? ' (cut off at max tokens)' : '';
    throw new ProviderError({
      provider,
      kind: 'malformed_response',
      status: 200,
      providerCode: 'invalid_json_content',
      message: `model returned invalid JSON${why}`,
    });
  }
}
