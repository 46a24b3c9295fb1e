// @pydantic/genai-prices, offline: the bundled snapshot only (never updatePrices). Our Units are exclusive
// buckets; genai-prices wants `input_tokens` = the WHOLE prompt with cache read/write as parts of it, and
// `output_tokens` including reasoning. This module converts and prices with an explicit model price.
import { calcPrice, type ModelPrice, type Provider, type Usage } from '@pydantic/genai-prices';
import type { ProviderId, Units } from '../gateway/types';

/** Pinned in package.json; a test checks it matches the installed package. */
export const GENAI_PRICES_VERSION = '0.1.8';
export const GENAI_VERSION_TAG = `genai-prices@${GENAI_PRICES_VERSION}`;

/** Our providers that genai-prices covers, by its provider id. */
export const GENAI_PROVIDER: Partial<Record<ProviderId, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  openrouter: 'openrouter',
  perplexity: 'perplexity',
};

/** Exclusive buckets -> genai-prices usage (inclusive totals with partitions). */
export function toGenaiUsage(u: Units, opts: { webSearches: boolean }): Usage {
  const cached = u.cached_input_tokens ?? 0;
  const write5m = u.cache_write_5m_tokens ?? 0;
  const write1h = u.cache_write_1h_tokens ?? 0;
  const audio = u.audio_input_tokens ?? 0;
  const reasoning = u.reasoning_tokens ?? 0;
  const usage: Usage = {
    input_tokens: (u.input_tokens ?? 0) + cached + write5m + write1h + audio,
    output_tokens: (u.output_tokens ?? 0) + reasoning,
  };
  if (cached) usage.cache_read_tokens = cached;
  if (write5m || write1h) usage.cache_write_tokens = write5m + write1h;
  if (write5m) usage.cache_write_5m_tokens = write5m;
  if (write1h) usage.cache_write_1h_tokens = write1h;
  if (audio) usage.input_audio_tokens = audio;
  if (reasoning) usage.output_reasoning_tokens = reasoning;
  if (opts.webSearches && u.web_searches) usage.web_searches = u.web_searches;
  return usage;
}

/** The bundled model price in force at `at`, or null when genai-prices does not know the model. */
export function bundledModelPrice(
  genaiProvider: string,
  model: string,
  at: Date,
): { modelId: string; price: ModelPrice } | null {
  const key = `${genaiProvider}\u0000${model}`;
  const known = timeless.get(key);
  if (known !== undefined) return known;
  const r = calcPrice({}, model, { providerId: genaiProvider, timestamp: at });
  const found = r ? { modelId: r.model.id, price: r.model_price } : null;
  // The snapshot is bundled and never updated: a lookup whose answer cannot depend on the time (unknown model, or
  // one price without dated/time-of-day conditions) is kept, so the hot path does not re-match every model per call.
  if (!r || !Array.isArray(r.model.prices)) {
    if (timeless.size >= MAX_TIMELESS) timeless.clear();
    timeless.set(key, found);
  }
  return found;
}

/** Lookups whose answer is the same at any time, by provider and model id. */
const timeless = new Map<string, { modelId: string; price: ModelPrice } | null>();
const MAX_TIMELESS = 1_000;

/** Prices usage with an explicit model price (bundled, possibly with overrides merged in). USD float. */
export function priceWith(price: ModelPrice, usage: Usage): number | null {
  const provider: Provider = {
    id: 'aicon',
    name: 'AICON merged prices',
    api_pattern: '.*',
    models: [{ id: 'm', match: { equals: 'm' }, prices: price }],
  };
  const r = calcPrice(usage, 'm', { provider });
  return r && Number.isFinite(r.total_price) ? r.total_price : null;
}

/** Dated snapshots price as their base model: gpt-4.1-nano-2025-04-14 -> gpt-4.1-nano, claude-x-20250929 -> claude-x. */
export function baseModel(model: string): string {
  return model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '');
}
