// The real gateway wired to in-memory ledger/pricing/budgets/limits, pointed at media-provider fakes, for
// client-through-gateway tests of ElevenLabs, HeyGen, Exa, Twilio, SendGrid and Apollo.
import { createBaseUrls, baseUrlEnvName } from '../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../main/gateway/gateway';
import type { AttemptRecord } from '../../main/gateway/deps';
import type { ProviderDescriptor, ProviderId, UnitName } from '../../main/gateway/types';
import { MEDIA_DESCRIPTORS } from '../../main/providers/media';
import { MemoryBudgets, MemoryLedger, MemoryLimiter, TablePricer } from './gateway-fakes';

export interface MediaGateway {
  gateway: GatewayService;
  ledger: MemoryLedger;
  budgets: MemoryBudgets;
  limiter: MemoryLimiter;
  /** Gateway warnings and errors (ledger write failures, classifier crashes). */
  warnings: string[];
  /** The ledger rows once the gateway's deferred writes are flushed. */
  rows(): Promise<AttemptRecord[]>;
  close(): Promise<void>;
}

/** Nano-USD per native unit, test values only. */
export const TEST_RATES: Partial<Record<UnitName, number>> = {
  characters: 300,
  seconds: 50_000_000,
  segments: 8_300_000,
  minutes: 14_000_000,
  requests: 5_000_000,
  credits: 25_000_000,
};

/** `urls` maps a provider (or "provider:key" for extra hosts such as "heygen:upload") to a fake's URL. */
export function startMediaGateway(
  urls: Partial<Record<ProviderId | `${ProviderId}:${string}`, string>>,
  opts: { maxAttempts?: number } = {},
): MediaGateway {
  const env: Record<string, string> = {};
  for (const [target, url] of Object.entries(urls)) {
    const [provider, key] = target.split(':') as [ProviderId, string | undefined];
    env[baseUrlEnvName(provider, key)] = url as string;
  }
  const providers: Partial<Record<ProviderId, ProviderDescriptor>> = MEDIA_DESCRIPTORS;
  const ledger = new MemoryLedger();
  const budgets = new MemoryBudgets(null);
  const limiter = new MemoryLimiter();
  const warnings: string[] = [];
  const gateway = createGateway({
    providers,
    ledger,
    pricer: new TablePricer(TEST_RATES),
    budgets,
    limiter,
    baseUrls: createBaseUrls({ descriptors: providers, env }),
    logger: {
      info() {},
      warn: (m) => warnings.push(m),
      error: (m, e) => warnings.push(`${m}: ${e instanceof Error ? e.message : String(e)}`),
    },
    retry: { baseDelayMs: 5, maxDelayMs: 50, ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}) },
    defaultTimeoutMs: 5_000,
  });
  const flush = (gateway as { flush?: () => Promise<void> }).flush?.bind(gateway);
  return {
    gateway,
    ledger,
    budgets,
    limiter,
    warnings,
    rows: async () => {
      await flush?.();
      return ledger.rows;
    },
    close: () => gateway.close(),
  };
}
