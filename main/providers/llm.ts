// The LLM/search providers this app ships (Providers I): descriptors for the gateway registry, their
// free health checks, and the loopback fakes that back demo mode (no keys, no network).
import type { Credential, Gateway, GatewayResult, ProviderDescriptor, ProviderId } from '../gateway/types';
import { anthropicDescriptor } from './anthropic/descriptor';
import { startAnthropicFake } from './anthropic/fake';
import { checkAnthropicHealth } from './anthropic/health';
import { openaiDescriptor } from './openai/descriptor';
import { startOpenAIFake } from './openai/fake';
import { checkOpenAIHealth } from './openai/health';
import { openrouterDescriptor } from './openrouter/descriptor';
import { startOpenRouterFake } from './openrouter/fake';
import { checkOpenRouterHealth } from './openrouter/health';
import { perplexityDescriptor } from './perplexity/descriptor';
import { startPerplexityFake } from './perplexity/fake';
import { checkPerplexityHealth } from './perplexity/health';
import type { CallOptions, HealthInfo } from './shared/call';

export type LlmProviderId = 'openai' | 'anthropic' | 'perplexity' | 'openrouter';

export const LLM_PROVIDERS: Record<LlmProviderId, ProviderDescriptor> = {
  openai: openaiDescriptor,
  anthropic: anthropicDescriptor,
  perplexity: perplexityDescriptor,
  openrouter: openrouterDescriptor,
};

export type HealthCheck = (
  gateway: Gateway,
  credential: Credential,
  options?: CallOptions,
) => Promise<GatewayResult<HealthInfo>>;

/** Each check calls a free endpoint only (models lists, OpenRouter /key) and is ledgered at $0. */
export const LLM_HEALTH_CHECKS: Record<LlmProviderId, HealthCheck> = {
  openai: checkOpenAIHealth,
  anthropic: checkAnthropicHealth,
  perplexity: checkPerplexityHealth,
  openrouter: checkOpenRouterHealth,
};

export interface LlmDemoFakes {
  /** Base URL per provider, to hand to the gateway's BaseUrls in demo mode. */
  baseUrls: Record<LlmProviderId, string>;
  close(): Promise<void>;
}

/** Starts the four fakes on 127.0.0.1 (OS ports) with deterministic demo content and any key accepted. */
export async function startLlmDemoFakes(): Promise<LlmDemoFakes> {
  const fakes = await Promise.all([
    startOpenAIFake(),
    startAnthropicFake(),
    startPerplexityFake(),
    startOpenRouterFake(),
  ]);
  const [openai, anthropic, perplexity, openrouter] = fakes;
  return {
    baseUrls: {
      openai: openai.baseUrl,
      anthropic: anthropic.baseUrl,
      perplexity: perplexity.baseUrl,
      openrouter: openrouter.baseUrl,
    },
    close: async () => {
      await Promise.all(fakes.map((f) => f.close()));
    },
  };
}

export const isLlmProvider = (id: ProviderId): id is LlmProviderId => id in LLM_PROVIDERS;
