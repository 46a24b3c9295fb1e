import { afterEach, describe, expect, it } from 'vitest';
import { startLlmDemoFakes, type LlmDemoFakes } from '../../../../main/providers/demo';
import { LLM_HEALTH_CHECKS, LLM_PROVIDERS, isLlmProvider } from '../../../../main/providers/llm';
import { startLlmHarness } from './llm-harness';

let demo: LlmDemoFakes | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

describe('LLM provider registry and demo fakes', () => {
  it('registers the four descriptors under their ids', () => {
    expect(Object.entries(LLM_PROVIDERS).map(([k, d]) => [k, d.id])).toEqual([
      ['openai', 'openai'],
      ['anthropic', 'anthropic'],
      ['perplexity', 'perplexity'],
      ['openrouter', 'openrouter'],
    ]);
    expect(isLlmProvider('openrouter')).toBe(true);
    expect(isLlmProvider('heygen')).toBe(false);
  });

  it('every health check passes against its demo fake with any key, free and on GET only', async () => {
    demo = await startLlmDemoFakes();
    for (const id of ['openai', 'anthropic', 'perplexity', 'openrouter'] as const) {
      const h = startLlmHarness(id, demo.baseUrls[id]);
      const r = await LLM_HEALTH_CHECKS[id](h.gateway, { secret: 'demo-key' });
      expect(r.costNanos).toBe(0);
      expect(r.value.endpoint.startsWith('GET ')).toBe(true);
      expect(h.ledger.rows).toEqual([
        expect.objectContaining({
          provider: id,
          method: 'GET',
          costNanos: 0,
          costSource: 'computed',
          operation: 'health',
        }),
      ]);
      await h.close();
    }
  });
});
