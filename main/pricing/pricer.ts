// The Pricer: reported cost wins; else tokens via genai-prices (user overrides merged in) plus our tables
// for characters, seconds, segments, minutes, requests and credits (overrides win there too). Any billed
// unit without a price makes the whole attempt unpriced (null), never $0.
import type { ModelPrice } from '@pydantic/genai-prices';
import type { PriceQuote, Pricer } from '../gateway/deps';
import type { Nanos, ProviderId, UnitName, Units } from '../gateway/types';
import { cleanUnits, hasUnits, UNIT_NAMES } from '../ledger/units';
import { baseModel, bundledModelPrice, GENAI_PROVIDER, GENAI_VERSION_TAG, priceWith, toGenaiUsage } from './genai';
import { patternScore, type OverrideStore } from './overrides';
import { CostSum, GENAI_KEYS, isTokenUnit, rateToGenai, TOKEN_UNITS, type Rate, type TokenUnit } from './rates';
import { TABLE_ENTRIES } from './tables';

export type Meta = Record<string, string | number | boolean | null> | null | undefined;

export interface PriceInput {
  provider: ProviderId;
  model: string | null;
  units: Units;
  at: Date;
  reportedCostNanos?: Nanos;
  estimated?: boolean;
  free?: boolean;
  endpoint?: string;
  meta?: Meta;
}

export const UNPRICED: PriceQuote = Object.freeze({ costNanos: null, costSource: 'unpriced', priceVersion: null });
export const FREE_VERSION = 'free';
export const REPORTED_VERSION = 'reported';

/** The key, in genai-prices' model price, that prices a token bucket when its own key is absent. */
const FALLBACK_KEY: Record<TokenUnit, string> = {
  input_tokens: 'input_mtok',
  cached_input_tokens: 'input_mtok',
  cache_write_5m_tokens: 'input_mtok',
  cache_write_1h_tokens: 'cache_write_mtok',
  output_tokens: 'output_mtok',
  reasoning_tokens: 'output_mtok',
  audio_input_tokens: 'input_mtok',
};

interface Context {
  provider: ProviderId;
  /** Ids to match tables and overrides against: the model and its base snapshot, or the product/endpoint. */
  candidates: string[];
  /** genai-prices provider and model for the token part (Perplexity's Agent API routes "openai/gpt-5" to OpenAI). */
  genai: { provider: string; model: string } | null;
  agent: boolean;
  variant: string | undefined;
  at: number;
}

const CONTEXT_SIZES = new Set(['low', 'medium', 'high']);

function perplexityVariant(candidates: string[], meta: Meta): string | undefined {
  const searchType = meta?.search_type;
  if (candidates.includes('search')) return searchType === 'fast' ? 'fast' : undefined;
  // The API's default search_context_size is "low".
  const size =
    typeof meta?.search_context_size === 'string' && CONTEXT_SIZES.has(meta.search_context_size)
      ? meta.search_context_size
      : 'low';
  return searchType === 'pro' ? `pro-${size}` : size;
}

function contextFor(input: PriceInput): Context {
  const model = input.model?.trim() || null;
  const at = input.at.getTime();
  if (input.provider === 'perplexity' && model?.includes('/')) {
    const slash = model.indexOf('/');
    return {
      provider: input.provider,
      candidates: [model, 'agent'],
      genai: { provider: model.slice(0, slash), model: model.slice(slash + 1) },
      agent: true,
      variant: undefined,
      at,
    };
  }
  const candidates = model ? [...new Set([model, baseModel(model)])] : input.endpoint ? [input.endpoint] : [];
  const genaiProvider = GENAI_PROVIDER[input.provider];
  return {
    provider: input.provider,
    candidates,
    genai: genaiProvider && model ? { provider: genaiProvider, model } : null,
    agent: false,
    variant: input.provider === 'perplexity' ? perplexityVariant(candidates, input.meta) : undefined,
    at,
  };
}

export interface RateChoice {
  rate: Rate;
  version: string;
}

export class PricingService implements Pricer {
  constructor(readonly overrides: OverrideStore) {}

  price(input: PriceInput): PriceQuote {
    if (input.free) return { costNanos: 0, costSource: 'computed', priceVersion: FREE_VERSION };
    const reported = input.reportedCostNanos;
    if (reported !== undefined && Number.isSafeInteger(reported) && reported >= 0) {
      return { costNanos: reported, costSource: 'provider_reported', priceVersion: REPORTED_VERSION };
    }
    const units = cleanUnits(input.units);
    // Nothing billed and not declared free: the cost is not known yet (e.g. a render priced on completion).
    if (!hasUnits(units)) return UNPRICED;
    const ctx = contextFor(input);
    const versions = new Set<string>();
    const sum = new CostSum();
    let tokenNanos = 0;

    const webRate = units.web_searches ? this.rateFor(ctx, 'web_searches') : null;
    const requestRate = this.rateFor(ctx, 'requests');
    const hasTokens = TOKEN_UNITS.some((u) => units[u]);
    if (hasTokens || (units.web_searches && !webRate) || (units.requests && !requestRate)) {
      const nanos = this.tokenPart(
        ctx,
        units,
        { separateWebSearches: webRate !== null, separateRequests: requestRate !== null || ctx.agent },
        versions,
      );
      if (nanos === null) return UNPRICED;
      tokenNanos = nanos;
    }

    for (const unit of UNIT_NAMES) {
      if (isTokenUnit(unit)) continue;
      let quantity = units[unit] ?? 0;
      let choice: RateChoice | null = null;
      if (unit === 'requests') {
        // A request fee (Perplexity Sonar) is per call even when the parser did not count the request.
        if (!requestRate) continue;
        if (!quantity && hasTokens) quantity = 1;
        choice = requestRate;
      } else if (unit === 'web_searches') {
        if (!webRate) continue;
        choice = webRate;
      } else if (quantity) {
        choice = this.rateFor(ctx, unit);
        if (!choice) return UNPRICED;
      }
      if (!quantity || !choice) continue;
      sum.add(quantity, choice.rate);
      versions.add(choice.version);
    }

    return {
      costNanos: tokenNanos + sum.nanos(),
      costSource: input.estimated ? 'estimated' : 'computed',
      priceVersion: [...versions].sort().join('+'),
    };
  }

  /** Override (most specific, latest effective) beats our table; null when neither prices the unit. */
  rateFor(ctx: Pick<Context, 'provider' | 'candidates' | 'variant' | 'at'>, unit: UnitName): RateChoice | null {
    const o = this.overrides.match(ctx.provider, ctx.candidates, unit, ctx.at);
    if (o) return { rate: o.rate, version: `override:${o.id}` };
    let best: RateChoice | null = null;
    let bestScore = 0;
    let bestFrom = Number.NEGATIVE_INFINITY;
    for (const e of TABLE_ENTRIES.get(ctx.provider) ?? []) {
      if (e.unit !== unit || e.fromMs > ctx.at) continue;
      if (e.variant !== undefined && e.variant !== ctx.variant) continue;
      const pattern = patternScore(e.model, ctx.candidates);
      if (pattern === 0) continue;
      const score = pattern * 10 + (e.variant !== undefined ? 1 : 0);
      if (score > bestScore || (score === bestScore && e.fromMs > bestFrom)) {
        best = { rate: e.rate, version: e.version };
        bestScore = score;
        bestFrom = e.fromMs;
      }
    }
    return best;
  }

  /** Token cost via genai-prices with overrides merged into the model price; null = unpriced. */
  private tokenPart(
    ctx: Context,
    units: Units,
    opts: { separateWebSearches: boolean; separateRequests: boolean },
    versions: Set<string>,
  ): number | null {
    if (!ctx.genai) return null;
    const at = new Date(ctx.at);
    const bundled =
      bundledModelPrice(ctx.genai.provider, ctx.genai.model, at) ??
      (baseModel(ctx.genai.model) !== ctx.genai.model
        ? bundledModelPrice(ctx.genai.provider, baseModel(ctx.genai.model), at)
        : null);
    const price: ModelPrice = bundled ? { ...bundled.price } : {};
    let overridden = false;
    for (const unit of [...TOKEN_UNITS, 'web_searches', 'requests'] as const) {
      const o = this.overrides.match(ctx.provider, ctx.candidates, unit, ctx.at);
      const key = GENAI_KEYS[unit];
      if (!o || !key) continue;
      price[key.key] = rateToGenai(o.rate, key.per);
      versions.add(`override:${o.id}`);
      overridden = true;
    }
    if (!bundled && !overridden) return null;
    // Charged from our tables instead (Perplexity request fees by context size, Agent API tool fees).
    if (opts.separateWebSearches) delete price.web_searches_kcount;
    if (opts.separateRequests) delete price.requests_kcount;
    // genai-prices prices a bucket it has no key for at 0 (embeddings' output): that is "unknown", not free.
    for (const unit of TOKEN_UNITS) {
      const key = GENAI_KEYS[unit]?.key;
      if (units[unit] && key !== undefined && price[key] === undefined && price[FALLBACK_KEY[unit]] === undefined) {
        if (!(unit === 'cache_write_1h_tokens' && price.input_mtok !== undefined)) return null;
      }
    }
    if (units.web_searches && !opts.separateWebSearches && price.web_searches_kcount === undefined) return null;
    if (units.requests && !opts.separateRequests && price.requests_kcount === undefined) return null;
    const usd = priceWith(price, toGenaiUsage(units, { webSearches: !opts.separateWebSearches }));
    if (usd === null) return null;
    if (bundled) versions.add(GENAI_VERSION_TAG);
    return Math.round(usd * 1e9);
  }
}
