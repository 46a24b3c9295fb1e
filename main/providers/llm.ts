// The LLM/search providers this app ships (Providers I): descriptors for the gateway registry, their
// free health checks. The loopback fakes that back demo mode live in ./demo.ts (loaded only in demo mode).
import type { Credential, Gateway, GatewayResult, ProviderDescriptor, ProviderId } from '../gateway/types';
import { anthropicDescriptor } from './anthropic/descriptor';
import { checkAnthropicHealth } from './anthropic/health';
import { openaiDescriptor } from './openai/descriptor';
import { checkOpenAIHealth } from './openai/health';
import { openrouterDescriptor } from './openrouter/descriptor';
import { checkOpenRouterHealth } from './openrouter/health';
import { perplexityDescriptor } from './perplexity/descriptor';
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

export const isLlmProvider = (id: ProviderId): id is LlmProviderId => id in LLM_PROVIDERS;
