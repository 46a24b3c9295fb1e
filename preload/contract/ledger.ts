// Ledger channels: usage summaries from the hourly rollups, the call list (keyset paging) and one call's detail.
import { z } from 'zod';
import { budgetStatusSchema } from './budgets';
import { withBoundedRange } from './range';
import { LEDGER_UNITS } from './units';

export { LEDGER_UNITS };

/** Error code of a call the app stopped in the middle of (settled at start-up at its worst-case estimate). */
export const UNKNOWN_BILLING_CODE = 'unknown_billing';

export const costSourceSchema = z.enum(['provider_reported', 'computed', 'estimated', 'unpriced']);
export const unitsSchema = z.partialRecord(z.enum(LEDGER_UNITS), z.number());
const isoTime = z.iso.datetime({ offset: true });
const id = z.number().int().positive();
const label = z.string().min(1).max(200);
const nanos = z.number().int();

export const callRowSchema = z.object({
  id,
  callId: z.string(),
  attempt: z.number().int(),
  /** Row id of the call's first attempt when this row is a retry. */
  rootId: z.number().int().nullable(),
  ts: z.string(),
  provider: z.string(),
  integrationId: z.string().nullable(),
  /** The local-gateway virtual key that made the call; null = the app itself. */
  client: z.string().nullable(),
  operation: z.string(),
  endpoint: z.string(),
  method: z.string(),
  model: z.string().nullable(),
  status: z.number().int().nullable(),
  latencyMs: z.number(),
  requestBytes: z.number().int().nullable(),
  responseBytes: z.number().int(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  units: unitsSchema,
  /** Integer nano-USD; null = unpriced (never shown as $0). */
  costNanos: nanos.nullable(),
  costSource: costSourceSchema,
  priceVersion: z.string().nullable(),
  estimated: z.boolean(),
  free: z.boolean(),
  providerRequestId: z.string().nullable(),
  jobId: z.string().nullable(),
  contentId: z.string().nullable(),
});
export type CallRow = z.infer<typeof callRowSchema>;

export const callDetailSchema = callRowSchema.extend({
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});

export const costHistoryEntrySchema = z.object({
  rowId: z.number().int(),
  changedAt: z.string(),
  reason: z.enum(['settlement', 'reprice']),
  oldCostNanos: nanos.nullable(),
  oldCostSource: costSourceSchema,
  oldPriceVersion: z.string().nullable(),
  newCostNanos: nanos.nullable(),
  newCostSource: costSourceSchema,
  newPriceVersion: z.string().nullable(),
});

const aggregateFields = {
  attempts: z.number().int(),
  /** First attempts only (a call with two retries is one call, three attempts). */
  calls: z.number().int(),
  errors: z.number().int(),
  /** Sum over priced attempts only; `unpricedAttempts` says how many the total excludes. */
  costNanos: nanos,
  pricedAttempts: z.number().int(),
  unpricedAttempts: z.number().int(),
  estimatedAttempts: z.number().int(),
  reportedAttempts: z.number().int(),
  latencyAvgMs: z.number().nullable(),
  /** From the hourly latency histograms: interpolated inside a bucket. */
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
};

export const usageSummarySchema = z.object({
  /** The range actually covered: rollups are hourly, so `from` is floored and `to` ceiled to the hour. */
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  totals: z.object({ ...aggregateFields, units: unitsSchema }),
  byProvider: z.array(z.object({ provider: z.string(), ...aggregateFields })),
  byModel: z.array(
    z.object({ provider: z.string(), model: z.string().nullable(), ...aggregateFields, units: unitsSchema }),
  ),
  byOperation: z.array(z.object({ operation: z.string(), ...aggregateFields })),
  byIntegration: z.array(z.object({ provider: z.string(), integrationId: z.string().nullable(), ...aggregateFields })),
  /** Per local-gateway client (virtual key name); null = the app's own calls. */
  byClient: z.array(z.object({ client: z.string().nullable(), ...aggregateFields })),
  /** Every local day of the range in `timeZone` (DST-aware), zeros included, oldest first. */
  byDay: z.array(
    z.object({
      day: z.string(),
      attempts: z.number().int(),
      calls: z.number().int(),
      errors: z.number().int(),
      costNanos: nanos,
      unpricedAttempts: z.number().int(),
      costByProvider: z.record(z.string(), nanos),
      /** Attempts without a price per provider (only providers with some): their cost is not in costByProvider. */
      unpricedByProvider: z.record(z.string(), z.number().int()),
    }),
  ),
  /** Latency quantiles over time from the rollups' histograms: UTC hours for ranges up to 48 h, else local days. */
  latency: z.object({
    bucket: z.enum(['hour', 'day']),
    points: z.array(
      z.object({
        /** Instant the bucket begins (a local midnight for days, DST-aware). */
        start: z.string(),
        attempts: z.number().int(),
        p50Ms: z.number().nullable(),
        p95Ms: z.number().nullable(),
        p99Ms: z.number().nullable(),
      }),
    ),
  }),
  /** What prompt caching saved at the prices in force at `to`: reads at the input rate minus the cached rate, less cache-write premiums. */
  cacheSavings: z.object({
    /** Over the priced models only; see `unpriced` for what it leaves out. */
    savedNanos: nanos,
    pricedReadTokens: z.number(),
    pricedWriteTokens: z.number(),
    unpriced: z.array(
      z.object({ provider: z.string(), model: z.string().nullable(), readTokens: z.number(), writeTokens: z.number() }),
    ),
  }),
});
export type UsageSummary = z.infer<typeof usageSummarySchema>;

/** Shorter searches cannot use the trigram index and would match most rows: the Call log says so instead. */
export const MIN_SEARCH_CHARS = 3;

export const callListInputSchema = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    provider: label.optional(),
    model: label.optional(),
    operation: label.optional(),
    endpoint: label.optional(),
    integrationId: label.optional(),
    /** Local-gateway client: a virtual key's name, or '' for the app's own calls. */
    client: z.string().max(48).optional(),
    /** 'ok' = no error, 'error' = any error, or an exact HTTP status. */
    status: z.union([z.enum(['ok', 'error']), z.number().int().min(100).max(599)]).optional(),
    costSource: costSourceSchema.optional(),
    /** Case-insensitive text search on provider, operation, endpoint, model, integration and error text. */
    q: z.string().min(MIN_SEARCH_CHARS, `Search needs at least ${MIN_SEARCH_CHARS} characters`).max(200).optional(),
    jobId: label.optional(),
    contentId: label.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type CallListInput = z.infer<typeof callListInputSchema>;

const summaryInputSchema = z
  .object({
    from: isoTime,
    to: isoTime,
    /** IANA zone for the day buckets, e.g. "Europe/Berlin". */
    timeZone: z.string().min(1).max(64),
    provider: label.optional(),
    integrationId: label.optional(),
    model: label.optional(),
    operation: label.optional(),
    /** Local-gateway client: a virtual key's name, or '' for the app's own calls. */
    client: z.string().max(48).optional(),
  })
  .strict();

export const ledgerChannels = {
  'ledger.summary': {
    input: withBoundedRange(summaryInputSchema),
    output: usageSummarySchema,
  },
  /** Everything the dashboard's first screen shows, in one round trip: the period's summary, the month so far, budgets. */
  'ledger.dashboard': {
    input: withBoundedRange(
      summaryInputSchema.extend({
        /** The current local month so far (its start to now), whatever the period: the month-to-date card and projection. */
        month: z.object({ from: isoTime, to: isoTime }).strict(),
      }),
    ),
    output: z.object({
      summary: usageSummarySchema,
      month: z.object({ costNanos: nanos, unpricedAttempts: z.number().int() }),
      budgets: z.array(budgetStatusSchema),
      /** Calls in the period settled as `unknown_billing` (any provider, whatever the filters): counted at their worst case. */
      unknownBilling: z.object({ attempts: z.number().int(), costNanos: nanos }),
    }),
  },
  'ledger.calls': {
    input: callListInputSchema,
    output: z.object({ rows: z.array(callRowSchema), nextCursor: z.string().nullable() }),
  },
  'ledger.call': {
    input: z.object({ id }).strict(),
    output: z.object({
      call: callDetailSchema,
      attempts: z.array(callRowSchema),
      history: z.array(costHistoryEntrySchema),
    }),
  },
} as const;
