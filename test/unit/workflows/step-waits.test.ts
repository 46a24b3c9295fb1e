// What a step does when it cannot simply run on: a submitted render cancelled (HeyGen bills it anyway, so the
// UI is told before the cancel and the job keeps the submit's ledger cost), and a rate-limited step, which waits
// for the limiter's window instead of failing. Order is proven by the jobs' events and the fake's own request
// log, never by sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelWarningOf, type Job } from '../../../preload/contract/jobs';
import type { EventPayload } from '../../../preload/contract/events';
import type { AppServices } from '../../../main/app';
import { PNG } from '../files/fixtures';
import { openApp, removeDir, runStep, start, startFakes, tempDir, writeFixture, type Fakes } from './harness';

let fakes: Fakes;
let dir: string;
let app: AppServices;

beforeAll(async () => {
  fakes = await startFakes({ heygenReadsToComplete: 50 });
  dir = tempDir();
  // A slow poll: the render stays parked between reads while the test cancels it.
  app = openApp(dir, fakes, { pollIntervalMs: 60_000 });
});

afterAll(async () => {
  await app?.close();
  await fakes?.close();
  removeDir(dir);
});

function jobUntil(id: string, ok: (job: Job) => boolean): Promise<Job> {
  return new Promise((resolve) => {
    const check = () => {
      const job = app.jobs.get(id);
      if (ok(job)) {
        off();
        resolve(job);
      }
    };
    const off = app.events.subscribe((name, payload) => {
      if (name === 'job.progress' && (payload as { id: string }).id === id) check();
    });
    check();
  });
}

describe('cancelling a submitted render', () => {
  it('warns that HeyGen still bills it and keeps the submit cost on the job', async () => {
    const photo = await app.files.registerLocal(writeFixture(dir, 'me.png', PNG), 'avatar_photo');
    const made = await runStep(app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
    const script = app.content.scripts.create({
      title: 'Cancel me',
      contentId: null,
      personaId: null,
      body: 'Submitted renders are billed even when you stop waiting for them.',
    });
    const { jobId } = await start(app, {
      kind: 'workflow.render',
      scriptId: script.id,
      avatarId: (made.output as { avatarModelId: string }).avatarModelId,
      heygenVoiceId: 'demo-voice',
    });
    const parked = await jobUntil(jobId, (j) => j.state === 'waiting' && typeof j.checkpoint.videoId === 'string');
    await app.providers.target('heygen').then((t) => t.gateway.flush());
    const { rows } = await app.router.call('ledger.calls', { jobId, limit: 50 });
    const submit = rows.find((r) => r.method === 'POST' && r.endpoint === 'videos.create');
    expect(submit?.costNanos).toBeGreaterThan(0);

    const warning = cancelWarningOf(parked);
    expect(warning).toMatchObject({ costNanos: submit!.costNanos });
    expect(warning!.message).toMatch(/bills it even if you cancel: up to \$\d+\.\d\d stays on your ledger/);
    expect(parked.actualCostNanos).toBe(submit!.costNanos);

    const cancelled = await app.router.call('jobs.cancel', { id: jobId });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.actualCostNanos).toBe(submit!.costNanos);
    expect(app.jobs.get(jobId).actualCostNanos).toBe(submit!.costNanos);
  });
});

describe('a rate-limited step', () => {
  it('waits for the window with the wake time on the job, then runs, instead of failing', async () => {
    const piece = app.content.pieces.create({
      title: 'Hooks',
      platform: 'tiktok',
      url: null,
      description: 'Openings that hold.',
      transcript: '',
      tags: ['hooks'],
      sourceFileId: null,
    });
    // One Perplexity request per 4 s (burst 1). Two research steps start together (the worker runs two at once):
    // whichever reaches the limiter second is refused and must wait for the window.
    await app.router.call('limits.set', { providerRates: { perplexity: { perSecond: 0.25, burst: 1 } } });
    const seen: EventPayload<'job.progress'>[] = [];
    const off = app.events.subscribe((name, payload) => {
      if (name === 'job.progress') seen.push(payload as EventPayload<'job.progress'>);
    });
    const a = await start(app, { kind: 'workflow.research', contentId: piece.id });
    const b = await start(app, { kind: 'workflow.research', contentId: piece.id, focus: 'trends' });
    const done = await Promise.all([a.jobId, b.jobId].map((id) => app.jobs.whenSettled(id)));
    off();
    for (const job of done) expect(job.state, job.error?.message).toBe('succeeded');

    const waited = done.filter((job) => seen.some((e) => e.id === job.id && e.state === 'waiting'));
    expect(waited).toHaveLength(1);
    const job = waited[0]!;
    const mine = seen.filter((e) => e.id === job.id);
    const waitAt = mine.findIndex((e) => e.state === 'waiting');
    const wait = mine[waitAt]!;
    expect(wait.message).toBe("Rate limited: perplexity's request rate; waiting for the window");
    expect(wait.message).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(wait.runAfter).toBeTruthy();
    // running → waiting (with the wake time) → running → succeeded, and never failed.
    const order = mine.map((e) => e.state);
    expect(order.indexOf('running')).toBeLessThan(waitAt);
    expect(order.lastIndexOf('running')).toBeGreaterThan(waitAt);
    expect(order.at(-1)).toBe('succeeded');
    expect(order).not.toContain('failed');
    expect(job.attempts).toBe(2);
    // Perplexity got the waiting job's request only once the window had opened (the fake's own receive time).
    const posts = fakes.perplexity.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at).toBeGreaterThanOrEqual(Date.parse(wait.runAfter!));
    await app.router.call('limits.set', { providerRates: { perplexity: null } });
  });
});
