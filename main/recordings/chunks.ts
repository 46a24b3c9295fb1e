// How a recording is cut for transcription. OpenAI takes at most 25 MiB per request (spec + help centre,
// research/providers-llm.md §1.4); chunks are compact 16 kHz mono MP3 at 4,000 bytes a second, sized to a
// byte budget under that limit (a setting, so tests can force many chunks) and to at most 20 minutes, which
// keeps each request inside the duration limits the gpt-4o transcribe models apply (help centre: "duration or
// token limits"; no figure in the spec) and bounds what one retry re-sends.
import type { RegisteredFile } from '../../preload/contract/files';
import { TRANSCRIPTION_MAX_BYTES } from '../providers/openai/client';
import { CHUNK_AUDIO } from './ffmpeg';

/** Settings key: the byte budget of one chunk (default 24 MiB). */
export const CHUNK_BYTES_SETTING = 'transcription.chunkMaxBytes';
export const DEFAULT_CHUNK_BYTES = 24 * 1024 * 1024;
export const MAX_CHUNK_SECONDS = 20 * 60;
/** MP3 frames, the ID3 header and encoder padding stay inside this share of the budget. */
const HEADROOM = 0.9;

export interface ChunkPlan {
  durationSeconds: number;
  chunkSeconds: number;
  count: number;
}

export interface Chunk {
  index: number;
  startSeconds: number;
  seconds: number;
}

/** The budget from the setting, kept between 2 s of audio and OpenAI's limit less 1 MiB. */
export function chunkBytes(setting: unknown): number {
  const n = typeof setting === 'number' && Number.isFinite(setting) ? Math.floor(setting) : DEFAULT_CHUNK_BYTES;
  return Math.min(TRANSCRIPTION_MAX_BYTES - 1024 * 1024, Math.max(2 * CHUNK_AUDIO.bytesPerSecond, n));
}

export function planChunks(durationSeconds: number, maxBytes: number): ChunkPlan {
  const chunkSeconds = Math.min(
    MAX_CHUNK_SECONDS,
    Math.max(1, Math.floor((maxBytes * HEADROOM) / CHUNK_AUDIO.bytesPerSecond)),
  );
  return { durationSeconds, chunkSeconds, count: Math.max(1, Math.ceil(durationSeconds / chunkSeconds)) };
}

export function chunkAt(plan: ChunkPlan, index: number): Chunk {
  const startSeconds = index * plan.chunkSeconds;
  return { index, startSeconds, seconds: Math.min(plan.chunkSeconds, plan.durationSeconds - startSeconds) };
}

export const chunksOf = (plan: ChunkPlan): Chunk[] => Array.from({ length: plan.count }, (_, i) => chunkAt(plan, i));

/** Formats OpenAI takes as they are and whose length the app reads from the headers (no ffmpeg needed). */
const DIRECT_EXTENSIONS = new Set(['wav', 'mp3', 'flac', 'm4a']);

/** A small audio file in one of those formats is sent as it is; anything else goes through ffmpeg in chunks. */
export const sendsDirectly = (file: RegisteredFile, maxBytes: number): boolean =>
  file.kind === 'audio' && file.size <= maxBytes && DIRECT_EXTENSIONS.has(file.ext);
