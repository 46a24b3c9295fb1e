// Creator workflows: each provider step (analyse, research, rewrite, generate, transcribe, voice clone,
// speak, avatar, render) runs as a durable job. The renderer asks for an estimate first, then starts the job and
// follows it through the jobs events; results land in the content library.
import { z } from 'zod';
import { RESEARCH_KINDS } from './content';
import { withBoundedRange } from './range';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(200);

export const WORKFLOW_KINDS = [
  'workflow.analyse',
  'workflow.research',
  'workflow.rewrite',
  'workflow.generate',
  'workflow.transcribe',
  'workflow.voiceClone',
  'workflow.speak',
  'workflow.avatar',
  'workflow.render',
] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** A model id from the step's list (workflows.models); default: the user's, else the app's. */
const model = z.string().trim().min(1).max(100).optional();
export const analyseInput = z.object({ kind: z.literal('workflow.analyse'), contentId: id, model }).strict();
export const researchInput = z
  .object({
    kind: z.literal('workflow.research'),
    contentId: id,
    /** Defaults to the piece's title (perspectives) or its tags and platform (trends). */
    topic: z.string().trim().min(1).max(1_000).optional(),
    /** Three cited perspectives for a script, or the current trends in the piece's niche. */
    focus: z.enum(RESEARCH_KINDS).default('perspectives'),
    model,
  })
  .strict();
export const rewriteInput = z
  .object({
    kind: z.literal('workflow.rewrite'),
    contentId: id,
    /** Defaults to the piece's newest script (one is made from the transcript when there is none). */
    scriptId: id.optional(),
    personaId: id.optional(),
    /** Defaults to the piece's newest research. */
    researchId: id.optional(),
    provider: z.enum(['openai', 'anthropic']).default('openai'),
    /** Wins over `provider` when given. */
    model,
  })
  .strict();
/** The most pieces one generate step reads: keeps the prompt (and the estimate) bounded. */
export const MAX_GENERATE_PIECES = 10;
export const generateInput = z
  .object({
    kind: z.literal('workflow.generate'),
    /** The connected content: their descriptions, transcripts and newest analyses. The script links to the first. */
    contentIds: z
      .array(id)
      .min(1)
      .max(MAX_GENERATE_PIECES)
      .refine((ids) => new Set(ids).size === ids.length, 'each piece may be chosen once'),
    personaId: id.optional(),
    /** What the new script should be about or do, in the creator's words. */
    brief: z.string().trim().min(1).max(2_000).optional(),
    /** Defaults to one made from the first piece's title. */
    title: z.string().trim().min(1).max(300).optional(),
    model,
  })
  .strict();
export const transcribeInput = z
  .object({ kind: z.literal('workflow.transcribe'), contentId: id, fileId: id, model })
  .strict();
export const voiceCloneInput = z
  .object({
    kind: z.literal('workflow.voiceClone'),
    contentId: id.optional(),
    name,
    fileIds: z.array(id).min(1).max(25),
  })
  .strict();
export const speakInput = z
  .object({
    kind: z.literal('workflow.speak'),
    contentId: id.optional(),
    scriptId: id,
    /** A voice model row (ready, with an ElevenLabs voice id). */
    voiceId: id,
    /** Defaults to the script's current version. */
    version: z.number().int().positive().optional(),
    model,
  })
  .strict();
export const avatarInput = z
  .object({ kind: z.literal('workflow.avatar'), contentId: id.optional(), name, fileId: id })
  .strict();
export const renderInput = z
  .object({
    kind: z.literal('workflow.render'),
    contentId: id.optional(),
    scriptId: id,
    /** An avatar model row (ready, with a HeyGen talking photo id). */
    avatarId: id,
    /** Generated audio (e.g. the cloned voice's TTS) to lip-sync; without it HeyGen speaks the script with `heygenVoiceId`. */
    audioMediaId: id.optional(),
    heygenVoiceId: z.string().trim().min(1).max(200).optional(),
    title: z.string().trim().min(1).max(200).optional(),
    /** HeyGen prices per second by resolution (4K costs more); default 1080p. */
    resolution: z.enum(['720p', '1080p', '4k']).optional(),
    aspectRatio: z.enum(['16:9', '9:16']).optional(),
  })
  .strict();

export const workflowStartInput = z.discriminatedUnion('kind', [
  analyseInput,
  researchInput,
  rewriteInput,
  generateInput,
  transcribeInput,
  voiceCloneInput,
  speakInput,
  avatarInput,
  renderInput,
]);
/** A step as main runs it (defaults applied). */
export type WorkflowStart = z.output<typeof workflowStartInput>;
/** A step as a caller asks for it (defaults optional). */
export type WorkflowRequest = z.input<typeof workflowStartInput>;
export type WorkflowInput<K extends WorkflowKind> = Extract<WorkflowStart, { kind: K }>;

export const workflowEstimateSchema = z.object({
  kind: z.enum(WORKFLOW_KINDS),
  /** Integer nano-USD; null when the price of the step is not known. */
  estimatedCostNanos: z.number().int().nonnegative().nullable(),
  /** What the estimate is based on, e.g. "≈1,200 input tokens + 1,024 output". */
  basis: z.string(),
  /** The model the step will run on (null: not a model-priced step). */
  model: z.string().nullable(),
  /** A hard budget would be exceeded by this step: starting it is refused. */
  exceedsHardBudget: z.boolean(),
  /** A soft budget would pass 100 % (the step may still start). */
  exceedsSoftBudget: z.boolean(),
  demo: z.boolean(),
});
export type WorkflowEstimate = z.infer<typeof workflowEstimateSchema>;

/** The steps whose model can be chosen. */
export const MODEL_STEPS = [
  'workflow.analyse',
  'workflow.rewrite',
  'workflow.generate',
  'workflow.research',
  'workflow.transcribe',
  'workflow.speak',
] as const;

export const modelOptionSchema = z.object({
  provider: z.string(),
  model: z.string(),
  label: z.string(),
  /** 1 = fastest of the step's models. */
  speedRank: z.number().int().positive(),
  retiresAt: z.string().nullable(),
  shutdownAt: z.string().nullable(),
  /** Past its shutdown date: shown, but refused. */
  shutDown: z.boolean(),
  /** This step's upper-bound estimate on this model for the current input; null when refused or unpriced. */
  estimatedCostNanos: z.number().int().nonnegative().nullable(),
  cheapest: z.boolean(),
  fastest: z.boolean(),
  /** The user's default for the step (else the app's). */
  isDefault: z.boolean(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

export const modelDatesCheckSchema = z.object({
  /** When OpenAI's models list was last read (null: never). */
  checkedAt: z.string().nullable(),
  /** Models that list gives a shutdown date. */
  dated: z.number().int().nonnegative(),
  /** Why the last read failed (no key, network…): the dates read before stay in force. */
  error: z.string().nullable(),
});

export const pieceCostSchema = z.object({
  contentId: z.string(),
  /** Integer nano-USD over every ledger row the piece's steps made (retries and fallbacks included). */
  totalNanos: z.number().int(),
  attempts: z.number().int().nonnegative(),
  unpricedAttempts: z.number().int().nonnegative(),
  /** By operation (one per step), in the order the steps first ran. */
  byStep: z.array(
    z.object({
      operation: z.string(),
      costNanos: z.number().int(),
      attempts: z.number().int().nonnegative(),
      unpricedAttempts: z.number().int().nonnegative(),
    }),
  ),
});
export type PieceCost = z.infer<typeof pieceCostSchema>;

export const stepDefaultsSchema = z
  .object({
    /** ElevenLabs voice_settings for speak. */
    voiceStability: z.number().min(0).max(1),
    voiceSimilarity: z.number().min(0).max(1),
    aspectRatio: z.enum(['16:9', '9:16']),
    resolution: z.enum(['720p', '1080p', '4k']),
    /** A render whose upper-bound length passes this is refused before it is sent. */
    maxVideoSeconds: z.number().int().min(5).max(3_600),
  })
  .strict();
export type StepDefaults = z.infer<typeof stepDefaultsSchema>;

const filterLabel = z.string().min(1).max(200).optional();
export const spendByPieceInput = withBoundedRange(
  z
    .object({
      from: z.iso.datetime({ offset: true }),
      to: z.iso.datetime({ offset: true }),
      provider: filterLabel,
      integrationId: filterLabel,
      model: filterLabel,
      operation: filterLabel,
      /** Local-gateway client: a virtual key's name, or '' for the app's own calls. */
      client: z.string().max(48).optional(),
    })
    .strict(),
);
export const pieceSpendSchema = z.object({
  contentId: z.string(),
  /** Null when the piece has been deleted since (its ledger rows stay). */
  title: z.string().nullable(),
  costNanos: z.number().int(),
  calls: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  unpricedAttempts: z.number().int().nonnegative(),
});
export type PieceSpend = z.infer<typeof pieceSpendSchema>;

export const workflowsChannels = {
  /** The dashboard's spend grouped by piece (its period and filters): the sum of each piece's ledger rows. */
  'workflows.spendByPiece': {
    input: spendByPieceInput,
    output: z.object({ items: z.array(pieceSpendSchema), totalNanos: z.number().int() }),
  },
  'workflows.defaults': { input: z.object({}).strict(), output: stepDefaultsSchema },
  'workflows.setDefaults': { input: stepDefaultsSchema.partial().strict(), output: stepDefaultsSchema },
  /** What a piece has cost so far, step by step (the sum of its ledger rows). */
  'workflows.pieceCost': { input: z.object({ contentId: id }).strict(), output: pieceCostSchema },
  /**
   * Every model the step can run on, priced for this input (live comparison in the step card). OpenAI's shutdown
   * dates come from its models list, read (free) at most once a day: `dates` says when and whether it worked.
   */
  'workflows.models': {
    input: workflowStartInput,
    output: z.object({
      kind: z.enum(WORKFLOW_KINDS),
      options: z.array(modelOptionSchema),
      dates: modelDatesCheckSchema.optional(),
    }),
  },
  /** Reads OpenAI's models list now for its shutdown dates. */
  'workflows.refreshModelDates': { input: z.object({}).strict(), output: modelDatesCheckSchema },
  /** The user's default model for a step (refused when unknown or shut down). */
  'workflows.setDefaultModel': {
    input: z.object({ kind: z.enum(MODEL_STEPS), model: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({ kind: z.enum(MODEL_STEPS), model: z.string() }),
  },
  'workflows.estimate': { input: workflowStartInput, output: workflowEstimateSchema },
  'workflows.start': {
    input: workflowStartInput,
    output: z.object({ jobId: z.string(), estimate: workflowEstimateSchema }),
  },
} as const;
