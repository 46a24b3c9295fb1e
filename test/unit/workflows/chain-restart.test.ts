// A one-flow run interrupted by a restart while HeyGen renders: the next app picks the chain up from its
// children, the render job polls the video it submitted, and HeyGen sees exactly one submit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChainView } from '../../../preload/contract/chains';
import type { AppServices } from '../../../main/app';
import { PNG, wavBytes } from '../files/fixtures';
import { openApp, removeDir, runStep, startFakes, tempDir, writeFixture, type Fakes } from './harness';

let fakes: Fakes;
let dir: string;

beforeAll(async () => {
  fakes = await startFakes({ heygenReadsToComplete: 4 });
  dir = tempDir();
});

afterAll(async () => {
  await fakes?.close();
  removeDir(dir);
});

/** Resolves once `done` holds for the chain, re-checked on every job event of the app (no sleeps). */
function chainUntil(app: AppServices, id: string, done: (v: ChainView) => boolean): Promise<ChainView> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = async () => {
      if (settled) return;
      try {
        const v = await app.router.call('chains.get', { id });
        if (done(v) && !settled) {
          settled = true;
          off();
          resolve(v);
        }
      } catch (e) {
        settled = true;
        off();
        reject(e);
      }
    };
    const off = app.events.subscribe((name) => {
      if (name === 'job.progress') void check();
    });
    void check();
  });
}

it('resumes a chain mid-render after a restart without a second render submit', async () => {
  // The render needs four status reads: the first app closes after the first one.
  const first = openApp(dir, fakes, { pollIntervalMs: 300 });
  const sample = await first.files.registerLocal(writeFixture(dir, 'me.wav', wavBytes(8_000)), 'voice_sample');
  const clone = await runStep(first, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
  const photo = await first.files.registerLocal(writeFixture(dir, 'me.png', PNG), 'avatar_photo');
  const avatar = await runStep(first, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  const piece = first.content.pieces.create({
    title: 'Restart mid-chain',
    platform: 'youtube',
    url: null,
    description: 'Render once, pay once.',
    transcript: 'A render that survives a restart is polled, never sent again.',
    tags: [],
    sourceFileId: null,
  });
  const started = await first.router.call('chains.start', {
    contentId: piece.id,
    voiceId: (clone.output as { voiceModelId: string }).voiceModelId,
    avatarId: (avatar.output as { avatarModelId: string }).avatarModelId,
    capNanos: 5e9,
    approvalThresholdNanos: null,
  });
  const mid = await chainUntil(first, started.id, (v) => {
    const render = v.steps.find((s) => s.step === 'render');
    return render?.state === 'waiting' && typeof first.jobs.get(render.jobId!).checkpoint.videoId === 'string';
  });
  const renderJobId = mid.steps.find((s) => s.step === 'render')!.jobId!;
  const videoId = first.jobs.get(renderJobId).checkpoint.videoId;
  expect(fakes.heygen.state.renderSubmits).toBe(1);
  expect(mid.state).toBe('running');
  await first.close();

  const second = openApp(dir, fakes, { pollIntervalMs: 20 });
  try {
    const done = await chainUntil(second, started.id, (v) => ['succeeded', 'failed', 'cancelled'].includes(v.state));
    expect(done.state, done.error ?? '').toBe('succeeded');
    expect(fakes.heygen.state.renderSubmits).toBe(1);
    // The same render job finished the same video; no second render job was made.
    expect(done.steps.find((s) => s.step === 'render')!.jobId).toBe(renderJobId);
    expect(second.jobs.list({ parentId: started.id, kind: 'workflow.render', limit: 10 })).toHaveLength(1);
    expect(second.content.media.get(done.mediaId!)).toMatchObject({ kind: 'video', remoteId: videoId });
  } finally {
    await second.close();
  }
});

it('keeps a chain that waits for approval paused across a restart, then goes on when approved', async () => {
  const first = openApp(dir, fakes);
  const [voice] = first.content.voices.list();
  const [avatar] = first.content.avatars.list();
  const piece = first.content.pieces.create({
    title: 'Paused over a restart',
    platform: 'youtube',
    url: null,
    description: 'Ask first.',
    transcript: 'Nothing is spent while the run waits for a yes.',
    tags: [],
    sourceFileId: null,
  });
  const started = await first.router.call('chains.start', {
    contentId: piece.id,
    voiceId: voice!.id,
    avatarId: avatar!.id,
    capNanos: 5e9,
    approvalThresholdNanos: 0,
  });
  const asked = await chainUntil(first, started.id, (v) => v.state === 'awaiting_approval');
  expect(asked.pending?.step).toBe('analyse');
  await first.close();

  const second = openApp(dir, fakes);
  try {
    // Still paused, on the same step, with nothing started.
    const after = await second.router.call('chains.get', { id: started.id });
    expect(after).toMatchObject({ state: 'awaiting_approval', pending: { step: 'analyse' }, spentNanos: 0 });
    expect(after.steps.every((s) => s.jobId === null)).toBe(true);
    await second.router.call('chains.approve', { id: started.id });
    const next = await chainUntil(
      second,
      started.id,
      (v) => v.state === 'awaiting_approval' && v.pending?.step === 'research',
    );
    expect(next.steps.find((s) => s.step === 'analyse')?.state).toBe('succeeded');
    await second.router.call('chains.cancel', { id: started.id });
  } finally {
    await second.close();
  }
});
