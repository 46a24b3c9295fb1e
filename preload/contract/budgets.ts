// Budget channels: CRUD, live status (spent, held, % used, burn rate, projection) and the alert history.
import { z } from 'zod';

const id = z.number().int().positive();
const nanos = z.number().int();
export const budgetScopeSchema = z.enum(['overall', 'provider', 'integration']);
export const budgetPeriodSchema = z.enum(['month', 'day']);
export const budgetModeSchema = z.enum(['hard', 'soft']);
const thresholds = z.array(z.number().int().min(1).max(1000)).min(1).max(10);

export const budgetSchema = z.object({
  id,
  scope: budgetScopeSchema,
  /** Provider id or integration id; '' for overall. */
  scopeId: z.string(),
  period: budgetPeriodSchema,
  limitNanos: nanos,
  /** hard = calls that could overshoot are refused; soft = alerts only. */
  mode: budgetModeSchema,
  thresholds: z.array(z.number().int()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const budgetStatusSchema = z.object({
  budget: budgetSchema,
  periodKey: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  spentNanos: nanos,
  /** Worst-case holds of calls in flight. */
  reservedNanos: nanos,
  /** Calls in the period without a price: not included in spentNanos. */
  unpricedAttempts: z.number().int(),
  percentUsed: z.number(),
  burnRateNanosPerDay: nanos,
  /** spent + burn rate x time left in the period. */
  projectedNanos: nanos,
  projectedPercent: z.number(),
  state: z.enum(['ok', 'warning', 'exceeded']),
  thresholdsReached: z.array(z.number().int()),
});

export const budgetAlertSchema = z.object({
  id,
  budgetId: id,
  scope: budgetScopeSchema,
  scopeId: z.string(),
  period: budgetPeriodSchema,
  periodKey: z.string(),
  threshold: z.number().int(),
  spentNanos: nanos,
  limitNanos: nanos,
  mode: budgetModeSchema,
  createdAt: z.string(),
});

const budgetFields = {
  scope: budgetScopeSchema,
  scopeId: z.string().max(200).optional(),
  period: budgetPeriodSchema,
  limitNanos: z.number().int().positive(),
  mode: budgetModeSchema,
  thresholds: thresholds.optional(),
  enabled: z.boolean().optional(),
};

/** A per-operation cap: the worst case reserved for a call whose cost cannot be bounded from its inputs. */
export const operationCapSchema = z.object({
  provider: z.string(),
  /** The ledger endpoint, e.g. "messages.create". */
  endpoint: z.string(),
  capNanos: nanos,
  updatedAt: z.string(),
});

export const budgetsChannels = {
  'budgets.caps.list': { input: z.object({}).strict(), output: z.array(operationCapSchema) },
  /** capNanos null removes the cap. */
  'budgets.caps.set': {
    input: z
      .object({
        provider: z.string().min(1).max(40),
        endpoint: z.string().min(1).max(200),
        capNanos: z.number().int().positive().nullable(),
      })
      .strict(),
    output: z.array(operationCapSchema),
  },
  'budgets.list': { input: z.object({}).strict(), output: z.array(budgetSchema) },
  'budgets.create': { input: z.object(budgetFields).strict(), output: budgetSchema },
  'budgets.update': {
    input: z
      .object({
        id,
        scope: budgetScopeSchema.optional(),
        scopeId: z.string().max(200).optional(),
        period: budgetPeriodSchema.optional(),
        limitNanos: z.number().int().positive().optional(),
        mode: budgetModeSchema.optional(),
        thresholds: thresholds.optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    output: budgetSchema,
  },
  'budgets.delete': { input: z.object({ id }).strict(), output: z.object({ deleted: z.boolean() }) },
  'budgets.status': {
    input: z.object({ at: z.iso.datetime({ offset: true }).optional() }).strict(),
    output: z.array(budgetStatusSchema),
  },
  'budgets.alerts': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        since: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    output: z.array(budgetAlertSchema),
  },
} as const;

/** Payload of the `budget.alert` event (a threshold crossed for the first time this period). */
export const budgetAlertEventSchema = z.object({
  alertId: id,
  budgetId: id,
  scope: budgetScopeSchema,
  scopeId: z.string(),
  period: budgetPeriodSchema,
  periodKey: z.string(),
  threshold: z.number().int(),
  spentNanos: nanos,
  limitNanos: nanos,
  mode: budgetModeSchema,
});
