// The synthetic ledger every bench shares: call profiles across the ten providers with their units and flat
// rates, a 2.5% error mix (rate limits retried), a few estimated and unpriced rows, job and content scopes.
// Deterministic (seeded PRNG), so runs and cached fixtures are comparable.
import type { AttemptRecord } from '../../main/gateway/deps';
import type { ProviderId, Units } from '../../main/gateway/types';

export interface ProfileSpec {
  provider: ProviderId;
  model: string | null;
  operation: string;
  endpoint: string;
  method: string;
  weight: number;
  integrations: Array<string | null>;
  units: (r: () => number) => Units;
  /** Nano-USD for the generated units (a flat rate: the bench measures the ledger, not the pricer). */
  cost: (u: Units) => number;
}

const tok = (u: Units, inRate: number, outRate: number) =>
  Math.round(
    ((u.input_tokens ?? 0) + (u.cached_input_tokens ?? 0) * 0.25) * inRate +
      ((u.output_tokens ?? 0) + (u.reasoning_tokens ?? 0)) * outRate,
  );
const chat = (r: () => number): Units => ({
  input_tokens: 200 + Math.floor(r() * 4_000),
  cached_input_tokens: r() < 0.3 ? Math.floor(r() * 2_000) : 0,
  output_tokens: 50 + Math.floor(r() * 1_500),
});

export const PROFILES: ProfileSpec[] = [
  {
    provider: 'openai',
    model: 'gpt-4o',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 20,
    integrations: ['oa-main', 'oa-team'],
    units: chat,
    cost: (u) => tok(u, 2_500, 10_000),
  },
  {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 12,
    integrations: ['oa-main'],
    units: chat,
    cost: (u) => tok(u, 400, 1_600),
  },
  {
    provider: 'openai',
    model: 'o4-mini',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 5,
    integrations: ['oa-main'],
    units: (r) => ({ ...chat(r), reasoning_tokens: Math.floor(r() * 3_000) }),
    cost: (u) => tok(u, 1_100, 4_400),
  },
  {
    provider: 'openai',
    model: 'whisper-1',
    operation: 'transcription',
    endpoint: 'audio.transcriptions',
    method: 'POST',
    weight: 3,
    integrations: ['oa-main'],
    units: (r) => ({ seconds: 5 + Math.floor(r() * 600) }),
    cost: (u) => (u.seconds ?? 0) * 100_000,
  },
  {
    provider: 'openai',
    model: 'text-embedding-3-small',
    operation: 'embeddings',
    endpoint: 'embeddings',
    method: 'POST',
    weight: 6,
    integrations: ['oa-main'],
    units: (r) => ({ input_tokens: Math.floor(r() * 8_000) }),
    cost: (u) => tok(u, 20, 0),
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    operation: 'script_generation',
    endpoint: 'messages',
    method: 'POST',
    weight: 12,
    integrations: ['an-main', null],
    units: (r) => ({ ...chat(r), cache_write_5m_tokens: r() < 0.2 ? Math.floor(r() * 3_000) : 0 }),
    cost: (u) => tok(u, 3_000, 15_000),
  },
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    operation: 'content_analysis',
    endpoint: 'messages',
    method: 'POST',
    weight: 8,
    integrations: ['an-main'],
    units: chat,
    cost: (u) => tok(u, 1_000, 5_000),
  },
  {
    provider: 'openrouter',
    model: 'openai/gpt-4o',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 3,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 2_500, 10_000),
  },
  {
    provider: 'openrouter',
    model: 'meta-llama/llama-3.3-70b-instruct',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 2,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 130, 400),
  },
  {
    provider: 'perplexity',
    model: 'sonar',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 5,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 1_000, 1_000) + 5_000_000,
  },
  {
    provider: 'perplexity',
    model: 'sonar-pro',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    weight: 2,
    integrations: [null],
    units: chat,
    cost: (u) => tok(u, 3_000, 15_000) + 6_000_000,
  },
  {
    provider: 'elevenlabs',
    model: 'eleven_multilingual_v2',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    weight: 5,
    integrations: ['el-main'],
    units: (r) => ({ characters: 100 + Math.floor(r() * 5_000) }),
    cost: (u) => (u.characters ?? 0) * 220_000,
  },
  {
    provider: 'elevenlabs',
    model: 'eleven_flash_v2_5',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    weight: 2,
    integrations: ['el-main'],
    units: (r) => ({ characters: 50 + Math.floor(r() * 2_000) }),
    cost: (u) => (u.characters ?? 0) * 220_000,
  },
  {
    provider: 'elevenlabs',
    model: null,
    operation: 'account',
    endpoint: 'user.subscription',
    method: 'GET',
    weight: 1,
    integrations: ['el-main'],
    units: () => ({}),
    cost: () => 0,
  },
  {
    provider: 'heygen',
    model: 'avatar_iv',
    operation: 'video_generation',
    endpoint: 'videos.create',
    method: 'POST',
    weight: 1,
    integrations: ['hg-main'],
    units: (r) => ({ seconds: 15 + Math.floor(r() * 120) }),
    cost: (u) => (u.seconds ?? 0) * 50_000_000,
  },
  {
    provider: 'heygen',
    model: null,
    operation: 'video_status',
    endpoint: 'videos.get',
    method: 'GET',
    weight: 4,
    integrations: ['hg-main'],
    units: () => ({}),
    cost: () => 0,
  },
  {
    provider: 'exa',
    model: 'auto',
    operation: 'research',
    endpoint: 'search',
    method: 'POST',
    weight: 4,
    integrations: ['exa-main'],
    units: () => ({ requests: 1 }),
    cost: () => 7_000_000,
  },
  {
    provider: 'exa',
    model: 'contents',
    operation: 'research',
    endpoint: 'contents',
    method: 'POST',
    weight: 2,
    integrations: ['exa-main'],
    units: (r) => ({ requests: 1 + Math.floor(r() * 10) }),
    cost: (u) => (u.requests ?? 0) * 1_000_000,
  },
  {
    provider: 'twilio',
    model: null,
    operation: 'notify',
    endpoint: 'messages.create',
    method: 'POST',
    weight: 1,
    integrations: ['tw-main'],
    units: (r) => ({ segments: 1 + Math.floor(r() * 3) }),
    cost: (u) => (u.segments ?? 0) * 8_300_000,
  },
  {
    provider: 'apollo',
    model: null,
    operation: 'enrichment',
    endpoint: 'people.match',
    method: 'POST',
    weight: 2,
    integrations: ['ap-main'],
    units: (r) => ({ credits: r() < 0.8 ? 1 : 9 }),
    cost: () => 0,
  },
  {
    provider: 'sendgrid',
    model: null,
    operation: 'notify',
    endpoint: 'mail.send',
    method: 'POST',
    weight: 1,
    integrations: ['sg-main'],
    units: () => ({ requests: 1 }),
    cost: () => 0,
  },
];

export const ERRORS: Array<[number, string, string]> = [
  [429, 'rate_limited', 'Rate limit reached for requests. Please try again in 6.596s.'],
  [500, 'server', 'The server had an error while processing your request.'],
  [529, 'overloaded', 'Overloaded'],
  [401, 'auth', 'Incorrect API key provided: sk-proj-****************abcd.'],
];

/** Small deterministic PRNG (mulberry32) so runs are comparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const DAY_MS = 86_400_000;

/**
 * `rows` attempts spread evenly over the 365 days before `end`, oldest first, in batches of `batch`.
 * Failed attempts are 'computed' at $0; 1% of successful LLM calls are estimated (a stream without usage).
 */
export function* attemptBatches(rows: number, end: number, batch = 10_000): Generator<AttemptRecord[]> {
  const start = end - 365 * DAY_MS;
  const r = prng(42);
  const totalWeight = PROFILES.reduce((s, p) => s + p.weight, 0);
  const pick = (): ProfileSpec => {
    let x = r() * totalWeight;
    for (const p of PROFILES) {
      x -= p.weight;
      if (x < 0) return p;
    }
    return PROFILES[0]!;
  };
  const step = (end - start) / rows;
  let written = 0;
  let seq = 0;
  while (written < rows) {
    const out: AttemptRecord[] = [];
    const n = Math.min(batch, rows - written);
    while (out.length < n) {
      const p = pick();
      const ts = Math.floor(start + (written + out.length) * step);
      seq++;
      const callId = `call-${seq.toString(36)}`;
      const failed = r() < 0.025;
      const units = failed ? {} : p.units(r);
      const unpriced = !failed && (p.provider === 'apollo' || p.provider === 'sendgrid' || r() < 0.005);
      const estimated = !failed && !unpriced && units.input_tokens !== undefined && r() < 0.01;
      const err = failed ? ERRORS[Math.floor(r() * ERRORS.length)]! : null;
      const rec: AttemptRecord = {
        callId,
        attempt: 1,
        ts,
        provider: p.provider,
        operation: p.operation,
        endpoint: p.endpoint,
        method: p.method,
        model: p.model,
        status: err ? err[0] : 200,
        latencyMs: Math.round(50 + r() * r() * 20_000),
        requestBytes: 200 + Math.floor(r() * 20_000),
        responseBytes: 100 + Math.floor(r() * 50_000),
        errorCode: err ? err[1] : null,
        errorMessage: err ? err[2] : null,
        units,
        costNanos: failed ? 0 : unpriced ? null : p.cost(units),
        costSource: failed
          ? 'computed'
          : unpriced
            ? 'unpriced'
            : estimated
              ? 'estimated'
              : p.provider === 'openrouter' || p.provider === 'exa'
                ? 'provider_reported'
                : 'computed',
        priceVersion: failed ? null : unpriced ? null : 'genai-prices@0.1.8',
        providerRequestId: `req_${seq.toString(36)}`,
        integrationId: p.integrations[Math.floor(r() * p.integrations.length)]!,
        jobId: r() < 0.2 ? `job-${Math.floor(seq / 7)}` : null,
        contentId: r() < 0.1 ? `content-${Math.floor(seq / 50)}` : null,
        meta: r() < 0.1 ? { service_tier: 'default' } : null,
      };
      out.push(rec);
      // A retried rate limit: the second attempt follows within seconds.
      if (err && err[0] === 429 && out.length < n) {
        const retryUnits = p.units(r);
        out.push({
          ...rec,
          attempt: 2,
          ts: ts + 1,
          status: 200,
          errorCode: null,
          errorMessage: null,
          units: retryUnits,
          costNanos: unpriced ? null : p.cost(retryUnits),
          costSource: unpriced ? 'unpriced' : 'computed',
          priceVersion: unpriced ? null : 'genai-prices@0.1.8',
        });
      }
    }
    written += out.length;
    yield out;
  }
}
