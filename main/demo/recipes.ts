// What a creator's usage of each provider looks like: operations, models, unit sizes, latencies and
// whether the provider reports its own cost. Drawn from by seed.ts with a seeded PRNG.
import type { ProviderId, Units } from '../gateway/types';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal-ish positive integer around `median` (spread = multiplicative sigma). */
export function around(rng: Rng, median: number, spread = 0.6): number {
  const u = Math.max(1e-9, rng());
  const v = rng();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(1, Math.round(median * Math.exp(spread * normal)));
}

export interface Recipe {
  provider: ProviderId;
  operation: string;
  endpoint: string;
  method: string;
  model: string | null;
  /** Relative frequency across all providers. */
  weight: number;
  latencyMs: number;
  units(rng: Rng): Units;
  /** Providers that return their own price (OpenRouter usage.cost, Exa costDollars): nano-USD. */
  reportedCostNanos?(units: Units, rng: Rng): number;
  meta?: Record<string, string | number | boolean | null>;
  free?: boolean;
}

const chat = (rng: Rng, input: number, output: number, cachedShare = 0): Units => {
  const prompt = around(rng, input);
  const cached = cachedShare > 0 && rng() < 0.5 ? Math.floor(prompt * cachedShare) : 0;
  return {
    input_tokens: prompt - cached,
    ...(cached ? { cached_input_tokens: cached } : {}),
    output_tokens: around(rng, output),
  };
};

export const RECIPES: readonly Recipe[] = [
  {
    provider: 'openai',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'gpt-4o-mini',
    weight: 30,
    latencyMs: 1_400,
    units: (r) => chat(r, 1_800, 600, 0.6),
  },
  {
    provider: 'openai',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'gpt-4.1',
    weight: 8,
    latencyMs: 3_200,
    units: (r) => chat(r, 3_500, 1_200, 0.5),
  },
  {
    provider: 'openai',
    operation: 'transcription',
    endpoint: 'audio.transcriptions',
    method: 'POST',
    model: 'whisper-1',
    weight: 4,
    latencyMs: 6_000,
    units: (r) => ({ seconds: around(r, 180, 0.5) }),
  },
  {
    provider: 'openai',
    operation: 'embeddings',
    endpoint: 'embeddings',
    method: 'POST',
    model: 'text-embedding-3-small',
    weight: 6,
    latencyMs: 300,
    units: (r) => ({ input_tokens: around(r, 900) }),
  },
  {
    provider: 'anthropic',
    operation: 'script_generation',
    endpoint: 'messages',
    method: 'POST',
    model: 'claude-sonnet-4-5',
    weight: 14,
    latencyMs: 4_000,
    units: (r) => chat(r, 4_000, 1_000, 0.7),
  },
  {
    provider: 'anthropic',
    operation: 'content_analysis',
    endpoint: 'messages',
    method: 'POST',
    model: 'claude-haiku-4-5',
    weight: 10,
    latencyMs: 1_600,
    units: (r) => chat(r, 2_500, 400, 0.4),
  },
  {
    provider: 'perplexity',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'sonar',
    weight: 8,
    latencyMs: 2_800,
    units: (r) => ({ ...chat(r, 300, 700), requests: 1 }),
    meta: { search_context_size: 'low' },
  },
  {
    provider: 'perplexity',
    operation: 'research',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'sonar-pro',
    weight: 3,
    latencyMs: 6_500,
    units: (r) => ({ ...chat(r, 500, 1_400), requests: 1 }),
    meta: { search_context_size: 'medium' },
  },
  {
    provider: 'openrouter',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'meta-llama/llama-3.3-70b-instruct',
    weight: 6,
    latencyMs: 2_200,
    units: (r) => chat(r, 2_000, 700),
    reportedCostNanos: (u) => Math.round(((u.input_tokens ?? 0) * 0.13 + (u.output_tokens ?? 0) * 0.4) * 1_000),
  },
  {
    provider: 'openrouter',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'google/gemini-2.5-flash',
    weight: 4,
    latencyMs: 1_500,
    units: (r) => chat(r, 3_000, 500),
    reportedCostNanos: (u) => Math.round(((u.input_tokens ?? 0) * 0.3 + (u.output_tokens ?? 0) * 2.5) * 1_000),
  },
  {
    provider: 'elevenlabs',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    model: 'eleven_multilingual_v2',
    weight: 7,
    latencyMs: 3_500,
    units: (r) => ({ characters: around(r, 1_200, 0.5) }),
  },
  {
    provider: 'elevenlabs',
    operation: 'voice_generation',
    endpoint: 'text-to-speech',
    method: 'POST',
    model: 'eleven_flash_v2_5',
    weight: 4,
    latencyMs: 900,
    units: (r) => ({ characters: around(r, 600, 0.5) }),
  },
  {
    provider: 'heygen',
    operation: 'video_generation',
    endpoint: 'videos.create',
    method: 'POST',
    model: 'avatar_iv',
    weight: 1.2,
    latencyMs: 4_500,
    units: (r) => ({ seconds: around(r, 45, 0.4) }),
  },
  {
    provider: 'heygen',
    operation: 'video_generation',
    endpoint: 'videos.create',
    method: 'POST',
    model: 'avatar:1080p',
    weight: 0.6,
    latencyMs: 4_800,
    units: (r) => ({ seconds: around(r, 60, 0.4) }),
  },
  // A product our tables do not know: stays unpriced (shown as such, never $0).
  {
    provider: 'heygen',
    operation: 'video_translation',
    endpoint: 'video_translate',
    method: 'POST',
    model: 'video_translate_pro',
    weight: 0.4,
    latencyMs: 2_500,
    units: (r) => ({ seconds: around(r, 90, 0.4) }),
  },
  {
    provider: 'exa',
    operation: 'research',
    endpoint: 'search',
    method: 'POST',
    model: 'search:auto',
    weight: 9,
    latencyMs: 1_100,
    units: () => ({ requests: 1 }),
    reportedCostNanos: () => 7_000_000,
  },
  {
    provider: 'exa',
    operation: 'research',
    endpoint: 'contents',
    method: 'POST',
    model: 'contents',
    weight: 5,
    latencyMs: 800,
    units: (r) => ({ requests: 1 + Math.floor(r() * 5) }),
  },
  {
    provider: 'twilio',
    operation: 'messaging',
    endpoint: 'messages.create',
    method: 'POST',
    // As the client records it: +1 sends price as "sms" (other destinations as "sms:+44" and so on).
    model: 'sms',
    weight: 5,
    latencyMs: 450,
    units: (r) => ({ segments: 1 + Math.floor(r() * r() * 3) }),
  },
  {
    provider: 'twilio',
    operation: 'messaging',
    endpoint: 'messages.create',
    method: 'POST',
    model: 'mms',
    weight: 1,
    latencyMs: 600,
    units: () => ({ segments: 1 }),
  },
  // SendGrid's price is a monthly plan, not per mail: no table, so unpriced.
  {
    provider: 'sendgrid',
    operation: 'messaging',
    endpoint: 'mail.send',
    method: 'POST',
    model: null,
    weight: 6,
    latencyMs: 250,
    units: () => ({ requests: 1 }),
  },
  {
    provider: 'apollo',
    operation: 'enrichment',
    endpoint: 'people.match',
    method: 'POST',
    model: null,
    weight: 3,
    latencyMs: 700,
    units: () => ({ credits: 1 }),
  },
  {
    provider: 'apollo',
    operation: 'enrichment',
    endpoint: 'mixed_people.api_search',
    method: 'POST',
    model: null,
    weight: 2,
    latencyMs: 900,
    units: () => ({ credits: 0 }),
    free: true,
  },
  {
    provider: 'openai',
    operation: 'health',
    endpoint: 'models.list',
    method: 'GET',
    model: null,
    weight: 1,
    latencyMs: 200,
    units: () => ({}),
    free: true,
  },
];
