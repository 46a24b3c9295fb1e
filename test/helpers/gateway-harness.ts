// A gateway wired to in-memory deps and one scripted loopback server, for gateway tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrlEnvName, createBaseUrls } from '../../main/gateway/base-urls';
import { createGateway, type GatewayOptions, type GatewayService } from '../../main/gateway/gateway';
import type { GatewayRequest, Metered, ProviderDescriptor, ProviderId } from '../../main/gateway/types';
import { startFakeHttp, type FakeHttpServer } from './fake-http';
import { MemoryBudgets, MemoryLedger, MemoryLimiter, TablePricer, testDescriptor } from './gateway-fakes';
import { EXAMPLES_ROOT } from './examples';

export const TEST_SECRET = 'sk-test-abcdefghijklmnopqrstuvwxyz0123';

export interface Harness {
  server: FakeHttpServer;
  /** The gateway, flushing its deferred writes before each call settles. */
  gateway: GatewayService;
  /** The gateway as the app gets it. */
  raw: GatewayService;
  ledger: MemoryLedger;
  budgets: MemoryBudgets;
  limiter: MemoryLimiter;
  warnings: string[];
  /** A request to POST /v1/test (override anything). */
  req(overrides?: Partial<GatewayRequest>): GatewayRequest;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    descriptor?: Partial<ProviderDescriptor>;
    /** More providers on the same server, each under /<id> (openai is under /v1). */
    alsoProviders?: ProviderId[];
    budgetLimitNanos?: number | null;
    gateway?: Partial<GatewayOptions>;
  } = {},
): Promise<Harness> {
  const server = await startFakeHttp();
  const ledger = new MemoryLedger();
  const budgets = new MemoryBudgets(opts.budgetLimitNanos ?? null);
  const limiter = new MemoryLimiter();
  const warnings: string[] = [];
  const providers: Partial<Record<ProviderId, ProviderDescriptor>> = { openai: testDescriptor(opts.descriptor) };
  const env: Record<string, string> = { AICON_OPENAI_BASE_URL: `${server.url}/v1` };
  for (const id of opts.alsoProviders ?? []) {
    providers[id] = testDescriptor({ id });
    env[baseUrlEnvName(id)] = `${server.url}/${id}`;
  }
  const raw = createGateway({
    providers,
    ledger,
    pricer: new TablePricer(),
    budgets,
    limiter,
    baseUrls: createBaseUrls({ descriptors: providers, env }),
    logger: { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...opts.gateway,
  });
  // Ledger rows and settlements land just after a call returns; tests read them once they are written.
  const gateway: GatewayService = {
    json: (req, parse) => raw.json(req, parse).finally(() => raw.flush()),
    stream: (req, consumer) => raw.stream(req, consumer).finally(() => raw.flush()),
    binary: (req, sink) => raw.binary(req, sink).finally(() => raw.flush()),
    flush: () => raw.flush(),
    close: () => raw.close(),
  };
  return {
    server,
    gateway,
    raw,
    ledger,
    budgets,
    limiter,
    warnings,
    req: (overrides = {}) => ({
      provider: 'openai',
      operation: 'content_analysis',
      endpoint: 'test.create',
      method: 'POST',
      path: '/test',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt":"hi"}',
      model: 'test-model',
      idempotent: true,
      worstCaseCostNanos: 50_000,
      credential: { secret: TEST_SECRET, integrationId: 'int-1' },
      ...overrides,
    }),
    async close() {
      await gateway.close();
      await server.close();
    },
  };
}

/** A recorded provider response from test/fixtures/refs/examples (text as recorded). */
export const recorded = (path: string): string => readFileSync(join(EXAMPLES_ROOT, path), 'utf8');

/** Parses an OpenAI chat completion into exclusive buckets (cached and reasoning split out). */
export function parseChat(body: unknown): Metered<string> {
  const b = body as {
    id: string;
    model: string;
    choices: Array<{ message: { content: string } }>;
    usage: {
      prompt_tokens: number;
      completion_tokens: number;
      prompt_tokens_details?: { cached_tokens?: number };
      completion_tokens_details?: { reasoning_tokens?: number };
    };
  };
  const cached = b.usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = b.usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    value: b.choices[0]!.message.content,
    units: {
      input_tokens: b.usage.prompt_tokens - cached,
      cached_input_tokens: cached,
      output_tokens: b.usage.completion_tokens - reasoning,
      reasoning_tokens: reasoning,
    },
    model: b.model,
    providerRequestId: b.id,
  };
}
