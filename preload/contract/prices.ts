// Price channels: the catalogue in force (bundled genai-prices, our tables, user overrides), override
// CRUD, and explicit re-pricing of a range (preview first, then apply).
import { z } from 'zod';
import { LEDGER_UNITS } from './ledger';

const id = z.number().int().positive();
const isoTime = z.iso.datetime({ offset: true });
const provider = z.string().min(1).max(40);
const nanos = z.number().int();
const blockSize = z.union([z.literal(1), z.literal(1000), z.literal(1000000)]);

export const catalogEntrySchema = z.object({
  provider: z.string(),
  model: z.string(),
  /** A usage bucket, or a genai-prices key the app does not meter (e.g. output_audio_mtok). */
  unit: z.string(),
  /** Exact decimal USD per `per` units. */
  usd: z.string(),
  per: z.number(),
  source: z.enum(['genai-prices', 'table', 'override']),
  version: z.string(),
  effectiveFrom: z.string().nullable(),
  /** Whether this is the price in force at the requested date (an override can replace it). */
  effective: z.boolean(),
  variant: z.string().nullable(),
  tiers: z.array(z.object({ fromInputTokens: z.number(), usd: z.string() })).nullable(),
  overrideId: z.number().int().nullable(),
  note: z.string().nullable(),
});

export const priceOverrideSchema = z.object({
  id,
  provider: z.string(),
  /** Exact model id, a prefix ending in '*', or '*' for every model of the provider. */
  model: z.string(),
  unit: z.enum(LEDGER_UNITS),
  usd: z.string(),
  per: blockSize,
  effectiveFrom: z.string(),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const overrideFields = {
  provider,
  model: z.string().min(1).max(201),
  unit: z.enum(LEDGER_UNITS),
  /** Decimal USD per `per` units, e.g. "2.5" per 1000000 tokens, "0.00022" per 1 credit. */
  usd: z.string().min(1).max(30),
  per: blockSize,
  effectiveFrom: isoTime,
  note: z.string().max(500).optional(),
};

const repriceGroup = z.object({
  provider: z.string(),
  model: z.string().nullable(),
  attempts: z.number().int(),
  /** Attempts whose cost or source would change; the cost sums below are over those only. */
  changed: z.number().int(),
  oldCostNanos: nanos,
  newCostNanos: nanos,
  deltaNanos: nanos,
  newlyPriced: z.number().int(),
  newlyUnpriced: z.number().int(),
  /** Failed attempts that metered nothing (not billed): left as they are, cost source included. */
  skippedFailed: z.number().int(),
});
export const repriceResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  groups: z.array(repriceGroup),
  totals: repriceGroup.omit({ provider: true, model: true }),
  applied: z.boolean(),
});
const repriceInput = z.object({ from: isoTime, to: isoTime, provider: provider.optional() }).strict();

export const pricesChannels = {
  'prices.list': {
    input: z
      .object({
        at: isoTime.optional(),
        provider: provider.optional(),
        q: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(10000).default(2000),
      })
      .strict(),
    output: z.object({ entries: z.array(catalogEntrySchema), total: z.number().int() }),
  },
  'prices.overrides': { input: z.object({}).strict(), output: z.array(priceOverrideSchema) },
  'prices.createOverride': { input: z.object(overrideFields).strict(), output: priceOverrideSchema },
  'prices.updateOverride': {
    input: z
      .object({
        id,
        provider: provider.optional(),
        model: overrideFields.model.optional(),
        unit: overrideFields.unit.optional(),
        usd: overrideFields.usd.optional(),
        per: blockSize.optional(),
        effectiveFrom: isoTime.optional(),
        note: z.string().max(500).optional(),
      })
      .strict(),
    output: priceOverrideSchema,
  },
  'prices.deleteOverride': { input: z.object({ id }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** What re-pricing [from, to) with today's tables would change, per provider/model. Writes nothing. */
  'prices.repricePreview': { input: repriceInput, output: repriceResultSchema },
  /** Re-prices [from, to) (never provider-reported costs), keeping each old cost in the history. */
  'prices.repriceApply': { input: repriceInput, output: repriceResultSchema },
} as const;
