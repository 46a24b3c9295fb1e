// workflow.transcribe: a registered audio or video file transcribed by OpenAI into a new version of the piece's
// transcript (never over a typed one). A small WAV/MP3/FLAC/M4A goes as it is; anything else — a video, a long
// recording up to 2 GB — has its sound cut by the system's ffmpeg into compact chunks under the 25 MiB upload
// limit, transcribed one by one. Each chunk's text is checkpointed as it lands, so a restart resumes at the next
// untranscribed chunk and never pays for a chunk twice. The app never holds the recording in memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredFile } from '../../preload/contract/files';
import { measureAudioDurationSeconds } from '../providers/shared/audio-duration';
import { transcribeAudio } from '../providers/openai/client';
import {
  CHUNK_BYTES_SETTING,
  chunkAt,
  chunkBytes,
  planChunks,
  sendsDirectly,
  type ChunkPlan,
} from '../recordings/chunks';
import {
  CHUNK_AUDIO,
  extractAudioChunk,
  FFMPEG_PATH_SETTING,
  locateMediaTools,
  probeMedia,
  type MediaTools,
} from '../recordings/ffmpeg';
import { stepModel, type WorkflowDeps } from './deps';
import { usableFile } from './files';
import { callContext, workflowHandler } from './handler';

export const TRANSCRIBABLE_KINDS = ['audio', 'video'] as const;

export type TranscriptionRoute = { mode: 'direct'; seconds: number } | { mode: 'chunked'; plan: ChunkPlan };

export const mediaToolsOf = (d: Pick<WorkflowDeps, 'settings'>): MediaTools =>
  locateMediaTools(d.settings.get<string | null>(FFMPEG_PATH_SETTING, null));

/** How this file will be transcribed (the estimate and the job decide alike). */
export async function transcriptionRoute(
  d: Pick<WorkflowDeps, 'settings'>,
  file: RegisteredFile,
  path: string,
): Promise<TranscriptionRoute> {
  const maxBytes = chunkBytes(d.settings.get<unknown>(CHUNK_BYTES_SETTING, undefined));
  if (sendsDirectly(file, maxBytes)) {
    const seconds = await measureAudioDurationSeconds(path);
    if (seconds !== undefined) return { mode: 'direct', seconds };
  }
  const probed = await probeMedia(mediaToolsOf(d), path, file.name);
  return { mode: 'chunked', plan: planChunks(probed.durationSeconds, maxBytes) };
}

interface TranscribeCheckpoint extends Record<string, unknown> {
  route: TranscriptionRoute;
  /** The text of each chunk done so far, in order. */
  texts: string[];
}

export function transcribeHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.transcribe', TranscribeCheckpoint>('workflow.transcribe', async (ctx) => {
    const piece = d.content.pieces.get(ctx.input.contentId);
    const model = stepModel(d, 'workflow.transcribe', ctx.input.model).model;
    const { file, path } = await usableFile(d, ctx.input.fileId, TRANSCRIBABLE_KINDS, 'Transcription');
    const saved = ctx.checkpoint();
    // The plan is fixed at the first run: a setting changed before a resume must not shift chunk borders.
    const route = saved.route ?? (await transcriptionRoute(d, file, path));
    if (!saved.route) ctx.saveCheckpoint({ route, texts: [] });
    const texts = [...(saved.texts ?? [])];
    const t = await d.providers.target('openai');
    const transcribe = async (filePath: string) => {
      const r = await transcribeAudio(
        t.gateway,
        t.credential,
        { filePath, model },
        { ...callContext(ctx), operation: 'transcription' },
      );
      ctx.addActualCost(r.costNanos ?? 0);
      return r.value.text.trim();
    };

    if (route.mode === 'direct') {
      ctx.progress(0.1, `Transcribing ${file.name}`);
      if (texts.length === 0) {
        texts.push(await transcribe(path));
        ctx.saveCheckpoint({ texts });
      }
    } else {
      const { plan } = route;
      const tools = mediaToolsOf(d);
      const dir = await mkdtemp(join(tmpdir(), 'aicon-chunks-'));
      try {
        for (let i = texts.length; i < plan.count; i++) {
          ctx.signal.throwIfAborted();
          ctx.progress(i / plan.count, `Transcribing ${file.name}: part ${i + 1} of ${plan.count}`);
          const out = join(dir, `part-${i}.${CHUNK_AUDIO.ext}`);
          await extractAudioChunk(tools, path, chunkAt(plan, i), out, ctx.signal);
          texts.push(await transcribe(out));
          ctx.saveCheckpoint({ texts });
          await rm(out, { force: true });
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    const text = texts.filter((s) => s !== '').join('\n\n');
    const version = d.content.transcripts.add(piece.id, {
      body: text,
      origin: 'transcription',
      model,
      fileId: file.id,
      jobId: ctx.job.id,
    });
    d.content.pieceFiles.attach(piece.id, file.id);
    if (piece.sourceFileId === null) d.content.pieces.update(piece.id, { sourceFileId: file.id });
    return {
      contentId: piece.id,
      fileId: file.id,
      characters: text.length,
      chunks: texts.length,
      transcriptVersion: version?.version ?? null,
      demo: t.demo,
    };
  });
}
