import { describe, expect, it } from 'vitest';
import { jsonPostRequest } from '../../../../main/providers/shared/call';
import {
  parseJsonContent,
  promptInputTokens,
  requireMessages,
  responseFormatField,
} from '../../../../main/providers/shared/chat-request';

describe('Chat Completions request pieces', () => {
  it('nests json_schema under json_schema, passes other formats through and omits an absent one', () => {
    expect(responseFormatField(undefined)).toEqual({});
    expect(responseFormatField({ type: 'json_object' })).toEqual({ response_format: { type: 'json_object' } });
    expect(
      responseFormatField({ type: 'json_schema', name: 'plan', schema: { type: 'object' }, strict: true }),
    ).toEqual({
      response_format: { type: 'json_schema', json_schema: { name: 'plan', schema: { type: 'object' }, strict: true } },
    });
    expect(responseFormatField({ type: 'json_schema', name: 'plan', schema: {}, description: 'A plan' })).toEqual({
      response_format: { type: 'json_schema', json_schema: { name: 'plan', schema: {}, description: 'A plan' } },
    });
  });

  it('parses JSON replies; a non-JSON reply is a typed malformed_response that says when it was cut off', () => {
    expect(parseJsonContent('openrouter', '{"a":1}', 'stop')).toEqual({ a: 1 });
    expect(() => parseJsonContent('openrouter', null, 'stop')).toThrow(
      expect.objectContaining({
        provider: 'openrouter',
        kind: 'malformed_response',
        providerCode: 'invalid_json_content',
        message: 'model returned invalid JSON',
      }),
    );
    expect(() => parseJsonContent('openai', '{"a":', 'length')).toThrow(
      expect.objectContaining({ message: 'model returned invalid JSON (cut off at max tokens)' }),
    );
  });

  it('refuses an empty conversation before any request', () => {
    expect(() => requireMessages('perplexity', [])).toThrow(
      expect.objectContaining({ provider: 'perplexity', kind: 'bad_request' }),
    );
    expect(() => requireMessages('perplexity', [{ role: 'user', content: 'hi' }])).not.toThrow();
  });

  it('builds a retryable JSON POST with the caller operation winning over the default', () => {
    const spec = {
      provider: 'openai' as const,
      defaultOperation: 'embeddings',
      endpoint: 'embeddings',
      path: '/embeddings',
      body: { input: 'x' },
      model: 'm',
      worstCaseCostNanos: 7,
      estimatedUnits: { input_tokens: promptInputTokens(['a b', 'c']) },
    };
    const req = jsonPostRequest(spec, { secret: 'k' }, { jobId: 'j' });
    expect(req).toMatchObject({
      provider: 'openai',
      operation: 'embeddings',
      method: 'POST',
      path: '/embeddings',
      headers: { 'content-type': 'application/json' },
      body: '{"input":"x"}',
      idempotent: true,
      worstCaseCostNanos: 7,
      jobId: 'j',
    });
    expect(req.estimatedUnits?.input_tokens).toBeGreaterThan(0);
    expect('timeoutMs' in req).toBe(false);
    expect(jsonPostRequest(spec, { secret: 'k' }, { operation: 'research' }).operation).toBe('research');
  });
});
