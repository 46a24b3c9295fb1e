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
