// How main-side callers reach a provider: the gateway plus the credential to use. In the demo profile a
// provider with a real key (kept in the real profile) gets real calls through the real profile's gateway and
// ledger; every other provider goes to the built-in fakes with their own credentials, marked as demo.
import type { Logger } from '../core/logger';
import { createBaseUrls, createGateway, type GatewayService } from '../gateway';
import type { BaseUrlSettings } from '../gateway/base-urls';
import type { BudgetGuard, LedgerSink, Limiter, Pricer } from '../gateway/deps';
import { ProviderError, type Credential, type ProviderId } from '../gateway/types';
import type { HealthChecker } from '../integrations/health';
import type { CredentialRef } from '../integrations/manager';
import { PROVIDER_DESCRIPTORS, PROVIDER_HEALTH_CHECKS, type DemoProviders } from './registry';

export interface ProviderTarget {
  gateway: GatewayService;
  credential: Credential;
  /** True when the call is served by a built-in fake: its output must be marked as demo. */
  demo: boolean;
}

export interface ProviderAccess {
  /** The gateway for real providers (health checks, and every call outside demo mode). */
  readonly live: GatewayService;
  /** The gateway and credential for a call: the integration's key (default key when none is named), or the fake's in demo mode. */
  target(provider: ProviderId, integrationId?: string): Promise<ProviderTarget>;
  /** Demo profile: calls go to `realTarget` when it has a real key for the provider, else to the fakes. */
  attachDemo(demo: DemoProviders, realTarget?: RealTarget): void;
  /** Base URL and credential for a pass-through call (the local gateway): the fakes' in demo mode. */
  route(provider: ProviderId): Promise<{ baseUrl: string; credential: Credential }>;
  readonly demoActive: boolean;
  healthChecker: HealthChecker;
  close(): Promise<void>;
}

export type RealTarget = (provider: ProviderId, integrationId?: string) => Promise<ProviderTarget | null>;

export interface ProviderAccessDeps {
  ledger: LedgerSink;
  pricer: Pricer;
  budgets: BudgetGuard;
  limiter: Limiter;
  /** User base-URL overrides (Integrations screen). */
  settings: BaseUrlSettings;
  credentials: (ref: CredentialRef) => Promise<Credential>;
  clock: () => number;
  logger: Logger;
}

export function createProviderAccess(d: ProviderAccessDeps): ProviderAccess {
  const gatewayWith = (settings: BaseUrlSettings) =>
    createGateway({
      providers: PROVIDER_DESCRIPTORS,
      ledger: d.ledger,
      pricer: d.pricer,
      budgets: d.budgets,
      limiter: d.limiter,
      baseUrls: createBaseUrls({ descriptors: PROVIDER_DESCRIPTORS, settings }),
      clock: d.clock,
      logger: d.logger,
    });
  const live = gatewayWith(d.settings);
  const liveBaseUrls = createBaseUrls({ descriptors: PROVIDER_DESCRIPTORS, settings: d.settings });
  let demo: { providers: DemoProviders; gateway: GatewayService; realTarget: RealTarget | null } | null = null;

  const healthChecker: HealthChecker = async (provider, credential, signal) => {
    const started = d.clock();
    try {
      await PROVIDER_HEALTH_CHECKS[provider](live, credential, { signal });
      return { ok: true, latencyMs: d.clock() - started };
    } catch (e) {
      if (e instanceof ProviderError) return { ok: false, kind: e.kind, message: e.message };
      throw e;
    }
  };

  return {
    live,
    healthChecker,
    get demoActive() {
      return demo !== null;
    },
    attachDemo(providers, realTarget) {
      demo = {
        providers,
        gateway: gatewayWith((provider, key) => providers.baseUrl(provider, key)),
        realTarget: realTarget ?? null,
      };
    },
    async route(provider) {
      if (demo) {
        return {
          baseUrl: demo.providers.baseUrl(provider) ?? PROVIDER_DESCRIPTORS[provider].defaultBaseUrl,
          credential: demo.providers.credential(provider),
        };
      }
      return { baseUrl: liveBaseUrls.resolve(provider), credential: await d.credentials({ provider }) };
    },
    async target(provider, integrationId) {
      if (demo) {
        const real = await demo.realTarget?.(provider, integrationId);
        if (real) return real;
        return { gateway: demo.gateway, credential: demo.providers.credential(provider), demo: true };
      }
      const credential = await d.credentials(integrationId ? { integrationId } : { provider });
      return { gateway: live, credential, demo: false };
    },
    async close() {
      await live.close();
      if (demo) {
        await demo.gateway.close();
        await demo.providers.close();
      }
    },
  };
}
