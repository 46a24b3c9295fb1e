// Local gateway channels: status and settings of the loopback server other tools call, virtual keys (minted
// here, shown once) with their spend, and the recent calls feed. Money is integer nano-USD.
import { z } from 'zod';

const nanos = z.number().int();
const providerId = z.enum([
  'openai',
  'anthropic',
  'perplexity',
  'openrouter',
  'elevenlabs',
  'heygen',
  'exa',
  'twilio',
  'sendgrid',
  'apollo',
]);
const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port]');

export const localGatewayStatusSchema = z.object({
  enabled: z.boolean(),
  port: z.number().int(),
  allowedOrigins: z.array(z.string()),
  running: z.boolean(),
  url: z.string().nullable(),
  /** Why it is not running (port taken), else null. */
  error: z.string().nullable(),
});

export const virtualKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string(),
  providers: z.array(providerId),
  budgetDayNanos: nanos.nullable(),
  budgetMonthNanos: nanos.nullable(),
  ratePerMinute: z.number().int().nullable(),
  captureBodies: z.boolean(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});

export const virtualKeyWithSpendSchema = virtualKeySchema.extend({
  spentDayNanos: nanos,
  spentMonthNanos: nanos,
  callsMonth: z.number().int(),
  unpricedMonth: z.number().int(),
});

export const gatewayCallSchema = z.object({
  callId: z.string(),
  ts: z.number(),
  client: z.string(),
  provider: providerId,
  method: z.string(),
  endpoint: z.string(),
  model: z.string().nullable(),
  status: z.number().int().nullable(),
  latencyMs: z.number(),
  costNanos: nanos.nullable(),
  costSource: z.string(),
  estimated: z.boolean(),
});

const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().optional();

export const localGatewayChannels = {
  'localGateway.status': { input: z.object({}).strict(), output: localGatewayStatusSchema },
  'localGateway.configure': {
    input: z
      .object({
        enabled: z.boolean().optional(),
        port: z.number().int().min(1024).max(65535).optional(),
        allowedOrigins: z.array(origin).max(20).optional(),
      })
      .strict(),
    output: localGatewayStatusSchema,
  },
  'localGateway.keys': { input: z.object({}).strict(), output: z.array(virtualKeyWithSpendSchema) },
  'localGateway.mint': {
    input: z
      .object({
        name: z.string().min(1).max(48),
        providers: z.array(providerId).min(1),
        budgetDayNanos: positive,
        budgetMonthNanos: positive,
        ratePerMinute: z.number().int().positive().max(100000).nullable().optional(),
        expiresAt: z.number().int().positive().nullable().optional(),
        captureBodies: z.boolean().optional(),
      })
      .strict(),
    /** `secret` is shown once: it is stored only as a hash. */
    output: z.object({ key: virtualKeySchema, secret: z.string() }),
  },
  'localGateway.revoke': { input: z.object({ id: z.string().min(1).max(40) }).strict(), output: virtualKeySchema },
  'localGateway.feed': { input: z.object({}).strict(), output: z.array(gatewayCallSchema) },
} as const;
