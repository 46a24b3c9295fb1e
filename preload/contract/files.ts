// File intake for dropped media. The renderer never hands main a path it typed: in Electron the
// preload turns a dropped File into a path (webUtils.getPathForFile); in web mode the browser
// streams the bytes to POST /api/upload. Either way main sniffs magic bytes and checks size.
import { z } from 'zod';

export const FILE_KINDS = ['audio', 'image', 'video'] as const;
export const fileKindSchema = z.enum(FILE_KINDS);
export type FileKind = z.infer<typeof fileKindSchema>;

export const FILE_PURPOSES = ['transcription', 'voice_sample', 'avatar_photo'] as const;
export const filePurposeSchema = z.enum(FILE_PURPOSES);
export type FilePurpose = z.infer<typeof filePurposeSchema>;

export interface IntakeRule {
  label: string;
  maxBytes: number;
  /** Extensions as reported by magic-byte sniffing (file-type), never taken from the file name. */
  accept: readonly string[];
  source: string;
}

const MiB = 1024 * 1024;
const MB = 1000 * 1000;
const GiB = 1024 * MiB;

/** The one table of intake limits. Renderer pre-checks with it; main enforces it. */
export const INTAKE_RULES: Readonly<Record<FilePurpose, IntakeRule>> = {
  transcription: {
    label: 'Audio or video to transcribe',
    maxBytes: 2 * GiB,
    accept: ['flac', 'mp3', 'mp4', 'm4a', 'm4v', 'mov', 'mkv', 'webm', 'ogg', 'opus', 'wav', 'aac', 'avi'],
    source:
      'Long recordings: up to 2 GiB of audio or video; its sound is extracted locally by ffmpeg and sent in chunks under OpenAI /v1/audio/transcriptions 25 MiB per request (help.openai.com/7031512, spec CreateTranscriptionRequest; research/providers-llm.md §1.4)',
  },
  voice_sample: {
    label: 'Voice sample',
    maxBytes: 10 * MB,
    accept: ['mp3', 'wav', 'm4a', 'flac', 'ogg', 'opus', 'aac'],
    source:
      'ElevenLabs instant voice cloning: the API spec sets no per-file cap; 10 MB per sample is the cap common clients apply, and 1-2 min of clean audio is what the docs recommend (research/providers-media.md §1)',
  },
  avatar_photo: {
    label: 'Avatar photo',
    maxBytes: 10 * MB,
    accept: ['png', 'jpg'],
    source:
      'HeyGen photo avatars: upload takes image/png or image/jpeg, JPG/PNG up to 50 MB (limits page); we cap at 10 MB, well inside it (research/providers-media.md §2)',
  },
};

/** A limit as it is defined: "25 MiB" for binary limits, "10 MB" for decimal ones. */
export function describeLimit(bytes: number): string {
  if (bytes % GiB === 0) return `${bytes / GiB} GiB`;
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${Number((bytes / MB).toFixed(1))} MB`;
}

/** Why a file was refused; carried in the error's details.reason. */
export const FILE_INTAKE_REASONS = [
  'wrong_type',
  'too_large',
  'empty',
  'directory',
  'fifo',
  'device',
  'socket',
  'not_regular',
  'missing',
  'unreadable',
  'changed',
  'not_absolute',
  'no_path',
  'web_mode_upload_only',
] as const;
export type FileIntakeReason = (typeof FILE_INTAKE_REASONS)[number];

export const registeredFileSchema = z.object({
  id: z.string(),
  /** Display name only (the dropped file's name); never used to find the file. */
  name: z.string(),
  size: z.number().int().nonnegative(),
  kind: fileKindSchema,
  mime: z.string(),
  ext: z.string(),
  purpose: filePurposeSchema,
  /** local = read in place from the user's disk; upload = bytes received in web mode, kept in the data folder. */
  origin: z.enum(['local', 'upload']),
  sha256: z.string().nullable(),
  /** The integrity job (files.checksum) queued at registration. */
  checksumJobId: z.string().nullable(),
  createdAt: z.string(),
});
export type RegisteredFile = z.infer<typeof registeredFileSchema>;

const id = z.string().min(1).max(64);

export const filesChannels = {
  /** Electron only: called by preload with the path of a dropped File. Web mode uploads instead. */
  'files.register': {
    input: z.object({ path: z.string().min(1).max(4096), purpose: filePurposeSchema }).strict(),
    output: registeredFileSchema,
  },
  'files.get': { input: z.object({ id }).strict(), output: registeredFileSchema },
  'files.list': {
    input: z
      .object({ purpose: filePurposeSchema.optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    output: z.object({ files: z.array(registeredFileSchema) }),
  },
  /** Forgets a file; an uploaded copy in the data folder is deleted, a local file is left alone. */
  'files.remove': { input: z.object({ id }).strict(), output: z.object({ removed: z.boolean() }) },
} as const;

/** Web mode: raw bytes, `Content-Type: application/octet-stream`, query `purpose` and `name`. */
export const UPLOAD_PATH = '/api/upload';

/** What preload exposes as window.aicon.files.register: takes the File itself, never a path. */
export interface FilesBridge {
  register(file: File, purpose: FilePurpose): Promise<RegisteredFile>;
}
