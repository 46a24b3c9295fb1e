// A real gateway (createGateway) wired to in-memory deps and one provider fake, for client tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { baseUrlEnvName, createBaseUrls } from '../../../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../../../main/gateway/gateway';
import type { Gateway, ProviderId } from '../../../../main/gateway/types';
import { LLM_PROVIDERS } from '../../../../main/providers/llm';
import { EXAMPLES_ROOT, examplesDir } from '../../../helpers/examples';
import { MemoryBudgets, MemoryLedger, MemoryLimiter, TablePricer } from '../../../helpers/gateway-fakes';

/** The recorded examples shipped with the research (read-only, beside the repo). */
export const examplesFor = examplesDir;
export const readExample = (path: string): string => readFileSync(join(EXAMPLES_ROOT, path), 'utf8');
export const exampleJson = (path: string): unknown => JSON.parse(readExample(path));

export interface LlmHarness {
  /** The real gateway, each call resolving only once its ledger rows and settlement are written. */
  gateway: Gateway;
  service: GatewayService;
  ledger: MemoryLedger;
  budgets: MemoryBudgets;
  limiter: MemoryLimiter;
  close(): Promise<void>;
}

/** Every unit priced at a flat test rate, so each successful attempt is `computed` unless estimated. */
const RATES = {
  input_tokens: 1_000,
  cached_input_tokens: 100,
  cache_write_5m_tokens: 1_250,
  cache_write_1h_tokens: 2_000,
  output_tokens: 4_000,
  reasoning_tokens: 4_000,
  audio_input_tokens: 6_000,
  seconds: 100_000,
  requests: 5_000_000,
  web_searches: 10_000_000,
};

export function startLlmHarness(provider: ProviderId, baseUrl: string): LlmHarness {
  const ledger = new MemoryLedger();
  const budgets = new MemoryBudgets(null);
  const limiter = new MemoryLimiter();
  const gateway = createGateway({
    providers: LLM_PROVIDERS,
    ledger,
    pricer: new TablePricer(RATES),
    budgets,
    limiter,
    baseUrls: createBaseUrls({ descriptors: LLM_PROVIDERS, env: { [baseUrlEnvName(provider)]: baseUrl } }),
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    defaultTimeoutMs: 10_000,
  });
  // The gateway writes ledger rows just after a call returns; tests read them right after the call.
  const settled = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } finally {
      await gateway.flush();
    }
  };
  const flushed: Gateway = {
    json: (req, parse) => settled(gateway.json(req, parse)),
    stream: (req, consumer) => settled(gateway.stream(req, consumer)),
    binary: (req, sink) => settled(gateway.binary(req, sink)),
  };
  return { gateway: flushed, service: gateway, ledger, budgets, limiter, close: () => gateway.close() };
}

/** The options every LLM fake takes: the one key it accepts and, optionally, a folder of recordings to replay. */
interface LlmFakeOptions {
  apiKey?: string;
  recordings?: string;
}

/**
 * Registers an afterEach that closes what the returned `setup` opened: `setup(recordings, extra)` starts the
 * provider's fake accepting `apiKey` (replaying the recorded examples when `recordings`) and a harness on it.
 */
export function useLlmFake<F extends { baseUrl: string; close(): Promise<void> }, O extends LlmFakeOptions>(
  provider: ProviderId,
  start: (options: O) => Promise<F>,
  apiKey: string,
): (recordings: boolean, extra?: Omit<O, keyof LlmFakeOptions>) => Promise<{ fake: F; h: LlmHarness }> {
  let fake: F | null = null;
  let h: LlmHarness | null = null;
  afterEach(async () => {
    await h?.close();
    await fake?.close();
    h = null;
    fake = null;
  });
  return async (recordings, extra) => {
    // O is the fake's own options type; the extras plus the two shared fields are exactly such an object.
    const options = { ...extra, apiKey, ...(recordings ? { recordings: examplesFor(provider) } : {}) } as O;
    const started = await start(options);
    const harness = startLlmHarness(provider, started.baseUrl);
    fake = started;
    h = harness;
    return { fake: started, h: harness };
  };
}
