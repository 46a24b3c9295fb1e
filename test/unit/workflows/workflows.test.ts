// Each workflow step end to end against the provider fakes, through the real app (IPC start -> job -> library).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, wavBytes } from '../files/fixtures';
import { removeDir, runStep, start, tempDir, writeFixture, useWorkflowApp } from './harness';

const env = useWorkflowApp();
let inputs: string;

beforeAll(async () => {
  inputs = tempDir();
});

afterAll(async () => {
  removeDir(inputs);
});

const newPiece = (title = 'Why hooks matter on TikTok') =>
  env.app.content.pieces.create({
    title,
    platform: 'tiktok',
    url: null,
    description: 'Three fixes for weak openings. #creator @someone',
    transcript:
      'Stop scrolling. Most videos lose viewers in the first second. Here is how to fix that with a concrete promise.',
    tags: ['hooks'],
    sourceFileId: null,
  });

const mediaPath = (fileName: string) => join(env.dir, 'media', fileName);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('analyse', () => {
  it('is served by OpenAI with a json_schema answer, linked to the job in the ledger', async () => {
    const piece = newPiece();
    const job = await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    const [record] = env.app.content.analyses.list(piece.id);
    expect(record).toMatchObject({ provider: 'openai', demo: true, jobId: job.id });
    expect(record!.analysis.engagementScore).toBeGreaterThanOrEqual(0);
    expect(record!.analysis.hashtags.length).toBeGreaterThan(0);
    const sent = env.fakes.openai.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!;
    expect(JSON.parse(sent.bodyText ?? '{}').response_format.type).toBe('json_schema');
    await env.app.providers.target('openai').then((t) => t.gateway.flush());
    const calls = env.app.db
      .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM calls WHERE job_id = ?')
      .get(job.id)!;
    expect(calls.n).toBeGreaterThan(0);
    expect(job.actualCostNanos).toBeGreaterThan(0);
  });

  it('falls back to Anthropic when OpenAI fails and records Anthropic as the provider', async () => {
    const piece = newPiece('Fallback piece');
    env.fakes.openai.insufficientQuota(1);
    const job = await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    expect(job.output).toMatchObject({ provider: 'anthropic', fallbackFrom: [{ provider: 'openai' }] });
    expect(env.app.content.analyses.list(piece.id)[0]).toMatchObject({
      provider: 'anthropic',
      model: expect.stringContaining('claude'),
    });
  });
});

describe('research -> rewrite', () => {
  it('keeps three cited perspectives and writes a new script version with them and the persona', async () => {
    const piece = newPiece('Short form hooks for coaches');
    const research = await runStep(env.app, { kind: 'workflow.research', contentId: piece.id });
    expect(research.state, research.error?.message).toBe('succeeded');
    const [record] = env.app.content.research.list({ contentId: piece.id });
    expect(record!.perspectives).toHaveLength(3);
    for (const p of record!.perspectives) expect(p.citations.length).toBeGreaterThan(0);
    expect(record).toMatchObject({ provider: 'perplexity', demo: true });

    const persona = env.app.content.personas.create({
      name: 'Coach Kim',
      voice: 'warm, direct',
      audience: 'new coaches',
      dos: ['short sentences'],
      donts: ['jargon'],
      samplePosts: [],
    });
    const script = env.app.content.scripts.create({
      title: 'Hooks',
      contentId: piece.id,
      personaId: null,
      body: 'Old script body.',
    });
    const rewrite = await runStep(env.app, {
      kind: 'workflow.rewrite',
      contentId: piece.id,
      scriptId: script.id,
      personaId: persona.id,
      provider: 'anthropic',
    });
    expect(rewrite.state, rewrite.error?.message).toBe('succeeded');
    const versions = env.app.content.scripts.versions(script.id);
    expect(versions).toHaveLength(2);
    expect(versions[1]).toMatchObject({
      origin: 'rewrite',
      provider: 'anthropic',
      demo: true,
      jobId: rewrite.id,
      note: 'with research, as Coach Kim',
    });
    expect(versions[1]!.body).not.toBe('Old script body.');
    expect(env.app.content.scripts.diff(script.id, 1, 2).added).toBeGreaterThan(0);
  });

  it("analyses the trends of the piece's niche (its tags and platform) with citations", async () => {
    const piece = newPiece('Trendy');
    const job = await runStep(env.app, { kind: 'workflow.research', contentId: piece.id, focus: 'trends' });
    expect(job.state, job.error?.message).toBe('succeeded');
    const [record] = env.app.content.research.list({ contentId: piece.id, kind: 'trends' });
    expect(record).toMatchObject({ topic: 'hooks on tiktok', kind: 'trends', provider: 'perplexity' });
    expect(record!.perspectives.flatMap((p) => p.citations).length).toBeGreaterThan(0);
    const sent = env.fakes.perplexity.requests.at(-1)!;
    expect(sent.bodyText).toContain('Trend analysis for the niche: hooks on tiktok');
  });

  it('makes version 1 from the transcript when the piece has no script yet', async () => {
    const piece = newPiece('No script yet');
    const job = await runStep(env.app, { kind: 'workflow.rewrite', contentId: piece.id, provider: 'openai' });
    expect(job.state, job.error?.message).toBe('succeeded');
    const [script] = env.app.content.scripts.list({ contentId: piece.id });
    expect(env.app.content.scripts.versions(script!.id).map((v) => v.origin)).toEqual(['manual', 'rewrite']);
  });
});

describe('transcribe', () => {
  it('puts the transcript of a registered audio file on the piece', async () => {
    const piece = env.app.content.pieces.create({
      title: 'Dropped audio',
      platform: 'podcast',
      url: null,
      description: '',
      transcript: '',
      tags: [],
      sourceFileId: null,
    });
    const file = await env.app.files.registerLocal(writeFixture(inputs, 'talk.wav', wavBytes(16_000)), 'transcription');
    const job = await runStep(env.app, { kind: 'workflow.transcribe', contentId: piece.id, fileId: file.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    const updated = env.app.content.pieces.get(piece.id);
    expect(updated.transcript.length).toBeGreaterThan(0);
    expect(updated.sourceFileId).toBe(file.id);
  });

  it('refuses a photo with a clear error', async () => {
    const piece = newPiece('Wrong file');
    const photo = await env.app.files.registerLocal(writeFixture(inputs, 'face.png', PNG), 'avatar_photo');
    await expect(
      start(env.app, { kind: 'workflow.transcribe', contentId: piece.id, fileId: photo.id }),
    ).rejects.toThrow(/"face.png" is an image file \(image\/png\); Transcription needs an audio or a video file/);
  });
});

describe('voice clone -> speak', () => {
  it('clones a voice from samples and speaks a script into media/ with its sha256', async () => {
    const sample = await env.app.files.registerLocal(writeFixture(inputs, 'me.wav', wavBytes(8_000)), 'voice_sample');
    const clone = await runStep(env.app, { kind: 'workflow.voiceClone', name: 'My voice', fileIds: [sample.id] });
    expect(clone.state, clone.error?.message).toBe('succeeded');
    const [voice] = env.app.content.voices.list();
    expect(voice).toMatchObject({ status: 'ready', demo: true, sampleFileIds: [sample.id] });
    expect(voice!.remoteId).toBeTruthy();
    expect(env.fakes.elevenlabs.state.clones.map((c) => c.voiceId)).toContain(voice!.remoteId);

    const piece = newPiece('Spoken');
    const script = env.app.content.scripts.create({
      title: 'Spoken',
      contentId: piece.id,
      personaId: null,
      body: 'Lead with the result. Then show how you got there.',
    });
    const speak = await runStep(env.app, {
      kind: 'workflow.speak',
      contentId: piece.id,
      scriptId: script.id,
      voiceId: voice!.id,
    });
    expect(speak.state, speak.error?.message).toBe('succeeded');
    const [audio] = env.app.content.media.list({ scriptId: script.id, kind: 'audio' });
    expect(audio).toMatchObject({ provider: 'elevenlabs', demo: true, jobId: speak.id, contentId: piece.id });
    expect(sha256(mediaPath(audio!.fileName))).toBe(audio!.sha256);
    expect(speak.actualCostNanos).toBeGreaterThan(0);
  });

  it('refuses to speak with a voice that is not ready', async () => {
    const pending = env.app.content.voices.create({ name: 'Half-made', remoteId: null, status: 'pending' });
    const script = env.app.content.scripts.create({
      title: 'x',
      contentId: null,
      personaId: null,
      body: 'Hello there.',
    });
    const job = await runStep(env.app, { kind: 'workflow.speak', scriptId: script.id, voiceId: pending.id });
    expect(job).toMatchObject({
      state: 'failed',
      error: { code: 'invalid_input', message: expect.stringContaining('is pending') },
    });
  });
});

describe('avatar -> render -> download', () => {
  it('makes a photo avatar, renders the spoken script and downloads the video with its sha256', async () => {
    const photo = await env.app.files.registerLocal(writeFixture(inputs, 'portrait.png', PNG), 'avatar_photo');
    const made = await runStep(env.app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
    expect(made.state, made.error?.message).toBe('succeeded');
    const avatar = env.app.content.avatars.get((made.output as { avatarModelId: string }).avatarModelId);
    expect(avatar).toMatchObject({ status: 'ready', demo: true });

    const piece = newPiece('Rendered');
    const script = env.app.content.scripts.create({
      title: 'Rendered',
      contentId: piece.id,
      personaId: null,
      body: 'Lead with the result. Then show how you got there.',
    });
    const submitsBefore = env.fakes.heygen.state.renderSubmits;
    const render = await runStep(env.app, {
      kind: 'workflow.render',
      contentId: piece.id,
      scriptId: script.id,
      avatarId: avatar.id,
      heygenVoiceId: 'demo-voice',
    });
    expect(render.state, render.error?.message).toBe('succeeded');
    expect(env.fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
    const [video] = env.app.content.media.list({ scriptId: script.id, kind: 'video' });
    expect(video).toMatchObject({
      provider: 'heygen',
      mime: 'video/mp4',
      remoteId: render.checkpoint.videoId,
      demo: true,
    });
    expect(sha256(mediaPath(video!.fileName))).toBe(video!.sha256);
  });

  it('lip-syncs generated audio: the TTS file is uploaded and used as the scene voice', async () => {
    const avatar = env.app.content.avatars.list().find((a) => a.status === 'ready')!;
    const audio = env.app.content.media.list({ kind: 'audio' })[0]!;
    const script = env.app.content.scripts.get(audio.scriptId!);
    const render = await runStep(env.app, {
      kind: 'workflow.render',
      scriptId: script.id,
      avatarId: avatar.id,
      audioMediaId: audio.id,
    });
    expect(render.state, render.error?.message).toBe('succeeded');
    const sent = env.fakes.heygen.state.renderRequests.at(-1) as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: 'avatar',
      avatar_id: avatar.remoteId,
      audio_asset_id: expect.any(String),
      resolution: '1080p',
      aspect_ratio: '16:9',
    });
    expect(sent.script).toBeUndefined();
  });

  it("fails with HeyGen's reason when the render fails", async () => {
    const avatar = env.app.content.avatars.list().find((a) => a.status === 'ready')!;
    const script = env.app.content.scripts.create({
      title: 'x',
      contentId: null,
      personaId: null,
      body: 'This one will not render.',
    });
    const job = await runStep(env.app, {
      kind: 'workflow.render',
      scriptId: script.id,
      avatarId: avatar.id,
      heygenVoiceId: 'v',
      title: 'please fail',
    });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/rendering_failed: Avatar rendering timed out/);
  });
});

describe('estimates and budgets', () => {
  it('estimates from input size and refuses a start over a hard budget', async () => {
    const piece = newPiece('Budgeted');
    const estimate = await env.app.router.call('workflows.estimate', { kind: 'workflow.analyse', contentId: piece.id });
    expect(estimate.estimatedCostNanos).toBeGreaterThan(0);
    expect(estimate).toMatchObject({ exceedsHardBudget: false, demo: true });
    await env.app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'openai',
      period: 'month',
      limitNanos: 1,
      mode: 'hard',
      thresholds: [100],
      enabled: true,
    });
    await expect(
      env.app.router.call('workflows.estimate', { kind: 'workflow.analyse', contentId: piece.id }),
    ).resolves.toMatchObject({ exceedsHardBudget: true });
    await expect(start(env.app, { kind: 'workflow.analyse', contentId: piece.id })).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
  });
});
