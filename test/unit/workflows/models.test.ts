// Model and provider per step: the picker's live price comparison (cheapest, fastest, the default), Claude for
// analysis, gpt-4o-mini-transcribe as the transcription default, the user's default kept, shut-down models refused.
import { describe, expect, it } from 'vitest';
import { PNG, wavBytes } from '../files/fixtures';
import { runStep, start, useWorkflowApp, writeFixture } from './harness';

const env = useWorkflowApp();

const newPiece = (title: string) =>
  env.app.content.pieces.create({
    title,
    platform: 'youtube',
    url: null,
    description: 'How to open a video so people stay.',
    transcript: 'Open with the payoff. Then show the proof.',
    tags: ['hooks'],
    sourceFileId: null,
  });

describe('model per step', () => {
  it('compares every model of the step on the current input, flags cheapest, fastest and default', async () => {
    const piece = newPiece('Compare');
    const { options } = await env.app.router.call('workflows.models', {
      kind: 'workflow.analyse',
      contentId: piece.id,
    });
    expect(options.map((o) => o.provider)).toEqual(expect.arrayContaining(['openai', 'anthropic']));
    for (const o of options) expect(o.estimatedCostNanos).toBeGreaterThan(0);
    const cheapest = options.filter((o) => o.cheapest);
    expect(cheapest).toHaveLength(1);
    const low = Math.min(...options.map((o) => o.estimatedCostNanos as number));
    expect(cheapest[0]?.estimatedCostNanos).toBe(low);
    expect(options.find((o) => o.isDefault)?.model).toBe('gpt-4.1-mini');
    expect(options.filter((o) => o.fastest).every((o) => o.speedRank === 1)).toBe(true);
    // Each option is the same estimate the step would show with that model chosen.
    const claude = options.find((o) => o.model === 'claude-sonnet-4-5');
    const direct = await env.app.router.call('workflows.estimate', {
      kind: 'workflow.analyse',
      contentId: piece.id,
      model: 'claude-sonnet-4-5',
    });
    expect(claude?.estimatedCostNanos).toBe(direct.estimatedCostNanos);
  });

  it('runs the analysis on Claude when Claude is chosen', async () => {
    const piece = newPiece('Claude analysis');
    const job = await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id, model: 'claude-haiku-4-5' });
    expect(job.state, job.error?.message).toBe('succeeded');
    expect(job.output).toMatchObject({ provider: 'anthropic', fallbackFrom: [] });
    const sent = JSON.parse(env.fakes.anthropic.requests.at(-1)?.bodyText ?? '{}') as { model?: string };
    expect(sent.model).toBe('claude-haiku-4-5');
    expect(env.app.content.analyses.list(piece.id)[0]).toMatchObject({ provider: 'anthropic' });
  });

  it('transcribes with gpt-4o-mini-transcribe by default', async () => {
    const piece = newPiece('Transcribe');
    const audio = await env.app.files.registerLocal(
      writeFixture(env.dir, 'talk.wav', wavBytes(16_000)),
      'transcription',
    );
    const estimate = await env.app.router.call('workflows.estimate', {
      kind: 'workflow.transcribe',
      contentId: piece.id,
      fileId: audio.id,
    });
    expect(estimate.model).toBe('gpt-4o-mini-transcribe');
    const job = await runStep(env.app, { kind: 'workflow.transcribe', contentId: piece.id, fileId: audio.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    await env.app.providers.target('openai').then((t) => t.gateway.flush());
    const rows = env.app.db
      .prepare<[string], { model: string }>(
        'SELECT p.model FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE c.job_id = ?',
      )
      .all(job.id);
    expect(rows.map((r) => r.model)).toEqual(['gpt-4o-mini-transcribe']);
  });

  it('keeps the user default and uses it when the step does not say', async () => {
    await env.app.router.call('workflows.setDefaultModel', { kind: 'workflow.analyse', model: 'claude-haiku-4-5' });
    const piece = newPiece('Default');
    const { options } = await env.app.router.call('workflows.models', {
      kind: 'workflow.analyse',
      contentId: piece.id,
    });
    expect(options.find((o) => o.isDefault)?.model).toBe('claude-haiku-4-5');
    const job = await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id });
    expect(job.output).toMatchObject({ provider: 'anthropic', model: expect.stringContaining('claude-haiku-4-5') });
    await env.app.router.call('workflows.setDefaultModel', { kind: 'workflow.analyse', model: 'gpt-4.1-mini' });
  });

  it('shows a shut-down model with its date but refuses it, before anything is sent', async () => {
    const piece = newPiece('Retired');
    const { options } = await env.app.router.call('workflows.models', {
      kind: 'workflow.research',
      contentId: piece.id,
    });
    expect(options.find((o) => o.model === 'sonar')).toMatchObject({
      shutDown: true,
      shutdownAt: '2026-09-27',
      estimatedCostNanos: null,
      cheapest: false,
      fastest: false,
    });
    const sentBefore = env.fakes.perplexity.requests.length;
    const jobsBefore = env.app.jobs.list({ limit: 500 }).length;
    await expect(
      start(env.app, { kind: 'workflow.research', contentId: piece.id, model: 'sonar' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('shut down') });
    await expect(
      env.app.router.call('workflows.setDefaultModel', { kind: 'workflow.research', model: 'sonar' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      start(env.app, { kind: 'workflow.analyse', contentId: piece.id, model: 'gpt-2' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(env.fakes.perplexity.requests.length).toBe(sentBefore);
    expect(env.app.jobs.list({ limit: 500 }).length).toBe(jobsBefore);
  });
});

describe('creative defaults', () => {
  it("start from the seed's voice and video settings, are editable, and apply to speak and render", async () => {
    expect(await env.app.router.call('workflows.defaults', {})).toEqual({
      voiceStability: 0.75,
      voiceSimilarity: 0.75,
      aspectRatio: '16:9',
      resolution: '1080p',
      maxVideoSeconds: 300,
    });
    const saved = await env.app.router.call('workflows.setDefaults', { aspectRatio: '9:16', maxVideoSeconds: 20 });
    expect(saved).toMatchObject({ aspectRatio: '9:16', maxVideoSeconds: 20, voiceStability: 0.75 });
    await expect(env.app.router.call('workflows.setDefaults', { voiceStability: 2 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const sample = await env.app.files.registerLocal(writeFixture(env.dir, 'd.wav', wavBytes(8_000)), 'voice_sample');
    const clone = await runStep(env.app, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
    const voiceId = (clone.output as { voiceModelId: string }).voiceModelId;
    const script = env.app.content.scripts.create({ title: 'S', contentId: null, personaId: null, body: 'Short one.' });
    const speak = await runStep(env.app, { kind: 'workflow.speak', scriptId: script.id, voiceId });
    expect(speak.state, speak.error?.message).toBe('succeeded');
    expect(env.fakes.elevenlabs.state.lastTtsBody).toMatchObject({
      voice_settings: { stability: 0.75, similarity_boost: 0.75 },
    });
    // A script that may run past the 20 s cap is refused at the estimate, before anything is sent.
    const long = env.app.content.scripts.create({
      title: 'Long',
      contentId: null,
      personaId: null,
      body: 'word '.repeat(100),
    });
    const avatars = env.app.content.avatars.list();
    const photo = await env.app.files.registerLocal(writeFixture(env.dir, 'p.png', PNG), 'avatar_photo');
    const avatarId =
      avatars[0]?.id ??
      (
        (await runStep(env.app, { kind: 'workflow.avatar', name: 'A', fileId: photo.id })).output as {
          avatarModelId: string;
        }
      ).avatarModelId;
    await expect(
      start(env.app, { kind: 'workflow.render', scriptId: long.id, avatarId, heygenVoiceId: 'v' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('limit is 20 s') });
    const render = await runStep(env.app, {
      kind: 'workflow.render',
      scriptId: script.id,
      avatarId,
      heygenVoiceId: 'v',
    });
    expect(render.state, render.error?.message).toBe('succeeded');
    expect(env.fakes.heygen.state.renderRequests.at(-1)).toMatchObject({ aspect_ratio: '9:16', resolution: '1080p' });
    await env.app.router.call('workflows.setDefaults', { aspectRatio: '16:9', maxVideoSeconds: 300 });
  });
});
