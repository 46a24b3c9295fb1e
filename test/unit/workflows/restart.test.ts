// Paid or non-idempotent provider steps survive an app restart without a second request: a render's video id
// checkpointed at submit is polled by the next app; a voice clone or photo avatar whose id was checkpointed
// finishes from it; one interrupted before its answer arrived stops and says what to check, never re-sent blind.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../preload/contract/jobs';
import { DATABASE_FILE, type AppServices } from '../../../main/app';
import { openDatabase } from '../../../main/db/database';
import { AVATAR_MAY_EXIST_MESSAGE } from '../../../main/workflows/avatar';
import { CLONE_MAY_EXIST_MESSAGE } from '../../../main/workflows/voice';
import { PNG, wavBytes } from '../files/fixtures';
import { openApp, removeDir, runStep, start, startFakes, tempDir, writeFixture, type Fakes } from './harness';

let fakes: Fakes;
let dir: string;

beforeAll(async () => {
  fakes = await startFakes({ heygenReadsToComplete: 4 });
  dir = tempDir();
});

afterAll(async () => {
  await fakes.close();
  removeDir(dir);
});

async function until(app: AppServices, id: string, ok: (job: Job) => boolean): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const job = app.jobs.get(id);
    if (ok(job)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${id} never reached the expected state`);
}

it('resumes polling the submitted video after a restart without rendering again', async () => {
  const first = openApp(dir, fakes, { pollIntervalMs: 300 });
  const photo = await first.files.registerLocal(writeFixture(dir, 'me.png', PNG), 'avatar_photo');
  const made = await runStep(first, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  const avatarId = (made.output as { avatarModelId: string }).avatarModelId;
  const script = first.content.scripts.create({
    title: 'Restart',
    contentId: null,
    personaId: null,
    body: 'Say it once, render it once.',
  });
  const { jobId } = await start(first, {
    kind: 'workflow.render',
    scriptId: script.id,
    avatarId,
    heygenVoiceId: 'demo-voice',
  });

  const parked = await until(first, jobId, (j) => j.state === 'waiting' && typeof j.checkpoint.videoId === 'string');
  expect(fakes.heygen.state.renderSubmits).toBe(1);
  await first.close();

  const second = openApp(dir, fakes, { pollIntervalMs: 20 });
  try {
    const done = await second.jobs.whenSettled(jobId);
    expect(done.state, done.error?.message).toBe('succeeded');
    expect(fakes.heygen.state.renderSubmits).toBe(1);
    expect(done.checkpoint.videoId).toBe(parked.checkpoint.videoId);
    expect(done.checkpoint.statusReads).toBeGreaterThan(parked.checkpoint.statusReads as number);
    const [video] = second.content.media.list({ scriptId: script.id, kind: 'video' });
    expect(video).toMatchObject({ remoteId: parked.checkpoint.videoId, jobId });
  } finally {
    await second.close();
  }
});

it('never sends an interrupted submit twice from the same job; the render started again sends once', async () => {
  const first = openApp(dir, fakes);
  const photo = await first.files.registerLocal(writeFixture(dir, 'me2.png', PNG), 'avatar_photo');
  const made = await runStep(first, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  const avatarId = (made.output as { avatarModelId: string }).avatarModelId;
  const script = first.content.scripts.create({
    title: 'Cut',
    contentId: null,
    personaId: null,
    body: 'The app quits mid-submit.',
  });
  const submitsBefore = fakes.heygen.state.renderSubmits;
  // The submit never gets an answer and never reaches the route: the app quits while it is in flight.
  fakes.heygen.inject({ type: 'hang' }, { method: 'POST', path: '/v3/videos' });
  const { jobId } = await start(first, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'v' });
  await until(
    first,
    jobId,
    (j) =>
      j.checkpoint.submitting === true &&
      fakes.heygen.requests.some((r) => r.path === '/v3/videos' && r.method === 'POST' && r.fault === 'hang'),
  );
  await first.close();

  const second = openApp(dir, fakes);
  try {
    // The resumed job looks the key up (nothing listed), and the ledger refuses to send the paid submit again.
    const done = await second.jobs.whenSettled(jobId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'conflict' } });
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore);
    expect(fakes.heygen.requests.filter((r) => r.method === 'GET' && r.path === '/v3/videos').length).toBeGreaterThan(
      0,
    );
    // The user's "render again" is a new job: it looks the key up once more, then sends once.
    const again = await runStep(second, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'v' });
    expect(again.state, again.error?.message).toBe('succeeded');
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
  } finally {
    await second.close();
  }
});

it('adopts the video an interrupted submit started (answer lost) instead of paying for a second one', async () => {
  const first = openApp(dir, fakes);
  const avatarId = first.content.avatars.list().find((a) => a.status === 'ready')!.id;
  const script = first.content.scripts.create({
    title: 'Lost answer',
    contentId: null,
    personaId: null,
    body: 'HeyGen starts this render but its answer never arrives.',
  });
  const submitsBefore = fakes.heygen.state.renderSubmits;
  // HeyGen accepts the render, but its answer stalls: the app quits before reading the video id.
  fakes.heygen.inject({ type: 'stall', afterBytes: 5 }, { method: 'POST', path: '/v3/videos' });
  const { jobId } = await start(first, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'v' });
  await until(
    first,
    jobId,
    (j) => j.checkpoint.submitting === true && fakes.heygen.state.renderSubmits === submitsBefore + 1,
  );
  await first.close();

  const second = openApp(dir, fakes);
  try {
    const done = await second.jobs.whenSettled(jobId);
    expect(done.state, done.error?.message).toBe('succeeded');
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
    const [video] = second.content.media.list({ scriptId: script.id, kind: 'video' });
    const keyed = [...fakes.heygen.state.videos.entries()].find(([, v]) =>
      (v.title ?? '').includes(done.checkpoint.requestKey as string),
    );
    expect(video?.remoteId).toBe(keyed?.[0]);
    // The same render asked for again is the same request: found by its key, not paid for twice.
    const again = await runStep(second, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'v' });
    expect(again.state, again.error?.message).toBe('succeeded');
    expect(again.checkpoint).toMatchObject({ adopted: true, videoId: keyed?.[0], settledCostNanos: 0 });
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
  } finally {
    await second.close();
  }
});

/**
 * The state a crash leaves when it hits after the provider's id was checkpointed but before the result row and
 * the job were saved: the job still running, the model row pending without its remote id.
 */
function crashBeforeResultSaved(jobId: string, table: 'voice_models' | 'avatar_models', modelId: string): void {
  const db = openDatabase(join(dir, DATABASE_FILE));
  try {
    db.prepare("UPDATE jobs SET state = 'running', output = NULL, finished_at = NULL WHERE id = ?").run(jobId);
    db.prepare(`UPDATE ${table} SET status = 'pending', remote_id = NULL WHERE id = ?`).run(modelId);
  } finally {
    db.close();
  }
}

describe('voice clone', () => {
  it('finishes from the checkpointed voice id after a crash before the voice row was saved', async () => {
    const first = openApp(dir, fakes);
    const sample = await first.files.registerLocal(writeFixture(dir, 'clone-a.wav', wavBytes(8_000)), 'voice_sample');
    const job = await runStep(first, { kind: 'workflow.voiceClone', name: 'Kept', fileIds: [sample.id] });
    expect(job.state, job.error?.message).toBe('succeeded');
    const { voiceModelId, remoteId } = job.output as { voiceModelId: string; remoteId: string };
    expect(job.checkpoint.remoteVoiceId).toBe(remoteId);
    await first.close();
    crashBeforeResultSaved(job.id, 'voice_models', voiceModelId);
    const clonesBefore = fakes.elevenlabs.state.clones.length;

    const second = openApp(dir, fakes);
    try {
      const done = await second.jobs.whenSettled(job.id);
      expect(done.state, done.error?.message).toBe('succeeded');
      expect(fakes.elevenlabs.state.clones).toHaveLength(clonesBefore);
      expect(second.content.voices.get(voiceModelId)).toMatchObject({ status: 'ready', remoteId });
    } finally {
      await second.close();
    }
  });

  it('never clones blind after a crash while ElevenLabs was answering: the job fails saying what to check', async () => {
    const first = openApp(dir, fakes);
    const sample = await first.files.registerLocal(writeFixture(dir, 'clone-b.wav', wavBytes(8_000)), 'voice_sample');
    const clonesBefore = fakes.elevenlabs.state.clones.length;
    // ElevenLabs creates the voice, but its answer stalls: the app quits before reading it.
    fakes.elevenlabs.inject({ type: 'stall', afterBytes: 5 }, { method: 'POST', path: '/v1/voices/add' });
    const { jobId } = await start(first, { kind: 'workflow.voiceClone', name: 'Lost answer', fileIds: [sample.id] });
    await until(
      first,
      jobId,
      (j) => j.checkpoint.submitted === true && fakes.elevenlabs.state.clones.length === clonesBefore + 1,
    );
    await first.close();

    const second = openApp(dir, fakes);
    try {
      const done = await second.jobs.whenSettled(jobId);
      expect(done).toMatchObject({ state: 'failed', error: { code: 'conflict', message: CLONE_MAY_EXIST_MESSAGE } });
      expect(fakes.elevenlabs.state.clones).toHaveLength(clonesBefore + 1);
      expect(second.content.voices.get(done.checkpoint.voiceModelId as string)).toMatchObject({
        status: 'failed',
        remoteId: null,
        errorMessage: CLONE_MAY_EXIST_MESSAGE,
      });
    } finally {
      await second.close();
    }
  });
});

describe('photo avatar', () => {
  it('finishes from the checkpointed avatar look id after a crash before the avatar row was saved', async () => {
    const first = openApp(dir, fakes);
    const photo = await first.files.registerLocal(writeFixture(dir, 'avatar-a.png', PNG), 'avatar_photo');
    const job = await runStep(first, { kind: 'workflow.avatar', name: 'Kept', fileId: photo.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    const { avatarModelId, remoteId } = job.output as { avatarModelId: string; remoteId: string };
    expect(job.checkpoint.remoteId).toBe(remoteId);
    await first.close();
    crashBeforeResultSaved(job.id, 'avatar_models', avatarModelId);
    const avatarsBefore = fakes.heygen.state.avatarCreates;

    const second = openApp(dir, fakes);
    try {
      const done = await second.jobs.whenSettled(job.id);
      expect(done.state, done.error?.message).toBe('succeeded');
      expect(fakes.heygen.state.avatarCreates).toBe(avatarsBefore);
      expect(second.content.avatars.get(avatarModelId)).toMatchObject({ status: 'ready', remoteId });
    } finally {
      await second.close();
    }
  });

  it('never creates blind after a crash while HeyGen was answering: the job fails saying what to check', async () => {
    const first = openApp(dir, fakes);
    const photo = await first.files.registerLocal(writeFixture(dir, 'avatar-b.png', PNG), 'avatar_photo');
    const avatarsBefore = fakes.heygen.state.avatarCreates;
    fakes.heygen.inject({ type: 'stall', afterBytes: 5 }, { method: 'POST', path: '/v3/avatars' });
    const { jobId } = await start(first, { kind: 'workflow.avatar', name: 'Lost answer', fileId: photo.id });
    await until(
      first,
      jobId,
      (j) => j.checkpoint.submitted === true && fakes.heygen.state.avatarCreates === avatarsBefore + 1,
    );
    await first.close();

    const second = openApp(dir, fakes);
    try {
      const done = await second.jobs.whenSettled(jobId);
      expect(done).toMatchObject({ state: 'failed', error: { code: 'conflict', message: AVATAR_MAY_EXIST_MESSAGE } });
      expect(fakes.heygen.state.avatarCreates).toBe(avatarsBefore + 1);
      expect(second.content.avatars.get(done.checkpoint.avatarModelId as string)).toMatchObject({
        status: 'failed',
        remoteId: null,
        errorMessage: AVATAR_MAY_EXIST_MESSAGE,
      });
    } finally {
      await second.close();
    }
  });
});
