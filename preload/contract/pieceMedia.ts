// A piece's own files and transcripts: the files dropped for it (kept with the piece, so a reload shows them
// again), its transcript's versions (a transcription adds one; a typed transcript is never overwritten), and
// the gallery's extras for generated media (a video's thumbnail, "show in folder" on the desktop).
import { z } from 'zod';
import { contentPieceSchema, diffLineSchema } from './content';
import { registeredFileSchema } from './files';

const id = z.string().min(1).max(64);
const version = z.number().int().positive();

export const TRANSCRIPT_ORIGINS = ['manual', 'transcription', 'restore'] as const;
export const transcriptVersionSchema = z.object({
  contentId: z.string(),
  version,
  body: z.string(),
  origin: z.enum(TRANSCRIPT_ORIGINS),
  model: z.string().nullable(),
  fileId: z.string().nullable(),
  jobId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type TranscriptVersion = z.infer<typeof transcriptVersionSchema>;

const pieceFiles = z.object({ files: z.array(registeredFileSchema) });

export const pieceMediaChannels = {
  /** The files dropped for a piece, newest first (a file removed from the registry drops out). */
  'pieceFiles.list': { input: z.object({ contentId: id }).strict(), output: pieceFiles },
  'pieceFiles.attach': { input: z.object({ contentId: id, fileId: id }).strict(), output: pieceFiles },
  'pieceFiles.detach': { input: z.object({ contentId: id, fileId: id }).strict(), output: pieceFiles },

  /** Oldest first; the piece's transcript is the last one's body. */
  'transcripts.versions': {
    input: z.object({ contentId: id }).strict(),
    output: z.object({ items: z.array(transcriptVersionSchema) }),
  },
  'transcripts.diff': {
    input: z.object({ contentId: id, from: version, to: version }).strict(),
    output: z.object({
      from: version,
      to: version,
      added: z.number().int(),
      removed: z.number().int(),
      lines: z.array(diffLineSchema),
    }),
  },
  /** Makes an earlier version current again, as a new version (nothing is lost; undo = restore the previous). */
  'transcripts.restore': { input: z.object({ contentId: id, version }).strict(), output: contentPieceSchema },

  /** A small JPEG of a generated video (ffmpeg frame grab, cached), as a data: URL; null for audio. */
  'media.thumbnail': {
    input: z.object({ id }).strict(),
    output: z.object({ dataUrl: z.string().nullable() }),
  },
  /** Desktop: shows the media file in the system file manager. Web mode answers revealed: false. */
  'media.reveal': { input: z.object({ id }).strict(), output: z.object({ revealed: z.boolean() }) },
} as const;

export const recordingToolsSchema = z.object({
  /** The path set in Settings; null = looked up on PATH. */
  ffmpegPath: z.string().nullable(),
  /** Where ffmpeg and ffprobe were found, or why not (with how to install them). */
  found: z.object({ ffmpeg: z.string(), ffprobe: z.string() }).nullable(),
  problem: z.string().nullable(),
  /** The byte budget of one transcription chunk (under OpenAI's 25 MiB upload limit). */
  chunkMaxBytes: z.number().int().positive(),
});
export type RecordingTools = z.infer<typeof recordingToolsSchema>;

export const recordingsChannels = {
  'recordings.tools': { input: z.object({}).strict(), output: recordingToolsSchema },
  /** ffmpegPath: an absolute path to a file named ffmpeg (ffprobe beside it), or null for PATH. */
  'recordings.setTools': {
    input: z
      .object({
        ffmpegPath: z.string().trim().min(1).max(4096).nullable().optional(),
        chunkMaxBytes: z
          .number()
          .int()
          .min(8_000)
          .max(24 * 1024 * 1024)
          .optional(),
      })
      .strict(),
    output: recordingToolsSchema,
  },
} as const;
