// All ten providers in one place: descriptors for the gateway, free health checks for the vault,
// and the built-in fakes that demo mode routes calls to.
import type { Credential, Gateway, GatewayResult, ProviderDescriptor, ProviderId } from '../gateway/types';
import { LLM_HEALTH_CHECKS, LLM_PROVIDERS, startLlmDemoFakes } from './llm';
import { MEDIA_DESCRIPTORS, MEDIA_FAKE_CREDENTIALS, MEDIA_HEALTH_CHECKS, startMediaDemoFakes } from './media';

export const PROVIDER_DESCRIPTORS: Record<ProviderId, ProviderDescriptor> = { ...LLM_PROVIDERS, ...MEDIA_DESCRIPTORS };

export type ProviderHealthCheck = (
  gateway: Gateway,
  credential: Credential,
  options?: { signal?: AbortSignal },
) => Promise<GatewayResult<unknown>>;
export const PROVIDER_HEALTH_CHECKS: Record<ProviderId, ProviderHealthCheck> = {
  ...LLM_HEALTH_CHECKS,
  ...MEDIA_HEALTH_CHECKS,
};

export interface DemoProviders {
  /** Base URL per provider (and "heygen:upload" for HeyGen's upload host). */
  baseUrl(provider: ProviderId, key?: string): string | null;
  /** A credential each fake accepts; demo calls never touch a real key. */
  credential(provider: ProviderId): Credential;
  close(): Promise<void>;
}

const DEMO_LLM_KEY = 'demo-key-not-a-secret';

/** Starts every provider fake on 127.0.0.1 for demo mode. */
export async function startDemoProviders(): Promise<DemoProviders> {
  const [llm, media] = await Promise.all([startLlmDemoFakes(), startMediaDemoFakes()]);
  const urls: Record<string, string> = { ...llm.baseUrls, ...media.baseUrls };
  return {
    baseUrl: (provider, key) => urls[key ? `${provider}:${key}` : provider] ?? null,
    credential: (provider) =>
      provider in MEDIA_FAKE_CREDENTIALS
        ? MEDIA_FAKE_CREDENTIALS[provider as keyof typeof MEDIA_FAKE_CREDENTIALS]
        : { secret: DEMO_LLM_KEY },
    close: async () => {
      await Promise.all([llm.close(), media.close()]);
    },
  };
}
