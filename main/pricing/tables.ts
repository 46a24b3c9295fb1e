// Our own versioned price tables for what @pydantic/genai-prices does not price: characters, seconds,
// segments, minutes, per-request fees and credits. Every edit of a table bumps its `version`, which is
// stored on each ledger row priced with it. Numbers come from the shared research notes cited per table.
import type { ProviderId, UnitName } from '../gateway/types';
import { usdToRateNanos, type BlockSize, type Rate } from './rates';

export interface TableEntry {
  /** Model or product id (exact), 'prefix*', or '*' for every model of the provider. */
  model: string;
  unit: UnitName;
  /** USD per `per` units, as exact decimal text. */
  usd: string;
  per: BlockSize;
  /** Tier the entry applies to (Perplexity search context size); absent = any. */
  variant?: string;
  /** First day (UTC, YYYY-MM-DD) the price applies; absent = always. */
  from?: string;
  note?: string;
}

export interface PriceTable {
  provider: ProviderId;
  version: string;
  source: string;
  entries: TableEntry[];
}

export const PRICE_TABLES: readonly PriceTable[] = [
  {
    provider: 'openai',
    version: 'openai-audio@2026-10.1',
    // shared/research/providers-llm.md §1.7: whisper-1 $0.006 per minute, billed per second (usage.seconds, rounded up).
    source: 'providers-llm.md §1.7 (OpenRouter model page; widely cited)',
    entries: [
      { model: 'whisper-1', unit: 'seconds', usd: '0.0001', per: 1, note: '$0.006 per minute, billed per second' },
    ],
  },
  {
    provider: 'perplexity',
    version: 'perplexity-fees@2026-10.1',
    // shared/research/providers-llm.md §3.3 (docs.perplexity.ai pricing + legacy model pages; Pro Search tiers
    // corroborated by two third-party pages, Jun 2026). Request fees per 1K requests by search_context_size;
    // tokens are priced by genai-prices. Agent API tool fee: web_search $0.0025 per call.
    source: 'providers-llm.md §3.3 (docs.perplexity.ai/getting-started/pricing)',
    entries: [
      { model: 'sonar', unit: 'requests', usd: '5', per: 1_000, variant: 'low' },
      { model: 'sonar', unit: 'requests', usd: '8', per: 1_000, variant: 'medium' },
      { model: 'sonar', unit: 'requests', usd: '12', per: 1_000, variant: 'high' },
      { model: 'sonar-pro', unit: 'requests', usd: '6', per: 1_000, variant: 'low' },
      { model: 'sonar-pro', unit: 'requests', usd: '10', per: 1_000, variant: 'medium' },
      { model: 'sonar-pro', unit: 'requests', usd: '14', per: 1_000, variant: 'high' },
      { model: 'sonar-pro', unit: 'requests', usd: '14', per: 1_000, variant: 'pro-low', note: 'search_type "pro"' },
      { model: 'sonar-pro', unit: 'requests', usd: '18', per: 1_000, variant: 'pro-medium', note: 'search_type "pro"' },
      { model: 'sonar-pro', unit: 'requests', usd: '22', per: 1_000, variant: 'pro-high', note: 'search_type "pro"' },
      { model: 'sonar-reasoning-pro', unit: 'requests', usd: '6', per: 1_000, variant: 'low' },
      { model: 'sonar-reasoning-pro', unit: 'requests', usd: '10', per: 1_000, variant: 'medium' },
      { model: 'sonar-reasoning-pro', unit: 'requests', usd: '14', per: 1_000, variant: 'high' },
      { model: 'search', unit: 'requests', usd: '5', per: 1_000, note: 'Search API POST /search' },
      {
        model: 'search',
        unit: 'requests',
        usd: '1',
        per: 1_000,
        variant: 'fast',
        note: 'Search API, search_type "fast"',
      },
      {
        model: 'agent',
        unit: 'web_searches',
        usd: '2.5',
        per: 1_000,
        note: 'Agent API web_search tool ($0.0025 per call)',
      },
    ],
  },
  {
    provider: 'elevenlabs',
    version: 'elevenlabs-credits@2026-10.1',
    // shared/research/providers-media.md §1: TTS bills credits (the `character-cost` header; the provider
    // records them as `characters`). Default $/credit from the Creator plan, 100k credits for $22 [3p, mid-2026];
    // set your plan's rate as a price override.
    source: 'providers-media.md §1 (plans, third-party mid-2026): Creator 100k credits / $22',
    entries: [
      {
        model: '*',
        unit: 'characters',
        usd: '0.22',
        per: 1_000,
        note: 'credits as ElevenLabs counts them; Creator-plan rate',
      },
      { model: '*', unit: 'credits', usd: '0.22', per: 1_000, note: 'Creator-plan rate; override with your plan' },
    ],
  },
  {
    provider: 'heygen',
    version: 'heygen@2026-11.1',
    // shared/research/providers-media.md §2: 2026 pay-as-you-go wallet, USD per second of output video
    // (developers.heygen.com/docs/pricing), and the legacy API plans (docs.heygen.com/reference/limits,
    // snapshot 2025-11-26): Pro $99/month = 100 credits, a photo-avatar video 1 credit/min, a video avatar
    // 2 credits/min, charged per 30 s of output. Added 2026-11-23.
    source:
      'providers-media.md §2 (developers.heygen.com/docs/pricing 2026 wallet; docs.heygen.com limits page 2025-11 for plan credits)',
    entries: [
      { model: 'avatar_iv', unit: 'seconds', usd: '0.05', per: 1, note: 'Avatar IV photo avatar, 720p/1080p' },
      { model: 'avatar_iv_4k', unit: 'seconds', usd: '0.0667', per: 1 },
      { model: 'digital_twin', unit: 'seconds', usd: '0.0667', per: 1, note: 'digital twin / studio avatar' },
      { model: 'digital_twin_4k', unit: 'seconds', usd: '0.0833', per: 1 },
      { model: 'avatar_iii', unit: 'seconds', usd: '0.0167', per: 1 },
      { model: 'avatar_iii_4k', unit: 'seconds', usd: '0.02', per: 1 },
      { model: 'video_agent', unit: 'seconds', usd: '0.0333', per: 1 },
      { model: 'translation', unit: 'seconds', usd: '0.0167', per: 1, note: 'audio-only translation, lowest tier' },
      // The HeyGen client's names for v3 renders, "<engine>:<resolution>": an image makes an Avatar IV photo
      // avatar, an avatar id a studio avatar / digital twin.
      {
        model: 'photo_avatar:*',
        unit: 'seconds',
        usd: '0.05',
        per: 1,
        note: 'v3 image render (Avatar IV photo avatar)',
      },
      { model: 'photo_avatar:4k', unit: 'seconds', usd: '0.0667', per: 1 },
      {
        model: 'avatar:*',
        unit: 'seconds',
        usd: '0.0667',
        per: 1,
        note: 'v3 avatar render (studio avatar / digital twin)',
      },
      { model: 'avatar:4k', unit: 'seconds', usd: '0.0833', per: 1 },
      // Legacy v2 renders ("photo_avatar", "avatar") bill plan credits; at the Pro plan's $0.99/credit that is
      // $0.0165/s for a talking photo (the 2026 wallet's Avatar III rate, $0.0167/s, is within 1%). The 30 s
      // increments are applied when the render settles. On another plan (Scale: $0.50/credit), set a
      // seconds override for these models on the Prices screen.
      {
        model: 'photo_avatar',
        unit: 'seconds',
        usd: '0.0165',
        per: 1,
        from: '2025-11-26',
        note: 'v2 talking photo: 1 credit/min at the Pro plan $0.99/credit',
      },
      {
        model: 'avatar',
        unit: 'seconds',
        usd: '0.033',
        per: 1,
        from: '2025-11-26',
        note: 'v2 video avatar: 2 credits/min at the Pro plan $0.99/credit',
      },
    ],
  },
  {
    provider: 'exa',
    version: 'exa@2026-10.2',
    // shared/research/providers-media.md §3 (exa.ai/docs pricing + changelog 2026-03-03). Exa reports
    // costDollars on every response, which wins; these prices are the fallback. `lite` is third-party.
    source: 'providers-media.md §3 (exa.ai pricing, changelog 2026-03-03)',
    entries: [
      // Products as the Exa client names them ("search:<type>", "findSimilar", "contents", "answer"); bare
      // "search" is the endpoint, used when no model is given.
      {
        model: 'search',
        unit: 'requests',
        usd: '7',
        per: 1_000,
        from: '2026-03-03',
        note: 'up to 10 results incl. text+highlights',
      },
      {
        model: 'search:*',
        unit: 'requests',
        usd: '7',
        per: 1_000,
        from: '2026-03-03',
        note: 'auto / neural / fast / instant',
      },
      { model: 'search:deep', unit: 'requests', usd: '12', per: 1_000, from: '2026-03-03' },
      { model: 'search:deep-reasoning', unit: 'requests', usd: '15', per: 1_000, from: '2026-03-03' },
      { model: 'search:lite', unit: 'requests', usd: '4', per: 1_000, from: '2026-03-03', note: 'third-party figure' },
      { model: 'findSimilar', unit: 'requests', usd: '7', per: 1_000, from: '2026-03-03', note: 'priced like search' },
      {
        model: 'contents',
        unit: 'requests',
        usd: '1',
        per: 1_000,
        from: '2026-03-03',
        note: 'per page, per content type',
      },
      { model: 'answer', unit: 'requests', usd: '5', per: 1_000, from: '2026-03-03' },
    ],
  },
  {
    provider: 'twilio',
    version: 'twilio-us@2026-10.3',
    // shared/research/providers-media.md §4: US 2026, $0.0083 per SMS segment (carrier fees extra) [3p];
    // voice US outbound ~$0.014/min [3p, unverified]. Twilio's own `price` arrives late and wins (settlement).
    source: 'providers-media.md §4 (third-party, US 2026)',
    entries: [
      // +1 destinations only: other countries are priced as "sms:+44"-style models the user prices (destination.ts).
      { model: 'sms', unit: 'segments', usd: '0.0083', per: 1, note: 'US SMS segment, excl. carrier fees' },
      { model: 'mms', unit: 'segments', usd: '0.022', per: 1, note: 'US MMS, per message (one segment)' },
      { model: 'voice', unit: 'minutes', usd: '0.014', per: 1, note: 'US outbound voice, unverified' },
    ],
  },
];

export interface ResolvedTableEntry extends TableEntry {
  rate: Rate;
  fromMs: number;
  version: string;
}

/** Parsed once: exact nano rates and start instants. */
export const TABLE_ENTRIES: ReadonlyMap<ProviderId, readonly ResolvedTableEntry[]> = new Map(
  PRICE_TABLES.map((t) => [
    t.provider,
    t.entries.map((e) => ({
      ...e,
      rate: { nanosPerBlock: usdToRateNanos(e.usd), blockSize: e.per },
      fromMs: e.from ? Date.parse(`${e.from}T00:00:00Z`) : Number.NEGATIVE_INFINITY,
      version: t.version,
    })),
  ]),
);
