// Expected costs are computed by hand from the published list prices in shared/research/providers-llm.md
// (§1.7 OpenAI, §2.6 Anthropic, §3.3 Perplexity) and providers-media.md, never from the code under test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Units } from '../../../main/gateway/types';
import { GENAI_PRICES_VERSION, toGenaiUsage } from '../../../main/pricing/genai';
import { OverrideStore } from '../../../main/pricing/overrides';
import { PricingService, type PriceInput } from '../../../main/pricing/pricer';
import { CostSum, nanosToUsd, usdToRateNanos } from '../../../main/pricing/rates';
import { tempDb, type TempDb } from '../ledger/support';

let t: TempDb;
let overrides: OverrideStore;
let pricer: PricingService;
const AT = new Date('2026-09-15T12:00:00Z');

beforeEach(() => {
  t = tempDb();
  overrides = new OverrideStore(t.db);
  pricer = new PricingService(overrides);
});
afterEach(() => t.dispose());

const price = (x: Partial<PriceInput> & { provider: PriceInput['provider']; units: Units }) =>
  pricer.price({ model: null, at: AT, ...x });
/** $ per 1M tokens x tokens -> nanos, i.e. tokens x $/M x 1000. */
const perM = (tokens: number, usdPerM: number) => Math.round(tokens * usdPerM * 1_000);

describe('LLM tokens via genai-prices (exclusive buckets)', () => {
  it('prices OpenAI cached input at the cached rate (gpt-4.1: 2.00 / 0.50 / 8.00)', () => {
    // prompt_tokens 12,000 of which 10,000 cached -> exclusive input 2,000 + cached 10,000.
    const q = price({
      provider: 'openai',
      model: 'gpt-4.1',
      units: { input_tokens: 2_000, cached_input_tokens: 10_000, output_tokens: 1_500 },
    });
    expect(q).toEqual({
      costNanos: perM(2_000, 2) + perM(10_000, 0.5) + perM(1_500, 8),
      costSource: 'computed',
      priceVersion: `genai-prices@${GENAI_PRICES_VERSION}`,
    });
    expect(q.costNanos).toBe(21_000_000);
  });

  it('prices reasoning tokens at the output rate, once (o4-mini: 1.10 / 0.275 / 4.40)', () => {
    // completion_tokens 3,000 including 2,500 reasoning -> exclusive output 500 + reasoning 2,500.
    const q = price({
      provider: 'openai',
      model: 'o4-mini',
      units: { input_tokens: 4_000, cached_input_tokens: 1_000, output_tokens: 500, reasoning_tokens: 2_500 },
    });
    expect(q.costNanos).toBe(perM(4_000, 1.1) + perM(1_000, 0.275) + perM(3_000, 4.4));
    expect(q.costNanos).toBe(17_875_000);
  });

  it('prices Anthropic cache reads, 5-minute and 1-hour writes (claude-sonnet-4-5: 3 / 3.75 / 6 / 0.30 / 15)', () => {
    const q = price({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      units: {
        input_tokens: 1_000,
        cached_input_tokens: 20_000,
        cache_write_5m_tokens: 3_000,
        cache_write_1h_tokens: 2_000,
        output_tokens: 800,
      },
    });
    expect(q.costNanos).toBe(perM(1_000, 3) + perM(20_000, 0.3) + perM(3_000, 3.75) + perM(2_000, 6) + perM(800, 15));
    expect(q.costNanos).toBe(44_250_000);
  });

  it('prices claude-haiku-4-5 caches (1 / 1.25 / 2 / 0.10 / 5)', () => {
    const q = price({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      units: {
        input_tokens: 500,
        cached_input_tokens: 10_000,
        cache_write_5m_tokens: 4_000,
        cache_write_1h_tokens: 1_000,
        output_tokens: 1_000,
      },
    });
    expect(q.costNanos).toBe(500 * 1_000 + 10_000 * 100 + 4_000 * 1_250 + 1_000 * 2_000 + 1_000 * 5_000);
  });

  it('applies the long-context tier to the whole request when the full prompt passes 200K (sonnet-4-5: 6 / 22.5)', () => {
    // 150K uncached + 60K cache read = 210K prompt: the tier counts the total prompt, not the exclusive bucket.
    const q = price({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      units: { input_tokens: 150_000, cached_input_tokens: 60_000, output_tokens: 1_000 },
    });
    expect(q.costNanos).toBe(perM(150_000, 6) + perM(60_000, 0.6) + perM(1_000, 22.5));
  });

  it('prices dated snapshots by their base model, including ones newer than the bundled data', () => {
    const units = { input_tokens: 1_000, output_tokens: 1_000 };
    const expected = perM(1_000, 0.1) + perM(1_000, 0.4);
    expect(price({ provider: 'openai', model: 'gpt-4.1-nano-2025-04-14', units }).costNanos).toBe(expected);
    expect(price({ provider: 'openai', model: 'gpt-4.1-nano-2031-01-01', units }).costNanos).toBe(expected);
    expect(price({ provider: 'anthropic', model: 'claude-haiku-4-5-20991231', units }).costNanos).toBe(
      perM(1_000, 1) + perM(1_000, 5),
    );
  });

  it('uses the price in force on the call date (o3 was 10 / 40 before 2025-06-10)', () => {
    const units = { input_tokens: 10_000, output_tokens: 1_000 };
    expect(price({ provider: 'openai', model: 'o3', units, at: new Date('2025-05-01T00:00:00Z') }).costNanos).toBe(
      perM(10_000, 10) + perM(1_000, 40),
    );
    expect(price({ provider: 'openai', model: 'o3', units }).costNanos).toBe(perM(10_000, 2) + perM(1_000, 8));
  });

  it('converts exclusive buckets to genai-prices totals (cache and reasoning as parts of the total)', () => {
    expect(
      toGenaiUsage(
        {
          input_tokens: 1,
          cached_input_tokens: 2,
          cache_write_5m_tokens: 3,
          cache_write_1h_tokens: 4,
          audio_input_tokens: 5,
          output_tokens: 6,
          reasoning_tokens: 7,
        },
        { webSearches: false },
      ),
    ).toEqual({
      input_tokens: 15,
      cache_read_tokens: 2,
      cache_write_tokens: 7,
      cache_write_5m_tokens: 3,
      cache_write_1h_tokens: 4,
      input_audio_tokens: 5,
      output_tokens: 13,
      output_reasoning_tokens: 7,
    });
  });

  it('pins the genai-prices version it tags rows with', () => {
    const pkg = JSON.parse(
      readFileSync(join(__dirname, '../../../node_modules/@pydantic/genai-prices/package.json'), 'utf8'),
    ) as { version: string };
    expect(pkg.version).toBe(GENAI_PRICES_VERSION);
  });
});

describe('unpriced is never $0', () => {
  it.each<[string, Partial<PriceInput> & { provider: PriceInput['provider']; units: Units }]>([
    ['unknown model', { provider: 'openai', model: 'gpt-99-ultra', units: { input_tokens: 100 } }],
    ['tokens without a model', { provider: 'anthropic', model: null, units: { input_tokens: 100 } }],
    [
      'a unit the model has no price for (embeddings output)',
      { provider: 'openai', model: 'text-embedding-3-small', units: { input_tokens: 100, output_tokens: 5 } },
    ],
    [
      'a unit no table prices (characters on OpenAI)',
      { provider: 'openai', model: 'gpt-4o', units: { input_tokens: 100, characters: 50 } },
    ],
    [
      'credits without a user-set $/credit (HeyGen)',
      { provider: 'heygen', model: 'photo_avatar', units: { credits: 2 } },
    ],
    [
      'credits without a user-set $/credit (Apollo)',
      { provider: 'apollo', model: null, endpoint: 'people.match', units: { credits: 1 } },
    ],
    ['a provider with no prices (SendGrid)', { provider: 'sendgrid', units: { requests: 1 } }],
    ['no units and not free (cost known later)', { provider: 'heygen', model: 'avatar_iv', units: {} }],
    [
      'Exa before its tabled prices took effect',
      { provider: 'exa', endpoint: 'search', units: { requests: 1 }, at: new Date('2026-01-01T00:00:00Z') },
    ],
  ])('%s', (_label, input) => {
    expect(price(input)).toEqual({ costNanos: null, costSource: 'unpriced', priceVersion: null });
  });

  it('prices free endpoints at 0 and lets a reported cost win over any table', () => {
    expect(price({ provider: 'elevenlabs', units: {}, free: true })).toEqual({
      costNanos: 0,
      costSource: 'computed',
      priceVersion: 'free',
    });
    expect(
      price({ provider: 'openai', model: 'gpt-99-ultra', units: { input_tokens: 1 }, reportedCostNanos: 1_190_000 }),
    ).toEqual({
      costNanos: 1_190_000,
      costSource: 'provider_reported',
      priceVersion: 'reported',
    });
    expect(
      price({ provider: 'openai', model: 'gpt-4o', units: { input_tokens: 1_000 }, estimated: true }),
    ).toMatchObject({ costNanos: perM(1_000, 2.5), costSource: 'estimated' });
  });
});

describe('our tables', () => {
  it('prices Perplexity Sonar tokens plus the request fee by search context size', () => {
    // Perplexity's own worked example: sonar, 9 in / 402 out, low context = $0.000009 + $0.000402 + $0.005.
    expect(
      price({ provider: 'perplexity', model: 'sonar', units: { input_tokens: 9, output_tokens: 402 } }),
    ).toMatchObject({ costNanos: 5_411_000 });
    expect(
      price({
        provider: 'perplexity',
        model: 'sonar',
        units: { input_tokens: 9, output_tokens: 402 },
        meta: { search_context_size: 'high' },
      }).costNanos,
    ).toBe(411_000 + 12_000_000);
    // sonar-pro with Pro Search, high: 3 / 15 per M + $22 per 1K requests.
    expect(
      price({
        provider: 'perplexity',
        model: 'sonar-pro',
        units: { input_tokens: 100, output_tokens: 200 },
        meta: { search_context_size: 'high', search_type: 'pro' },
      }).costNanos,
    ).toBe(perM(100, 3) + perM(200, 15) + 22_000_000);
    // Deep research: reasoning $3/M and search queries $5/1K from genai-prices, no request fee.
    expect(
      price({
        provider: 'perplexity',
        model: 'sonar-deep-research',
        units: { input_tokens: 1_000, output_tokens: 1_000, reasoning_tokens: 500, web_searches: 3 },
      }).costNanos,
    ).toBe(perM(1_000, 2) + perM(1_000, 8) + perM(500, 3) + 15_000_000);
    // Search API: $5 per 1K requests.
    expect(price({ provider: 'perplexity', endpoint: 'search', units: { requests: 1 } }).costNanos).toBe(5_000_000);
  });

  it('prices the Perplexity Agent API at the underlying model rate plus $0.0025 per web search', () => {
    const q = price({
      provider: 'perplexity',
      model: 'openai/gpt-4o',
      units: { input_tokens: 1_000, output_tokens: 100, web_searches: 2 },
    });
    expect(q.costNanos).toBe(perM(1_000, 2.5) + perM(100, 10) + 5_000_000);
  });

  it('prices seconds, characters, segments, minutes and requests', () => {
    expect(price({ provider: 'openai', model: 'whisper-1', units: { seconds: 37 } }).costNanos).toBe(3_700_000); // 37/60 x $0.006
    expect(
      price({ provider: 'elevenlabs', model: 'eleven_multilingual_v2', units: { characters: 1_234 } }).costNanos,
    ).toBe(271_480_000); // x $0.22/1K credits
    expect(price({ provider: 'heygen', model: 'avatar_iv', units: { seconds: 30.5 } }).costNanos).toBe(1_525_000_000); // x $0.05/s
    expect(price({ provider: 'twilio', model: 'sms', units: { segments: 3 } }).costNanos).toBe(24_900_000); // x $0.0083
    expect(price({ provider: 'twilio', model: 'voice', units: { minutes: 2 } }).costNanos).toBe(28_000_000); // x $0.014
    // Outside +1 the US table does not apply: unpriced until the user prices the destination (or Twilio reports).
    expect(price({ provider: 'twilio', model: 'sms:+44', units: { segments: 3 } }).costSource).toBe('unpriced');
    expect(price({ provider: 'twilio', model: 'voice:+353', units: { minutes: 2 } }).costSource).toBe('unpriced');
    expect(price({ provider: 'exa', endpoint: 'search', units: { requests: 1 } }).costNanos).toBe(7_000_000);
    expect(price({ provider: 'exa', model: 'search:deep-reasoning', units: { requests: 2 } })).toMatchObject({
      costNanos: 30_000_000,
      priceVersion: 'exa@2026-10.2',
    });
    expect(price({ provider: 'exa', model: 'search:auto', units: { requests: 1 } }).costNanos).toBe(7_000_000);
    expect(price({ provider: 'twilio', model: 'mms', units: { segments: 1 } }).costNanos).toBe(22_000_000); // US MMS $0.022
    // The HeyGen client's v3 names: an image render is an Avatar IV photo avatar ($0.05/s, 4K $0.0667/s).
    expect(price({ provider: 'heygen', model: 'photo_avatar:1080p', units: { seconds: 10 } }).costNanos).toBe(
      500_000_000,
    );
    expect(price({ provider: 'heygen', model: 'photo_avatar:4k', units: { seconds: 10 } }).costNanos).toBe(667_000_000);
    // Legacy v2 renders bill plan credits: 1 credit/min (photo) or 2 (video avatar) at the Pro plan's $0.99/credit.
    expect(price({ provider: 'heygen', model: 'photo_avatar', units: { seconds: 10 } })).toMatchObject({
      costNanos: 165_000_000,
      priceVersion: 'heygen@2026-11.1',
    });
    expect(price({ provider: 'heygen', model: 'avatar', units: { seconds: 10 } }).costNanos).toBe(330_000_000);
  });
});

describe('user overrides', () => {
  const base = { provider: 'openai' as const, model: 'gpt-4o', units: { input_tokens: 1_000_000 } };

  it('win from their effective date on, the latest in force winning', () => {
    const july = overrides.create({
      provider: 'openai',
      model: 'gpt-4o',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('5'),
      blockSize: 1_000_000,
      effectiveFrom: Date.parse('2026-07-01T00:00:00Z'),
      note: '',
    });
    const aug = overrides.create({
      provider: 'openai',
      model: 'gpt-4o',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('4'),
      blockSize: 1_000_000,
      effectiveFrom: Date.parse('2026-08-01T00:00:00Z'),
      note: '',
    });
    expect(price({ ...base, at: new Date('2026-06-30T23:59:59Z') }).costNanos).toBe(2_500_000_000);
    expect(price({ ...base, at: new Date('2026-07-02T00:00:00Z') })).toMatchObject({
      costNanos: 5_000_000_000,
      priceVersion: `genai-prices@${GENAI_PRICES_VERSION}+override:${july.id}`,
    });
    expect(price({ ...base, at: new Date('2026-08-02T00:00:00Z') })).toMatchObject({
      costNanos: 4_000_000_000,
      priceVersion: expect.stringContaining(`override:${aug.id}`),
    });
  });

  it('prefer an exact model over a prefix over "*", and apply to dated snapshots of the model', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    overrides.create({
      provider: 'openai',
      model: '*',
      unit: 'output_tokens',
      nanosPerBlock: usdToRateNanos('50'),
      blockSize: 1_000_000,
      effectiveFrom: from,
      note: '',
    });
    overrides.create({
      provider: 'openai',
      model: 'gpt-4o*',
      unit: 'output_tokens',
      nanosPerBlock: usdToRateNanos('20'),
      blockSize: 1_000_000,
      effectiveFrom: from,
      note: '',
    });
    overrides.create({
      provider: 'openai',
      model: 'gpt-4o',
      unit: 'output_tokens',
      nanosPerBlock: usdToRateNanos('30'),
      blockSize: 1_000_000,
      effectiveFrom: from,
      note: '',
    });
    const out = { output_tokens: 1_000_000 };
    expect(price({ provider: 'openai', model: 'gpt-4o-2024-08-06', units: out }).costNanos).toBe(30_000_000_000);
    expect(price({ provider: 'openai', model: 'gpt-4o-mini', units: out }).costNanos).toBe(20_000_000_000);
    expect(price({ provider: 'openai', model: 'gpt-4.1', units: out }).costNanos).toBe(50_000_000_000);
  });

  it('price an unknown model completely, and set $/credit for a plan', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    overrides.create({
      provider: 'openai',
      model: 'ft:my-model',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('3'),
      blockSize: 1_000_000,
      effectiveFrom: from,
      note: '',
    });
    overrides.create({
      provider: 'openai',
      model: 'ft:my-model',
      unit: 'output_tokens',
      nanosPerBlock: usdToRateNanos('12'),
      blockSize: 1_000_000,
      effectiveFrom: from,
      note: '',
    });
    // Cached tokens without their own price fall back to the input price (genai-prices' rule).
    expect(
      price({
        provider: 'openai',
        model: 'ft:my-model',
        units: { input_tokens: 1_000, cached_input_tokens: 1_000, output_tokens: 1_000 },
      }).costNanos,
    ).toBe(perM(2_000, 3) + perM(1_000, 12));
    overrides.create({
      provider: 'heygen',
      model: '*',
      unit: 'credits',
      nanosPerBlock: usdToRateNanos('0.99'),
      blockSize: 1,
      effectiveFrom: from,
      note: 'Pro plan',
    });
    expect(price({ provider: 'heygen', model: 'photo_avatar', units: { credits: 2.5 } }).costNanos).toBe(2_475_000_000);
  });

  it('validate their fields and refuse duplicates', () => {
    const f = {
      provider: 'openai' as const,
      model: 'gpt-4o',
      unit: 'input_tokens' as const,
      nanosPerBlock: 1,
      blockSize: 1_000_000 as const,
      effectiveFrom: 0,
      note: '',
    };
    overrides.create(f);
    expect(() => overrides.create(f)).toThrow(/already exists/);
    expect(() => overrides.create({ ...f, model: 'a*b*' })).toThrow(/Model must be/);
    expect(() => overrides.create({ ...f, provider: 'nope' as never })).toThrow(/Unknown provider/);
    expect(() => overrides.create({ ...f, unit: 'bananas' as never })).toThrow(/Unknown unit/);
  });
});

describe('exact money', () => {
  it('converts decimal USD to integer nanos without float noise and back', () => {
    expect(usdToRateNanos('0.1')).toBe(100_000_000);
    expect(usdToRateNanos('2.5')).toBe(2_500_000_000);
    expect(usdToRateNanos('0.000000001')).toBe(1);
    expect(usdToRateNanos('0.0000000010')).toBe(1);
    expect(() => usdToRateNanos('0.0000000001')).toThrow(/larger block/);
    expect(() => usdToRateNanos('1e-3')).toThrow(/plain decimal/);
    expect(() => usdToRateNanos('-1')).toThrow(/plain decimal/);
    expect(nanosToUsd(2_500_000_000)).toBe('2.5');
    expect(nanosToUsd(1)).toBe('0.000000001');
  });

  it('sums fractional quantities exactly and rounds once, half up', () => {
    const s = new CostSum();
    s.add(0.5, { nanosPerBlock: 1, blockSize: 1 }); // 0.5 nano
    s.add(0.5, { nanosPerBlock: 1, blockSize: 1 }); // + 0.5 = 1 exactly
    expect(s.nanos()).toBe(1);
    const big = new CostSum();
    big.add(2_000_000, { nanosPerBlock: 75_000_000_000, blockSize: 1_000_000 }); // 2M tokens at $75/M = $150
    expect(big.nanos()).toBe(150_000_000_000);
  });
});
