// Telemetry channels: the optional OTLP export of the ledger to a team's observability backend. Header values
// (auth) go in and never come back out: the view lists their names only.
import { z } from 'zod';

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Header names are HTTP tokens');
const headerValue = z
  .string()
  .min(1)
  .max(4000)
  .regex(/^[^\r\n\0]*$/, 'Header values cannot contain line breaks');

export const telemetryConfigSchema = z.object({
  enabled: z.boolean(),
  /** Base OTLP/HTTP endpoint; /v1/traces and /v1/metrics are appended. */
  endpoint: z.string(),
  protocol: z.enum(OTLP_PROTOCOLS),
  deviceName: z.string(),
  /** Prompts, job inputs/outputs and error texts; off = usage only. */
  includeContent: z.boolean(),
  /** Names of the headers kept in the keychain (values are never returned). */
  headerNames: z.array(z.string()),
});
export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

export const telemetryStatusSchema = z.object({
  state: z.enum(['off', 'idle', 'sending', 'retrying']),
  /** Spans waiting in the outbox. */
  backlog: z.number().int(),
  oldestQueuedAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  exportedSpans: z.number().int(),
  /** Spans dropped because the outbox hit its cap while the backend was unreachable. */
  droppedSpans: z.number().int(),
  metricsError: z.string().nullable(),
});
export type TelemetryStatus = z.infer<typeof telemetryStatusSchema>;

export const telemetryViewSchema = z.object({
  config: telemetryConfigSchema,
  status: telemetryStatusSchema,
  /** Where the headers are kept, and its warning when that is not persistent. */
  secretStore: z.object({ label: z.string(), warning: z.string().nullable() }),
});
export type TelemetryView = z.infer<typeof telemetryViewSchema>;

const empty = z.object({}).strict();

export const telemetryChannels = {
  'telemetry.get': { input: empty, output: telemetryViewSchema },
  'telemetry.configure': {
    input: z
      .object({
        enabled: z.boolean().optional(),
        endpoint: z.string().max(2000).optional(),
        protocol: z.enum(OTLP_PROTOCOLS).optional(),
        deviceName: z.string().max(200).optional(),
        includeContent: z.boolean().optional(),
        /** Replaces every stored header; [] removes them all. Omit to keep them. */
        headers: z
          .array(z.object({ name: headerName, value: headerValue }).strict())
          .max(20)
          .optional(),
      })
      .strict(),
    output: telemetryViewSchema,
  },
  /** Sends the backlog now instead of waiting for the next retry. */
  'telemetry.sendNow': { input: empty, output: telemetryViewSchema },
  /** Forgets every span still waiting to be sent. */
  'telemetry.discardBacklog': { input: empty, output: telemetryViewSchema },
} as const;
