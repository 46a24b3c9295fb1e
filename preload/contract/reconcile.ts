// Reconciliation channels: the ledger checked against each vendor's own figures per provider and month (drift
// and its parts), balances and quotas with reset and pace, on-demand refresh, optional admin keys.
import { z } from 'zod';
import { INTEGRATION_PROVIDERS } from './integrations';

const nanos = z.number().int();
const provider = z.enum(INTEGRATION_PROVIDERS);
export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be YYYY-MM');

/**
 * What the last fetch of a vendor's figures gave: `ok`; `unauthorised` (key rejected or lacks the scope);
 * `failed` (the vendor answered with an error or an unreadable body); `offline` (no connection); `no_key`;
 * `not_offered` (the vendor has no such report for this account); `per_call` (the vendor's per-call figure
 * is already the truth: nothing to fetch); `never` (not fetched yet). Only `ok` carries a vendor total.
 */
export const RECONCILE_STATES = [
  'ok',
  'unauthorised',
  'failed',
  'offline',
  'no_key',
  'not_offered',
  'per_call',
  'never',
] as const;
export const reconcileStateSchema = z.enum(RECONCILE_STATES);
export type ReconcileState = z.output<typeof reconcileStateSchema>;

/** The difference (vendor − ledger) split into its causes; the parts add up to the difference exactly. */
export const driftPartsSchema = z.object({
  /** Calls the vendor billed that AICON never made (vendor web studio, console, other machines). */
  outsideApp: nanos,
  /** Calls AICON still carries as estimates (the vendor's final figure has not arrived). */
  stillEstimated: nanos,
  /** The same usage priced differently (plan rate vs the price table). */
  priceDifferences: nanos,
  /** Charges the ledger does not model per call (carrier fees, failed-message fees). */
  unmodelledFees: nanos,
  /** Usage the vendor did not bill because a free tier or included credits covered it (negative). */
  freeTierCredits: nanos,
  /** What none of the above explains. */
  unexplained: nanos,
});
export type DriftParts = z.output<typeof driftPartsSchema>;

export const driftRowSchema = z.object({
  provider,
  period: periodSchema,
  state: reconcileStateSchema,
  /** Plain words: why there is no vendor figure, or what the figure is. */
  message: z.string(),
  checkedAt: z.string().nullable(),
  /** The window the vendor's figure covers (a calendar month, or the vendor's billing cycle). */
  windowFrom: z.string(),
  windowTo: z.string(),
  ledgerNanos: nanos,
  vendorNanos: nanos.nullable(),
  differenceNanos: nanos.nullable(),
  parts: driftPartsSchema.nullable(),
  estimatedCalls: z.number().int(),
  estimatedNanos: nanos,
  unpricedCalls: z.number().int(),
  /** Per-call settlements applied in the window (vendor's figure replaced the ledger's, history kept). */
  settled: z.object({ count: z.number().int(), deltaNanos: nanos }),
  /** Credit/character vendors: the comparison in the vendor's own unit. */
  units: z
    .object({ unit: z.string(), ledger: z.number(), vendor: z.number(), outside: z.number().nullable() })
    .nullable(),
  fees: z.array(z.object({ category: z.string(), nanos })),
  outsideCalls: z.number().int().nullable(),
  notes: z.array(z.string()),
  origin: z.enum(['live', 'demo']),
});
export type DriftRow = z.output<typeof driftRowSchema>;

export const balanceSchema = z.object({
  provider,
  unit: z.enum(['usd', 'credits', 'characters']),
  /** USD for `usd` (not nanos: a display figure), else the vendor's unit. */
  remaining: z.number(),
  total: z.number().nullable(),
  used: z.number().nullable(),
  periodStart: z.string().nullable(),
  resetsAt: z.string().nullable(),
  fetchedAt: z.string(),
  warnPercent: z.number().int().min(0).max(100),
  percentLeft: z.number().nullable(),
  /** Use per day over the recent past (the period so far, or between balance reads). */
  pacePerDay: z.number().nullable(),
  /** When the balance runs out at that pace; null = not within a year or no pace. */
  runsOutAt: z.string().nullable(),
  runsOutBeforeReset: z.boolean(),
  state: z.enum(['ok', 'warning', 'exhausted']),
  origin: z.enum(['live', 'demo']),
});
export type Balance = z.output<typeof balanceSchema>;

export const adminKeyInfoSchema = z.object({
  provider: z.enum(['openai', 'anthropic']),
  present: z.boolean(),
  maskedSuffix: z.string(),
});

export const reconcileOverviewSchema = z.object({
  period: periodSchema,
  generatedAt: z.string(),
  rows: z.array(driftRowSchema),
  balances: z.array(balanceSchema),
  adminKeys: z.array(adminKeyInfoSchema),
});
export type ReconcileOverview = z.output<typeof reconcileOverviewSchema>;

export const balanceAlertEventSchema = z.object({
  alertId: z.number().int(),
  provider,
  periodKey: z.string(),
  /** The warning threshold (percent left) that was crossed; 0 = exhausted. */
  threshold: z.number().int(),
  remaining: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['usd', 'credits', 'characters']),
  resetsAt: z.string().nullable(),
});
export type BalanceAlertEvent = z.output<typeof balanceAlertEventSchema>;

export const reconcileChannels = {
  'reconcile.overview': {
    input: z.object({ period: periodSchema.optional() }).strict(),
    output: reconcileOverviewSchema,
  },
  /** Fetches the vendors' figures now (one provider, or all), then answers like overview. */
  'reconcile.refresh': {
    input: z.object({ period: periodSchema.optional(), provider: provider.optional() }).strict(),
    output: reconcileOverviewSchema,
  },
  'reconcile.setWarnPercent': {
    input: z.object({ provider, percent: z.number().int().min(0).max(100) }).strict(),
    output: z.array(balanceSchema),
  },
  'reconcile.setAdminKey': {
    input: z.object({ provider: z.enum(['openai', 'anthropic']), key: z.string().min(1).max(500) }).strict(),
    output: adminKeyInfoSchema,
  },
  'reconcile.removeAdminKey': {
    input: z.object({ provider: z.enum(['openai', 'anthropic']) }).strict(),
    output: adminKeyInfoSchema,
  },
} as const;
