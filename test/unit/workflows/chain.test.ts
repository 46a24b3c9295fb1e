// The one flow on the fakes: analyse → research → rewrite → speak → render as one chain of ordinary step jobs,
// paused before any step over the approval threshold or past the run's cap (nothing spent meanwhile), and
// resumed after a restart without a second render submit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainStep, ChainView } from '../../../preload/contract/chains';
import type { AppServices } from '../../../main/app';
import { PNG, wavBytes } from '../files/fixtures';
import { openApp, removeDir, runStep, startFakes, tempDir, writeFixture, type Fakes } from './harness';

let fakes: Fakes;
let dir: string;
let app: AppServices;
let voiceId: string;
let avatarId: string;

beforeAll(async () => {
  fakes = await startFakes({ heygenReadsToComplete: 3 });
  dir = tempDir();
  app = openApp(dir, fakes);
  const sample = await app.files.registerLocal(writeFixture(dir, 'me.wav', wavBytes(8_000)), 'voice_sample');
  const clone = await runStep(app, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
  voiceId = (clone.output as { voiceModelId: string }).voiceModelId;
  const photo = await app.files.registerLocal(writeFixture(dir, 'me.png', PNG), 'avatar_photo');
  const avatar = await runStep(app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  avatarId = (avatar.output as { avatarModelId: string }).avatarModelId;
});

afterAll(async () => {
  await app?.close();
  await fakes?.close();
  removeDir(dir);
});

let pieces = 0;
const newPiece = () =>
  app.content.pieces.create({
    title: `Why hooks matter ${++pieces}`,
    platform: 'tiktok',
    url: null,
    description: 'Three fixes for weak openings.',
    transcript: 'Stop scrolling. Most videos lose viewers in the first second. Here is how to fix that.',
    tags: ['hooks'],
    sourceFileId: null,
  });

/** Follows the chain through the jobs' own events until `done` says so (no sleeps). */
function until(target: AppServices, id: string, done: (v: ChainView) => boolean): Promise<ChainView> {
  return new Promise((resolve, reject) => {
    const check = async () => {
      try {
        const v = await target.router.call('chains.get', { id });
        if (done(v)) {
          off();
          resolve(v);
        }
      } catch (e) {
        off();
        reject(e);
      }
    };
    const off = target.events.subscribe((name) => {
      if (name === 'job.progress') void check();
    });
    void check();
  });
}

const paused = (v: ChainView) =>
  v.pending !== null || ['succeeded', 'failed', 'cancelled', 'declined'].includes(v.state);

describe('one flow', () => {
  it('pauses before every step above the threshold, spends nothing while paused, and ends with a video', async () => {
    const piece = newPiece();
    const submitsBefore = fakes.heygen.state.renderSubmits;
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: 5e9,
      approvalThresholdNanos: 0,
    });
    const asked: ChainStep[] = [];
    for (;;) {
      v = await until(app, v.id, paused);
      if (v.state !== 'awaiting_approval') break;
      const step = v.pending!.step;
      asked.push(step);
      const row = v.steps.find((s) => s.step === step)!;
      // Nothing of the step exists while it waits: no job, no cost; its estimate is shown.
      expect(row).toMatchObject({ jobId: null, state: 'pending', actualNanos: null });
      expect(row.estimateNanos).toBe(v.pending!.estimateNanos);
      expect(v.pending!.estimateNanos).toBeGreaterThan(0);
      if (step === 'render') expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore);
      v = await app.router.call('chains.approve', { id: v.id });
    }
    expect(asked).toEqual(['analyse', 'research', 'rewrite', 'speak', 'render']);
    expect(v.state, v.error ?? '').toBe('succeeded');
    expect(fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
    const video = app.content.media.get(v.mediaId!);
    expect(video).toMatchObject({ kind: 'video', contentId: piece.id });
    // Every step ran as its own job under the chain, each within its estimate; the chain's spend is their sum.
    for (const s of v.steps) {
      expect(s.state).toBe('succeeded');
      expect(s.actualNanos!).toBeLessThanOrEqual(s.estimateNanos!);
      expect(app.jobs.get(s.jobId!).parentId).toBe(v.id);
    }
    expect(v.spentNanos).toBe(v.steps.reduce((n, s) => n + s.actualNanos!, 0));
    expect(v.spentNanos).toBeLessThanOrEqual(v.capNanos);
  });

  it('asks per step: a step under its own threshold runs, one over it pauses, the rest use the run default', async () => {
    const piece = newPiece();
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: 5e9,
      // The run's default asks before everything; the overrides let three steps through and never ask for render.
      approvalThresholdNanos: 0,
      stepThresholdsNanos: { analyse: 1e9, research: 1e9, rewrite: 1e9, render: null },
    });
    expect(v.steps.map((s) => [s.step, s.thresholdNanos])).toEqual([
      ['analyse', 1e9],
      ['research', 1e9],
      ['rewrite', 1e9],
      ['speak', 0],
      ['render', null],
    ]);
    const asked: ChainStep[] = [];
    for (;;) {
      v = await until(app, v.id, paused);
      if (v.state !== 'awaiting_approval') break;
      asked.push(v.pending!.step);
      // The step over its own threshold was never sent; the ones under theirs ran, each below its threshold.
      expect(v.steps.find((s) => s.step === v.pending!.step)!.jobId).toBeNull();
      for (const s of v.steps.filter((s) => s.state === 'succeeded')) expect(s.estimateNanos!).toBeLessThan(1e9);
      v = await app.router.call('chains.approve', { id: v.id });
    }
    expect(asked).toEqual(['speak']);
    expect(v.state, v.error ?? '').toBe('succeeded');
  });

  it('keeps per-step thresholds in the defaults and refuses an unknown step', async () => {
    const saved = await app.router.call('chains.setDefaults', {
      capNanos: 3e9,
      approvalThresholdNanos: 250_000_000,
      stepThresholdsNanos: { render: 1e9, analyse: null },
    });
    expect(await app.router.call('chains.defaults', {})).toEqual(saved);
    await expect(
      app.router.call('chains.setDefaults', {
        capNanos: 3e9,
        approvalThresholdNanos: null,
        stepThresholdsNanos: { publish: 1 } as never,
      }),
    ).rejects.toThrow();
  });

  it('stops before the step that would cross the cap; a raised cap goes on', async () => {
    const piece = newPiece();
    const analyse = await app.router.call('workflows.estimate', { kind: 'workflow.analyse', contentId: piece.id });
    const cap = analyse.estimatedCostNanos! + 1;
    const perplexityBefore = fakes.perplexity.requests.length;
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: cap,
      approvalThresholdNanos: null,
    });
    v = await until(app, v.id, paused);
    expect(v.state).toBe('over_cap');
    expect(v.pending!.step).toBe('research');
    expect(v.pending!.reason).toBe('cap');
    expect(v.spentNanos + v.pending!.estimateNanos!).toBeGreaterThan(cap);
    expect(v.message).toMatch(/Paused before Research: .* would pass the \$[\d.]+ cap/);
    // Research was never sent: no job, no Perplexity request.
    expect(v.steps.find((s) => s.step === 'research')!.jobId).toBeNull();
    expect(fakes.perplexity.requests.length).toBe(perplexityBefore);
    // Approving without a higher cap is refused; a higher cap continues (to the end here).
    await expect(app.router.call('chains.approve', { id: v.id })).rejects.toThrow(/higher cap/);
    v = await app.router.call('chains.approve', { id: v.id, capNanos: 5e9 });
    v = await until(app, v.id, paused);
    expect(v.state, v.error ?? '').toBe('succeeded');
  });

  it('declining a step stops the run with nothing more spent', async () => {
    const piece = newPiece();
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: 5e9,
      approvalThresholdNanos: 0,
    });
    v = await until(app, v.id, paused);
    expect(v.pending!.step).toBe('analyse');
    v = await app.router.call('chains.decline', { id: v.id });
    v = await until(app, v.id, paused);
    expect(v.state).toBe('declined');
    expect(v.error).toMatch(/declined Analyse/);
    expect(v.steps.every((s) => s.jobId === null)).toBe(true);
    expect(v.spentNanos).toBe(0);
  });

  it('fails naming the step that failed; a retry of the run retries that step and finishes', async () => {
    const piece = newPiece();
    fakes.elevenlabs.inject(
      {
        type: 'status',
        status: 400,
        body: { detail: { status: 'invalid_text', message: 'The text is not speakable' } },
      },
      { method: 'POST', path: /text-to-speech/, times: 1 },
    );
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: 5e9,
      approvalThresholdNanos: null,
    });
    v = await until(app, v.id, paused);
    expect(v.state).toBe('failed');
    expect(v.error).toMatch(/^Generate voice failed: /);
    const speak = v.steps.find((s) => s.step === 'speak')!;
    expect(speak.state).toBe('failed');
    expect(v.steps.find((s) => s.step === 'render')!.jobId).toBeNull();

    await app.router.call('jobs.retry', { id: v.id });
    v = await until(app, v.id, paused);
    expect(v.state, v.error ?? '').toBe('succeeded');
    // The same speak job ran again (its row, its checkpoint); the steps before it did not.
    expect(v.steps.find((s) => s.step === 'speak')!.jobId).toBe(speak.jobId);
    expect(app.jobs.get(speak.jobId!).attempts).toBe(2);
    expect(app.jobs.get(v.steps[0]!.jobId!).attempts).toBe(1);
  });

  it('stops before a step a hard budget would not cover, naming it; a retry after the budget is gone goes on', async () => {
    const piece = newPiece();
    const budget = await app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'perplexity',
      period: 'month',
      limitNanos: 1,
      mode: 'hard',
    });
    let v = await app.router.call('chains.start', {
      contentId: piece.id,
      voiceId,
      avatarId,
      capNanos: 5e9,
      approvalThresholdNanos: null,
    });
    v = await until(app, v.id, paused);
    expect(v.state).toBe('failed');
    expect(v.error).toMatch(/^Research \(up to \$[\d.]+\) would exceed a hard budget; nothing was sent$/);
    expect(v.steps.find((s) => s.step === 'research')!.jobId).toBeNull();
    await app.router.call('budgets.delete', { id: budget.id });
    await app.router.call('jobs.retry', { id: v.id });
    v = await until(app, v.id, paused);
    expect(v.state, v.error ?? '').toBe('succeeded');
  });

  it('refuses to start without a ready voice or avatar, naming the step that makes it', async () => {
    const piece = newPiece();
    await expect(
      app.router.call('chains.start', { contentId: piece.id, avatarId, capNanos: 5e9, approvalThresholdNanos: null }),
    ).rejects.toThrow(/needs a ready voice: run "Clone voice"/);
    await expect(
      app.router.call('chains.start', { contentId: piece.id, voiceId, capNanos: 5e9, approvalThresholdNanos: null }),
    ).rejects.toThrow(/needs a ready avatar: run "Create avatar"/);
    expect(await app.router.call('chains.latest', { contentId: piece.id })).toBeNull();
  });
});
