// Jobs: every long step (checksum, TTS, voice clone, avatar, render) is a durable row run by a worker in main.
import { z } from 'zod';

export const JOB_STATES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobStateSchema>;
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

const id = z.string().min(1).max(64);

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: jobStateSchema,
  /** Higher runs first; ties run in the order they were queued. */
  priority: z.number().int(),
  progress: z.number().min(0).max(1),
  progressMessage: z.string().nullable(),
  /** How many times a worker has started this job (a resume after restart counts as a new attempt). */
  attempts: z.number().int().nonnegative(),
  estimatedCostNanos: z.number().int().nullable(),
  actualCostNanos: z.number().int().nullable(),
  /** Handler-owned resume state, e.g. a provider's remote id saved before polling. */
  checkpoint: z.record(z.string(), z.unknown()),
  input: z.unknown(),
  output: z.unknown().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  contentId: z.string().nullable(),
  parentId: z.string().nullable(),
  /** A waiting job is picked up again at this time (the next poll of a remote render). */
  runAfter: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

/** How a job waiting for a rate-limit window words its message (the UI counts down to its runAfter). */
export const RATE_LIMIT_WAIT_PREFIX = 'Rate limited';

/**
 * A checkpoint key a handler sets once cancelling would no longer stop the spend (a submitted render): the UI
 * shows its message before a cancel, and the cost stays on the job.
 */
export const CANCEL_WARNING_KEY = 'cancelWarning';
export const cancelWarningSchema = z.object({
  costNanos: z.number().int().nonnegative(),
  message: z.string(),
});
export type CancelWarning = z.infer<typeof cancelWarningSchema>;

/** The warning a job's checkpoint carries, if any. */
export function cancelWarningOf(job: Pick<Job, 'checkpoint'>): CancelWarning | null {
  const parsed = cancelWarningSchema.safeParse(job.checkpoint[CANCEL_WARNING_KEY]);
  return parsed.success ? parsed.data : null;
}

export const jobsChannels = {
  'jobs.list': {
    input: z
      .object({
        states: z.array(jobStateSchema).max(JOB_STATES.length).optional(),
        kind: z.string().min(1).max(100).optional(),
        contentId: id.optional(),
        parentId: id.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ jobs: z.array(jobSchema) }),
  },
  'jobs.get': { input: z.object({ id }).strict(), output: jobSchema },
  'jobs.cancel': { input: z.object({ id }).strict(), output: jobSchema },
  'jobs.retry': {
    input: z
      .object({
        id,
        /** Start over instead of resuming from the saved checkpoint (e.g. a remote id that expired). */
        resetCheckpoint: z.boolean().default(false),
      })
      .strict(),
    output: jobSchema,
  },
} as const;
