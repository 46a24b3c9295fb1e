// The LLM/search providers this app ships (Providers I), keyed by id for the gateway registry.
import type { ProviderDescriptor, ProviderId } from '../gateway/types';
import { anthropicDescriptor } from './anthropic/descriptor';
import { openaiDescriptor } from './openai/descriptor';
import { openrouterDescriptor } from './openrouter/descriptor';
import { perplexityDescriptor } from './perplexity/descriptor';

export const LLM_PROVIDERS: Partial<Record<ProviderId, ProviderDescriptor>> = {
  openai: openaiDescriptor,
  anthropic: anthropicDescriptor,
  perplexity: perplexityDescriptor,
  openrouter: openrouterDescriptor,
};
