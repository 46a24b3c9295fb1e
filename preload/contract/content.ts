// Content library: pieces, their analyses and research, personas, versioned scripts, voice and
// avatar models, generated media. Provider steps write analyses/research/media from main; the
// renderer reads them and edits what a person authors (pieces, personas, scripts).
import { z } from 'zod';
import { providerIdSchema } from './integrations';

const id = z.string().min(1).max(64);
const shortText = (max: number) => z.string().trim().max(max);
const tag = z.string().trim().min(1).max(50);
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL');

export const PLATFORMS = [
  'youtube',
  'tiktok',
  'instagram',
  'linkedin',
  'x',
  'facebook',
  'podcast',
  'blog',
  'other',
] as const;
export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

export const contentPieceSchema = z.object({
  id: z.string(),
  title: z.string(),
  platform: platformSchema,
  url: z.string().nullable(),
  description: z.string(),
  transcript: z.string(),
  tags: z.array(z.string()),
  /** Made by demo mode against the built-in fakes, not by a real provider. */
  demo: z.boolean(),
  sourceFileId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContentPiece = z.infer<typeof contentPieceSchema>;

const contentFields = {
  title: shortText(300).min(1),
  platform: platformSchema,
  url: httpUrl.nullable(),
  description: shortText(10_000),
  transcript: z.string().max(500_000),
  tags: z.array(tag).max(30),
  sourceFileId: id.nullable(),
};

export const contentCreateSchema = z
  .object({
    ...contentFields,
    platform: contentFields.platform.default('other'),
    url: contentFields.url.default(null),
    description: contentFields.description.default(''),
    transcript: contentFields.transcript.default(''),
    tags: contentFields.tags.default([]),
    sourceFileId: contentFields.sourceFileId.default(null),
  })
  .strict();
export type ContentCreate = z.output<typeof contentCreateSchema>;
export const contentPatchSchema = z.object(contentFields).partial().strict();
export type ContentPatch = z.output<typeof contentPatchSchema>;

/** The structured analysis an LLM must return; provider output is parsed with this before it is stored. */
export const analysisSchema = z.object({
  hook: z.string().max(5_000),
  body: z.string().max(20_000),
  cta: z.string().max(5_000),
  style: z.string().max(5_000),
  hashtags: z.array(z.string().max(200)).max(100),
  mentions: z.array(z.string().max(200)).max(100),
  engagementScore: z.number().min(0).max(100),
  trendingElements: z.array(z.string().max(500)).max(100),
});
export type Analysis = z.infer<typeof analysisSchema>;

export const analysisRecordSchema = z.object({
  id: z.string(),
  contentId: z.string(),
  /** The provider that actually served the answer (after any fallback). */
  provider: providerIdSchema,
  model: z.string().nullable(),
  analysis: analysisSchema,
  demo: z.boolean(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
});
export type AnalysisRecord = z.infer<typeof analysisRecordSchema>;

export const citationSchema = z.object({
  url: httpUrl,
  title: z.string().max(500).nullable(),
  /** A sentence from the page (Exa highlights); absent on Perplexity's citations and older records. */
  snippet: z.string().max(2_000).nullable().optional(),
});
export const perspectiveSchema = z.object({
  title: z.string().max(500),
  summary: z.string().max(20_000),
  citations: z.array(citationSchema).max(100),
});
export type Perspective = z.infer<typeof perspectiveSchema>;
export const RESEARCH_KINDS = ['perspectives', 'trends'] as const;

export const researchRecordSchema = z.object({
  id: z.string(),
  contentId: z.string().nullable(),
  kind: z.enum(RESEARCH_KINDS),
  topic: z.string(),
  perspectives: z.array(perspectiveSchema),
  provider: providerIdSchema,
  model: z.string().nullable(),
  demo: z.boolean(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
});
export type ResearchRecord = z.infer<typeof researchRecordSchema>;

const lines = z.array(z.string().trim().min(1).max(2_000)).max(100);
const personaFields = {
  name: shortText(200).min(1),
  voice: shortText(5_000),
  audience: shortText(5_000),
  dos: lines,
  donts: lines,
  samplePosts: z.array(z.string().trim().min(1).max(10_000)).max(50),
};
export const personaSchema = z.object({
  id: z.string(),
  name: z.string(),
  voice: z.string(),
  audience: z.string(),
  dos: z.array(z.string()),
  donts: z.array(z.string()),
  samplePosts: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Persona = z.infer<typeof personaSchema>;
export const personaCreateSchema = z
  .object({
    ...personaFields,
    voice: personaFields.voice.default(''),
    audience: personaFields.audience.default(''),
    dos: personaFields.dos.default([]),
    donts: personaFields.donts.default([]),
    samplePosts: personaFields.samplePosts.default([]),
  })
  .strict();
export type PersonaCreate = z.output<typeof personaCreateSchema>;
export const personaPatchSchema = z.object(personaFields).partial().strict();

export const SCRIPT_ORIGINS = ['manual', 'rewrite', 'generate'] as const;
export const scriptBody = z.string().max(200_000);
export const scriptSchema = z.object({
  id: z.string(),
  title: z.string(),
  contentId: z.string().nullable(),
  personaId: z.string().nullable(),
  currentVersion: z.number().int().positive(),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Script = z.infer<typeof scriptSchema>;
export const scriptVersionSchema = z.object({
  scriptId: z.string(),
  version: z.number().int().positive(),
  body: z.string(),
  note: z.string().nullable(),
  origin: z.enum(SCRIPT_ORIGINS),
  provider: providerIdSchema.nullable(),
  model: z.string().nullable(),
  demo: z.boolean(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
});
export type ScriptVersion = z.infer<typeof scriptVersionSchema>;
export const diffLineSchema = z.object({
  op: z.enum(['equal', 'add', 'remove']),
  text: z.string(),
  /** 1-based line numbers in the old and new version (null on the side the line is absent from). */
  fromLine: z.number().int().nullable(),
  toLine: z.number().int().nullable(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const MODEL_STATUSES = ['pending', 'ready', 'failed'] as const;
export const voiceModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.literal('elevenlabs'),
  remoteId: z.string().nullable(),
  status: z.enum(MODEL_STATUSES),
  errorMessage: z.string().nullable(),
  sampleFileIds: z.array(z.string()),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VoiceModel = z.infer<typeof voiceModelSchema>;
export const avatarModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.literal('heygen'),
  remoteId: z.string().nullable(),
  status: z.enum(MODEL_STATUSES),
  errorMessage: z.string().nullable(),
  photoFileIds: z.array(z.string()),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AvatarModel = z.infer<typeof avatarModelSchema>;

export const MEDIA_KINDS = ['audio', 'video', 'image'] as const;
export const mediaSchema = z.object({
  id: z.string(),
  kind: z.enum(MEDIA_KINDS),
  mime: z.string(),
  /** File name inside the data folder's media/ directory. */
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  durationSeconds: z.number().nonnegative().nullable(),
  contentId: z.string().nullable(),
  scriptId: z.string().nullable(),
  jobId: z.string().nullable(),
  provider: providerIdSchema.nullable(),
  remoteId: z.string().nullable(),
  demo: z.boolean(),
  createdAt: z.string(),
});
export type GeneratedMedia = z.infer<typeof mediaSchema>;

const byId = z.object({ id }).strict();
const deleted = z.object({ deleted: z.boolean() });
const remoteId = z.string().trim().min(1).max(200);

export const contentChannels = {
  'content.create': { input: contentCreateSchema, output: contentPieceSchema },
  'content.get': { input: byId, output: contentPieceSchema },
  'content.update': { input: z.object({ id, patch: contentPatchSchema }).strict(), output: contentPieceSchema },
  'content.delete': { input: byId, output: deleted },
  'content.list': {
    input: z
      .object({
        /** Full-text search over title, description, transcript and tags (prefix match per word). */
        query: z.string().max(200).optional(),
        platform: platformSchema.optional(),
        tag: tag.optional(),
        demo: z.boolean().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(contentPieceSchema), total: z.number().int() }),
  },

  'analyses.list': {
    input: z.object({ contentId: id }).strict(),
    output: z.object({ items: z.array(analysisRecordSchema) }),
  },
  'analyses.get': { input: byId, output: analysisRecordSchema },
  'analyses.delete': { input: byId, output: deleted },

  'research.list': {
    input: z.object({ contentId: id.optional(), kind: z.enum(RESEARCH_KINDS).optional() }).strict(),
    output: z.object({ items: z.array(researchRecordSchema) }),
  },
  'research.get': { input: byId, output: researchRecordSchema },
  'research.delete': { input: byId, output: deleted },
  /**
   * Opens one of a research result's cited pages in the OS browser (desktop); only URLs that result cites are
   * accepted. `opened: false` (web mode, no shell): the page opens it in a new tab itself.
   */
  'research.openSource': {
    input: z.object({ id, url: httpUrl }).strict(),
    output: z.object({ opened: z.boolean(), url: z.string() }),
  },

  'personas.create': { input: personaCreateSchema, output: personaSchema },
  'personas.get': { input: byId, output: personaSchema },
  'personas.list': { input: z.object({}).strict(), output: z.object({ items: z.array(personaSchema) }) },
  'personas.update': { input: z.object({ id, patch: personaPatchSchema }).strict(), output: personaSchema },
  'personas.delete': { input: byId, output: deleted },

  'scripts.create': {
    input: z
      .object({
        title: shortText(300).min(1),
        body: scriptBody,
        contentId: id.nullable().default(null),
        personaId: id.nullable().default(null),
        note: shortText(500).nullable().default(null),
      })
      .strict(),
    output: scriptSchema,
  },
  'scripts.get': { input: byId, output: scriptSchema },
  'scripts.list': {
    input: z.object({ contentId: id.optional() }).strict(),
    output: z.object({ items: z.array(scriptSchema) }),
  },
  /** A changed body becomes a new version; a title-only change does not. */
  'scripts.update': {
    input: z
      .object({
        id,
        title: shortText(300).min(1).optional(),
        body: scriptBody.optional(),
        note: shortText(500).nullable().default(null),
      })
      .strict(),
    output: scriptSchema,
  },
  'scripts.versions': { input: byId, output: z.object({ items: z.array(scriptVersionSchema) }) },
  'scripts.diff': {
    input: z.object({ id, from: z.number().int().positive(), to: z.number().int().positive() }).strict(),
    output: z.object({
      from: z.number().int(),
      to: z.number().int(),
      added: z.number().int(),
      removed: z.number().int(),
      lines: z.array(diffLineSchema),
    }),
  },
  'scripts.delete': { input: byId, output: deleted },

  /** Registers a voice that already exists at ElevenLabs; cloning from samples is a provider job. */
  'voices.create': {
    input: z.object({ name: shortText(200).min(1), remoteId }).strict(),
    output: voiceModelSchema,
  },
  'voices.get': { input: byId, output: voiceModelSchema },
  'voices.list': { input: z.object({}).strict(), output: z.object({ items: z.array(voiceModelSchema) }) },
  'voices.update': { input: z.object({ id, name: shortText(200).min(1) }).strict(), output: voiceModelSchema },
  'voices.delete': { input: byId, output: deleted },

  /** Registers a talking photo that already exists at HeyGen; creating one from photos is a provider job. */
  'avatars.create': {
    input: z.object({ name: shortText(200).min(1), remoteId }).strict(),
    output: avatarModelSchema,
  },
  'avatars.get': { input: byId, output: avatarModelSchema },
  'avatars.list': { input: z.object({}).strict(), output: z.object({ items: z.array(avatarModelSchema) }) },
  'avatars.update': { input: z.object({ id, name: shortText(200).min(1) }).strict(), output: avatarModelSchema },
  'avatars.delete': { input: byId, output: deleted },

  'media.list': {
    input: z
      .object({ contentId: id.optional(), scriptId: id.optional(), kind: z.enum(MEDIA_KINDS).optional() })
      .strict(),
    output: z.object({ items: z.array(mediaSchema) }),
  },
  'media.get': { input: byId, output: mediaSchema },
  /** Deletes the record and its file in the data folder. */
  'media.delete': { input: byId, output: deleted },
} as const;
