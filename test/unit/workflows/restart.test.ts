// A render survives an app restart: the video id checkpointed at submit is polled by the next app, and
// HeyGen never sees a second render request.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Job } from '../../../preload/contract/jobs';
import type { AppServices } from '../../../main/app';
import { PNG } from '../files/fixtures';
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
  const script = first.content.scripts.create({ title: 'Restart', contentId: null, personaId: null, body: 'Say it once, render it once.' });
  const { jobId } = await start(first, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'demo-voice' });

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

it('never submits blind after an interrupted submit: the resumed job stops and says to check HeyGen', async () => {
  const first = openApp(dir, fakes);
  const photo = await first.files.registerLocal(writeFixture(dir, 'me2.png', PNG), 'avatar_photo');
  const made = await runStep(first, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  const avatarId = (made.output as { avatarModelId: string }).avatarModelId;
  const script = first.content.scripts.create({ title: 'Cut', contentId: null, personaId: null, body: 'The app quits mid-submit.' });
  const submitsBefore = fakes.heygen.state.renderSubmits;
  // The submit never gets an answer: the app quits while it is in flight.
  fakes.heygen.inject({ type: 'hang' }, { method: 'POST', path: '/v2/video/generate' });
  const { jobId } = await start(first, { kind: 'workflow.render', scriptId: script.id, avatarId, heygenVoiceId: 'v' });
  await until(first, jobId, (j) => j.checkpoint.submitting === true && fakes.heygen.requests.some((r) => r.path === '/v2/video/generate' && r.fault === 'hang'));
  await first.close();

  const second = openApp(dir, fakes);
  try {
    const done = await second.jobs.whenSettled(jobId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'conflict', message: expect.stringContaining('check your HeyGen videos') } });
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore);
    // The user's explicit "render again" (retry with a fresh checkpoint) does submit.
    second.jobs.retry(jobId, { resetCheckpoint: true });
    await expect(second.jobs.whenSettled(jobId)).resolves.toMatchObject({ state: 'succeeded' });
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
  } finally {
    await second.close();
  }
});
