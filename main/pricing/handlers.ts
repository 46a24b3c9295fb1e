import type { PartialHandlers } from '../core/router';
import { AppError } from '../core/errors';
import type { ProviderId } from '../gateway/types';
import { priceCatalog } from './catalog';
import type { OverrideStore, PriceOverride } from './overrides';
import { nanosToUsd, usdToRateNanos } from './rates';
import type { Repricer } from './reprice';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

const toContract = (o: PriceOverride) => ({
  id: o.id,
  provider: o.provider,
  model: o.model,
  unit: o.unit,
  usd: nanosToUsd(o.rate.nanosPerBlock),
  per: o.rate.blockSize,
  effectiveFrom: new Date(o.effectiveFrom).toISOString(),
  note: o.note,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});

export function pricesHandlers(deps: {
  overrides: OverrideStore;
  repricer: Repricer;
  now: () => number;
}): PartialHandlers {
  const { overrides, repricer } = deps;
  const range = (input: { from: string; to: string; provider?: string }) => ({
    from: time(input.from),
    to: time(input.to),
    ...(input.provider ? { provider: input.provider as ProviderId } : {}),
  });
  return {
    'prices.list': (input) =>
      priceCatalog(
        {
          at: input.at ? time(input.at) : deps.now(),
          limit: input.limit,
          ...(input.provider ? { provider: input.provider as ProviderId } : {}),
          ...(input.q ? { q: input.q } : {}),
        },
        overrides,
      ),
    'prices.overrides': () => overrides.list().map(toContract),
    'prices.createOverride': (input) =>
      toContract(
        overrides.create({
          provider: input.provider as ProviderId,
          model: input.model,
          unit: input.unit,
          nanosPerBlock: usdToRateNanos(input.usd),
          blockSize: input.per,
          effectiveFrom: time(input.effectiveFrom),
          note: input.note ?? '',
        }),
      ),
    'prices.updateOverride': ({ id, usd, per, effectiveFrom, provider, ...rest }) =>
      toContract(
        overrides.update(id, {
          ...rest,
          ...(provider !== undefined ? { provider: provider as ProviderId } : {}),
          ...(usd !== undefined ? { nanosPerBlock: usdToRateNanos(usd) } : {}),
          ...(per !== undefined ? { blockSize: per } : {}),
          ...(effectiveFrom !== undefined ? { effectiveFrom: time(effectiveFrom) } : {}),
        }),
      ),
    'prices.deleteOverride': ({ id }) => ({ deleted: overrides.delete(id) }),
    'prices.repricePreview': (input) => repricer.preview(range(input)),
    'prices.repriceApply': (input) => repricer.apply(range(input)),
  };
}
