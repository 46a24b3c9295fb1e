// Long recordings: a video's sound is cut by the system's ffmpeg into chunks under the upload limit (a tiny
// chunk setting forces several here), transcribed one by one into a new transcript version (the typed one
// stays), estimated from the duration as an upper bound for every transcription model, resumed after a
// restart at the next untranscribed chunk without re-sending done ones; a file that is not media and a
// missing ffmpeg each get a clear typed error.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../main/app';
import { isAppError } from '../../../main/core/errors';
import { CHUNK_BYTES_SETTING, planChunks } from '../../../main/recordings/chunks';
import { FFMPEG_PATH_SETTING, locateMediaTools, probeMedia } from '../../../main/recordings/ffmpeg';
import { STEP_MODELS } from '../../../main/workflows/models';
import { openApp, removeDir, runStep, start, startFakes, tempDir, type Fakes } from './harness';

/** ffmpeg runs once per chunk: room for a busy machine (a limit, not a measurement). */
const SLOW = 180_000;

/** 5 s of 160x90 test video with a tone: small (a few kB), made with the same ffmpeg the app uses. */
function makeRecording(dir: string, name: string, seconds: number): string {
  const out = join(dir, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=160x90:rate=5:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=330:sample_rate=16000:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    out,
  ]);
  return out;
}

/** 8,000 bytes a chunk: 1 s of the compact MP3 each after headroom (planChunks), so 5 s make 5 parts. */
const TINY_CHUNK_BYTES = 8_000;
const RECORDING_SECONDS = 5;

let fakes: Fakes;
let dir: string;
let recording: string;

const transcriptionRequests = () => fakes.openai.requests.filter((r) => r.path === '/v1/audio/transcriptions');

async function flushLedger(app: AppServices) {
  await app.providers.target('openai').then((t) => t.gateway.flush());
}

const ledgerRows = (app: AppServices, jobId: string) =>
  app.db
    .prepare<[string], { cost_nanos: number | null; status: number | null }>(
      'SELECT cost_nanos, status FROM calls WHERE job_id = ? ORDER BY rowid',
    )
    .all(jobId);

function newPiece(app: AppServices, transcript: string) {
  return app.content.pieces.create({
    title: 'Long talk',
    platform: 'youtube',
    url: null,
    description: 'A recorded talk',
    transcript,
    tags: [],
    sourceFileId: null,
  });
}

beforeAll(async () => {
  fakes = await startFakes();
  dir = tempDir();
  recording = makeRecording(dir, 'talk.mp4', RECORDING_SECONDS);
});

afterAll(async () => {
  await fakes.close();
  removeDir(dir);
});

describe('a video through the chunked path', () => {
  let app: AppServices;
  beforeAll(() => {
    app = openApp(join(dir, 'chunked'), fakes);
    app.settings.set(CHUNK_BYTES_SETTING, TINY_CHUNK_BYTES);
  });
  afterAll(async () => {
    await app.close();
  });

  it(
    'transcribes every chunk into a new transcript version, keeping the typed one',
    async () => {
      const expected = planChunks(RECORDING_SECONDS, TINY_CHUNK_BYTES).count;
      expect(expected).toBeGreaterThan(2);
      const piece = newPiece(app, 'My own notes, typed by hand.');
      const file = await app.files.registerLocal(recording, 'transcription');
      expect(file.kind).toBe('video');
      const before = transcriptionRequests().length;

      const job = await runStep(app, { kind: 'workflow.transcribe', contentId: piece.id, fileId: file.id });
      expect(job.state, job.error?.message).toBe('succeeded');
      expect(job.output).toMatchObject({ chunks: expected, transcriptVersion: 2 });
      expect(transcriptionRequests().length - before).toBe(expected);
      // Every part sent was the compact MP3, each well under the 25 MiB limit.
      for (const r of transcriptionRequests().slice(before)) expect(r.bodyBytes).toBeLessThan(64 * 1024);

      const versions = await app.router.call('transcripts.versions', { contentId: piece.id });
      expect(versions.items.map((v) => [v.version, v.origin])).toEqual([
        [1, 'manual'],
        [2, 'transcription'],
      ]);
      expect(versions.items[0]?.body).toBe('My own notes, typed by hand.');
      const now = app.content.pieces.get(piece.id);
      expect(now.transcript).toBe(versions.items[1]?.body);
      expect(now.transcript.split('\n\n')).toHaveLength(expected);

      // Undo: restoring the typed version makes it current again as version 3; nothing is lost.
      const restored = await app.router.call('transcripts.restore', { contentId: piece.id, version: 1 });
      expect(restored.transcript).toBe('My own notes, typed by hand.');
      const diff = await app.router.call('transcripts.diff', { contentId: piece.id, from: 2, to: 3 });
      expect(diff.added).toBeGreaterThan(0);
      expect(diff.removed).toBeGreaterThanOrEqual(expected);
      expect((await app.router.call('transcripts.versions', { contentId: piece.id })).items).toHaveLength(3);

      // The recording stays with the piece (a reload lists it again).
      const kept = await app.router.call('pieceFiles.list', { contentId: piece.id });
      expect(kept.files.map((f) => f.id)).toEqual([file.id]);
    },
    SLOW,
  );

  it(
    'estimates from the duration an upper bound of the ledger for every transcription model',
    async () => {
      const models = STEP_MODELS.filter((m) => m.family === 'transcription').map((m) => m.model);
      expect(models.length).toBeGreaterThan(1);
      const file = await app.files.registerLocal(recording, 'transcription');
      for (const model of models) {
        const piece = newPiece(app, '');
        const input = { kind: 'workflow.transcribe', contentId: piece.id, fileId: file.id, model } as const;
        const estimate = await app.router.call('workflows.estimate', input);
        expect(estimate.basis).toMatch(/in \d+ parts/);
        const job = await runStep(app, input);
        expect(job.state, job.error?.message).toBe('succeeded');
        await flushLedger(app);
        const actual = ledgerRows(app, job.id).reduce((sum, r) => sum + (r.cost_nanos ?? 0), 0);
        expect(actual, model).toBeGreaterThan(0);
        expect(actual, `${model}: ${estimate.basis}`).toBeLessThanOrEqual(estimate.estimatedCostNanos ?? -1);
      }
    },
    SLOW,
  );

  it('a typed transcript edit is a version too', async () => {
    const piece = newPiece(app, 'first');
    await app.router.call('content.update', { id: piece.id, patch: { transcript: 'second' } });
    const versions = await app.router.call('transcripts.versions', { contentId: piece.id });
    expect(versions.items.map((v) => v.body)).toEqual(['first', 'second']);
  });
});

it(
  'resumes after a restart at the next untranscribed chunk, never sending a done chunk again',
  async () => {
    const data = join(dir, 'restart');
    const first = openApp(data, fakes);
    first.settings.set(CHUNK_BYTES_SETTING, TINY_CHUNK_BYTES);
    const count = planChunks(RECORDING_SECONDS, TINY_CHUNK_BYTES).count;
    const piece = newPiece(first, '');
    const file = await first.files.registerLocal(recording, 'transcription');
    // Two parts are answered, the third never is: the app is closed while it waits (a crash mid-run).
    fakes.openai.inject({ type: 'delay', ms: 0 }, { path: '/v1/audio/transcriptions', times: 2 });
    fakes.openai.inject({ type: 'hang' }, { path: '/v1/audio/transcriptions', times: 1 });
    const before = transcriptionRequests().length;
    const { jobId } = await start(first, { kind: 'workflow.transcribe', contentId: piece.id, fileId: file.id });
    for (let i = 0; i < 2000 && transcriptionRequests().length - before < 3; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(transcriptionRequests().length - before).toBe(3);
    expect((first.jobs.get(jobId).checkpoint.texts as string[]).length).toBe(2);
    await first.close();

    const second = openApp(data, fakes);
    try {
      const done = await second.jobs.whenSettled(jobId);
      expect(done.state, done.error?.message).toBe('succeeded');
      // After the restart: the third part again (its answer never came) and the rest; parts 1-2 never again.
      expect(transcriptionRequests().length - before).toBe(3 + (count - 2));
      await flushLedger(second);
      expect(ledgerRows(second, jobId).filter((r) => r.status === 200)).toHaveLength(count);
      expect(second.content.pieces.get(piece.id).transcript.split('\n\n')).toHaveLength(count);
    } finally {
      await second.close();
    }
  },
  SLOW,
);

describe('clear errors', () => {
  it('a file that is not media: refused at the drop, and by ffprobe if it gets that far', async () => {
    const notMedia = join(dir, 'notes.mp4');
    writeFileSync(notMedia, 'these are meeting notes, not a video\n'.repeat(50));
    const app = openApp(join(dir, 'errors'), fakes);
    try {
      await expect(app.files.registerLocal(notMedia, 'transcription')).rejects.toMatchObject({
        code: 'invalid_input',
        details: { reason: 'wrong_type' },
      });
    } finally {
      await app.close();
    }
    const err = await probeMedia(locateMediaTools(null), notMedia, 'notes.mp4').catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('invalid_input');
    expect(err).toMatchObject({ details: { reason: 'not_media' }, message: expect.stringMatching(/notes\.mp4/) });
  });

  it('the ffmpeg setting takes only a program named ffmpeg, and reports where it was found', async () => {
    const app = openApp(join(dir, 'tools'), fakes);
    try {
      const onPath = await app.router.call('recordings.tools', {});
      expect(onPath).toMatchObject({
        ffmpegPath: null,
        problem: null,
        found: { ffmpeg: expect.stringMatching(/ffmpeg$/) },
      });
      await expect(app.router.call('recordings.setTools', { ffmpegPath: '/bin/sh' })).rejects.toMatchObject({
        code: 'invalid_input',
        details: { reason: 'ffmpeg_path' },
      });
      const set = await app.router.call('recordings.setTools', {
        ffmpegPath: onPath.found!.ffmpeg,
        chunkMaxBytes: 8_000,
      });
      expect(set).toMatchObject({ ffmpegPath: onPath.found!.ffmpeg, chunkMaxBytes: 8_000, problem: null });
    } finally {
      await app.close();
    }
  });

  it('ffmpeg missing: the estimate and the step say so and how to install it', async () => {
    expect(() => locateMediaTools(null, '/nonexistent-bin')).toThrow(/apt install ffmpeg/);
    const app = openApp(join(dir, 'no-ffmpeg'), fakes);
    try {
      app.settings.set(FFMPEG_PATH_SETTING, join(dir, 'no-such', 'ffmpeg'));
      const piece = newPiece(app, '');
      const file = await app.files.registerLocal(recording, 'transcription');
      const input = { kind: 'workflow.transcribe', contentId: piece.id, fileId: file.id } as const;
      await expect(app.router.call('workflows.estimate', input)).rejects.toMatchObject({
        code: 'unavailable',
        details: { reason: 'ffmpeg_missing' },
        message: expect.stringMatching(/ffmpeg was not found.*apt install ffmpeg/),
      });
    } finally {
      await app.close();
    }
  });
});
