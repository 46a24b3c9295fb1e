// Limit channels: per-operation hourly caps per account and per-provider request rates, plus what is in use.
import { z } from 'zod';

const providerRate = z
  .object({ perSecond: z.number().positive().max(10000), burst: z.number().int().min(1).max(10000) })
  .strict();
const hourlyMap = z.record(z.string().regex(/^[a-z0-9_.:-]{1,64}$/), z.number().int().min(1).max(1000000).nullable());

export const limitsStateSchema = z.object({
  /** Calls per hour per account, by operation; null = not limited. */
  hourly: z.record(z.string(), z.number().int().nullable()),
  /** For operations not listed. */
  defaultHourly: z.number().int(),
  providerRates: z.record(z.string(), providerRate.nullable()),
  usage: z.array(
    z.object({
      account: z.string(),
      operation: z.string(),
      used: z.number().int(),
      limit: z.number().int().nullable(),
      resetsAt: z.string().nullable(),
    }),
  ),
  /** What providers' rate-limit headers last said (windows still open). */
  learned: z.array(
    z.object({
      provider: z.string(),
      integrationId: z.string().nullable(),
      windows: z.array(z.object({ name: z.string(), remaining: z.number(), resetAt: z.string() })),
    }),
  ),
});

export const limitsChannels = {
  'limits.get': { input: z.object({}).strict(), output: limitsStateSchema },
  'limits.set': {
    input: z
      .object({
        /** Replaces the whole per-operation map. */
        hourly: hourlyMap.optional(),
        defaultHourly: z.number().int().min(1).max(1000000).optional(),
        /** Per provider; null removes the rate. Providers not named keep theirs. */
        providerRates: z.record(z.string(), providerRate.nullable()).optional(),
      })
      .strict(),
    output: limitsStateSchema,
  },
} as const;
