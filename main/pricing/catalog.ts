// The price catalogue for the Prices screen: bundled genai-prices models of our LLM providers, our own
// tables and user overrides, each with its source and date, and whether it is the price in force at `at`.
import { findProvider, type ConditionalPrice, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import type { ProviderId, UnitName } from '../gateway/types';
import { GENAI_PROVIDER, GENAI_VERSION_TAG } from './genai';
import type { OverrideStore } from './overrides';
import { GENAI_KEYS, nanosToUsd, type BlockSize } from './rates';
import { PRICE_TABLES } from './tables';

export interface CatalogEntry {
  provider: ProviderId;
  model: string;
  /** A Units bucket, or a genai-prices key we do not meter (e.g. output_audio_mtok). */
  unit: string;
  usd: string;
  per: number;
  source: 'genai-prices' | 'table' | 'override';
  version: string;
  effectiveFrom: string | null;
  /** False when an override replaces it at `at`, or (overrides) when not yet in force. */
  effective: boolean;
  variant: string | null;
  /** Context tiers: the whole request is billed at the tier its prompt size reaches. */
  tiers: Array<{ fromInputTokens: number; usd: string }> | null;
  overrideId: number | null;
  note: string | null;
}

export interface CatalogQuery {
  at: number;
  provider?: ProviderId;
  q?: string;
  limit: number;
}

const UNIT_BY_GENAI_KEY = new Map(
  Object.entries(GENAI_KEYS).flatMap(([unit, k]) =>
    k ? [[k.key, { unit: unit as UnitName, per: k.per }] as const] : [],
  ),
);
const perOfKey = (key: string): number => (key.endsWith('_mtok') ? 1e6 : key.endsWith('_kcount') ? 1e3 : 1);
/** Float USD from genai-prices -> exact decimal text (rounded to a nano). */
const floatUsd = (x: number): string => nanosToUsd(Math.round(x * 1e9));

/** The price list in force at `at` (start_date constraints; time-of-day windows show the first listed). */
function pricesAt(model: ModelInfo, at: number): { price: ModelPrice; from: string | null } {
  if (!Array.isArray(model.prices)) return { price: model.prices, from: null };
  const list = model.prices as ConditionalPrice[];
  for (const entry of [...list].reverse()) {
    const c = entry.constraint;
    if (c === undefined) return { price: entry.prices, from: null };
    if (c.type === 'start_date' && at >= Date.parse(c.start_date))
      return { price: entry.prices, from: new Date(Date.parse(c.start_date)).toISOString() };
  }
  return { price: list[0]?.prices ?? {}, from: null };
}

export function priceCatalog(
  query: CatalogQuery,
  overrides: OverrideStore,
): { entries: CatalogEntry[]; total: number } {
  const out: CatalogEntry[] = [];
  const needle = query.q?.toLowerCase();
  const wanted = (provider: ProviderId, model: string) =>
    (query.provider === undefined || query.provider === provider) &&
    (needle === undefined || `${provider} ${model}`.toLowerCase().includes(needle));
  const superseded = (provider: ProviderId, model: string, unit: string) => {
    const o = overrides.match(provider, [model], unit as UnitName, query.at);
    return o !== null;
  };

  for (const [ours, theirs] of Object.entries(GENAI_PROVIDER) as Array<[ProviderId, string]>) {
    for (const model of findProvider({ providerId: theirs })?.models ?? []) {
      if (!wanted(ours, model.id)) continue;
      const { price, from } = pricesAt(model, query.at);
      for (const [key, value] of Object.entries(price)) {
        if (value === undefined) continue;
        const mapped = UNIT_BY_GENAI_KEY.get(key);
        const unit = mapped?.unit ?? key;
        const tiered = typeof value === 'object';
        out.push({
          provider: ours,
          model: model.id,
          unit,
          usd: floatUsd(tiered ? value.base : value),
          per: mapped?.per ?? perOfKey(key),
          source: 'genai-prices',
          version: GENAI_VERSION_TAG,
          effectiveFrom: from,
          effective: !superseded(ours, model.id, unit),
          variant: null,
          tiers: tiered ? value.tiers.map((t) => ({ fromInputTokens: t.start, usd: floatUsd(t.price) })) : null,
          overrideId: null,
          note: model.deprecated ? 'deprecated' : null,
        });
      }
    }
  }

  for (const table of PRICE_TABLES) {
    for (const e of table.entries) {
      if (!wanted(table.provider, e.model)) continue;
      const from = e.from ? Date.parse(`${e.from}T00:00:00Z`) : null;
      out.push({
        provider: table.provider,
        model: e.model,
        unit: e.unit,
        usd: e.usd,
        per: e.per,
        source: 'table',
        version: table.version,
        effectiveFrom: from === null ? null : new Date(from).toISOString(),
        effective: (from === null || from <= query.at) && !superseded(table.provider, e.model, e.unit),
        variant: e.variant ?? null,
        tiers: null,
        overrideId: null,
        note: e.note ?? table.source,
      });
    }
  }

  const all = overrides.list();
  for (const o of all) {
    if (!wanted(o.provider, o.model)) continue;
    // In force: started, and no later-started override for the same provider, pattern and unit.
    const inForce =
      o.effectiveFrom <= query.at &&
      !all.some(
        (x) =>
          x !== o &&
          x.provider === o.provider &&
          x.model === o.model &&
          x.unit === o.unit &&
          x.effectiveFrom > o.effectiveFrom &&
          x.effectiveFrom <= query.at,
      );
    out.push({
      provider: o.provider,
      model: o.model,
      unit: o.unit,
      usd: nanosToUsd(o.rate.nanosPerBlock),
      per: o.rate.blockSize as BlockSize,
      source: 'override',
      version: `override:${o.id}`,
      effectiveFrom: new Date(o.effectiveFrom).toISOString(),
      effective: inForce,
      variant: null,
      tiers: null,
      overrideId: o.id,
      note: o.note || null,
    });
  }
  return { entries: out.slice(0, query.limit), total: out.length };
}
