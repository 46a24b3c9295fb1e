// All ten providers in one place: descriptors for the gateway, free health checks for the vault,
// and the shape of the built-in fakes that demo mode routes calls to (started by ./demo.ts, loaded lazily).
import type { Credential, Gateway, GatewayResult, ProviderDescriptor, ProviderId } from '../gateway/types';
import { LLM_HEALTH_CHECKS, LLM_PROVIDERS } from './llm';
import { MEDIA_DESCRIPTORS, MEDIA_HEALTH_CHECKS } from './media';

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
