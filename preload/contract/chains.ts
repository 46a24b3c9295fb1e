// The one flow: "Make a video from this piece" runs analyse → research → rewrite → speak → render as one chain
// (a parent job whose steps are ordinary workflow jobs) under a cost cap for the whole run and an approval
// threshold per step. A step that would cross the cap, or whose estimate is above the threshold, pauses the chain
// before anything is spent; approve continues it, decline stops it. The chain survives a restart.
import { z } from 'zod';
import { cancelWarningSchema, jobStateSchema, type Job } from './jobs';

const id = z.string().min(1).max(64);
const nanos = z.number().int().nonnegative();
/** At most $10,000 for one run: a typo of a few zeros is refused rather than approved. */
const MAX_CAP_NANOS = 10_000 * 1e9;

/** The parent job's kind. */
export const CHAIN_KIND = 'workflow.chain';

export const CHAIN_STEPS = ['analyse', 'research', 'rewrite', 'speak', 'render'] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];
export const CHAIN_STEP_LABELS: Record<ChainStep, string> = {
  analyse: 'Analyse',
  research: 'Research',
  rewrite: 'Rewrite script',
  speak: 'Generate voice',
  render: 'Render video',
};

const threshold = nanos.max(MAX_CAP_NANOS).nullable();

/** Per-step overrides of the run's threshold: a step listed uses its own (null: never asks), the rest the run's. */
export const stepThresholdsSchema = z
  .object(
    Object.fromEntries(CHAIN_STEPS.map((s) => [s, threshold.optional()])) as Record<
      ChainStep,
      z.ZodOptional<typeof threshold>
    >,
  )
  .strict();
export type StepThresholds = z.infer<typeof stepThresholdsSchema>;

export const chainSettingsSchema = z
  .object({
    /** The most the whole run may cost: actual so far + the next step's upper bound must fit. */
    capNanos: nanos.min(1).max(MAX_CAP_NANOS),
    /** A step whose estimate is above this asks first; null never asks. The default for every step. */
    approvalThresholdNanos: threshold,
    stepThresholdsNanos: stepThresholdsSchema.optional(),
  })
  .strict();
export type ChainSettings = z.infer<typeof chainSettingsSchema>;

export const chainStartInput = z
  .object({
    contentId: id,
    /** The ready voice that speaks the script (the piece's chosen one). */
    voiceId: id.optional(),
    /** The ready avatar that presents it. */
    avatarId: id.optional(),
    personaId: id.optional(),
    capNanos: chainSettingsSchema.shape.capNanos,
    approvalThresholdNanos: chainSettingsSchema.shape.approvalThresholdNanos,
    stepThresholdsNanos: chainSettingsSchema.shape.stepThresholdsNanos,
  })
  .strict();
export type ChainStart = z.infer<typeof chainStartInput>;

export const CHAIN_STATES = [
  'queued',
  'running',
  /** A step's estimate is above the threshold: nothing runs until it is approved or declined. */
  'awaiting_approval',
  /** The next step's upper bound would take the run over its cap: raise the cap or cancel. */
  'over_cap',
  'succeeded',
  'failed',
  /** Stopped because a step was declined. */
  'declined',
  'cancelled',
] as const;
export type ChainState = (typeof CHAIN_STATES)[number];

export const chainStepViewSchema = z.object({
  step: z.enum(CHAIN_STEPS),
  label: z.string(),
  jobId: z.string().nullable(),
  /** `pending`: not started yet. */
  state: z.union([jobStateSchema, z.literal('pending')]),
  progress: z.number().min(0).max(1),
  /** The upper bound the step was started (or is waiting) with. */
  estimateNanos: nanos.nullable(),
  actualNanos: nanos.nullable(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  /** A waiting step runs again at this time (a poll, or a rate-limit window: counted down in the UI). */
  runAfter: z.string().nullable(),
  cancelWarning: cancelWarningSchema.nullable(),
  /** The threshold this step asks above (its own, else the run's); null: it never asks. */
  thresholdNanos: nanos.nullable(),
});
export type ChainStepView = z.infer<typeof chainStepViewSchema>;

/** Why a chain is paused (the chain job keeps it in its checkpoint as `pending` until it moves on). */
export const chainPendingSchema = z.object({
  step: z.enum(CHAIN_STEPS),
  reason: z.enum(['approval', 'cap']),
  estimateNanos: nanos.nullable(),
  message: z.string(),
});
export type ChainPendingView = z.infer<typeof chainPendingSchema>;

/** The approval a chain job waits on, read from its row (the Jobs screen answers it without the chain's view). */
export function chainApprovalOf(job: Pick<Job, 'kind' | 'state' | 'checkpoint'>): ChainPendingView | null {
  if (job.kind !== CHAIN_KIND || job.state !== 'waiting') return null;
  const pending = chainPendingSchema.safeParse(job.checkpoint.pending);
  return pending.success && pending.data.reason === 'approval' ? pending.data : null;
}

export const chainViewSchema = z.object({
  id: z.string(),
  contentId: z.string(),
  state: z.enum(CHAIN_STATES),
  message: z.string().nullable(),
  error: z.string().nullable(),
  capNanos: nanos,
  approvalThresholdNanos: nanos.nullable(),
  /** The actual cost of the steps so far (every attempt). */
  spentNanos: nanos,
  /** What the chain is waiting on, when paused. */
  pending: chainPendingSchema.nullable(),
  steps: z.array(chainStepViewSchema),
  /** The finished video. */
  mediaId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChainView = z.infer<typeof chainViewSchema>;

export const chainsChannels = {
  'chains.defaults': { input: z.object({}).strict(), output: chainSettingsSchema },
  'chains.setDefaults': { input: chainSettingsSchema, output: chainSettingsSchema },
  /** Refused (not started) when the voice or avatar is missing, naming the step that makes it. */
  'chains.start': { input: chainStartInput, output: chainViewSchema },
  'chains.get': { input: z.object({ id }).strict(), output: chainViewSchema },
  /** The piece's newest chain (null: none yet), so the UI shows it after a reload. */
  'chains.latest': { input: z.object({ contentId: id }).strict(), output: chainViewSchema.nullable() },
  /** Approves the step it waits on; with capNanos, raises the cap (the way on from over_cap). */
  'chains.approve': {
    input: z.object({ id, capNanos: chainSettingsSchema.shape.capNanos.optional() }).strict(),
    output: chainViewSchema,
  },
  'chains.decline': { input: z.object({ id }).strict(), output: chainViewSchema },
  /** Cancels the chain and its running step (a submitted render is still billed: see the step's cancelWarning). */
  'chains.cancel': { input: z.object({ id }).strict(), output: chainViewSchema },
} as const;

/** The threshold a step asks above: its own override when it has one, else the run's. */
export function stepThreshold(
  settings: Pick<ChainSettings, 'approvalThresholdNanos' | 'stepThresholdsNanos'>,
  step: ChainStep,
): number | null {
  const own = settings.stepThresholdsNanos?.[step];
  return own === undefined ? settings.approvalThresholdNanos : own;
}
