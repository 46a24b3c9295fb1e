// Cost per piece: every ledger row a workflow makes for a piece carries it (speak and render through the
// script's piece), and the piece's total and per-step figures equal the sums of those rows.
import { expect, it } from 'vitest';
import { PNG, wavBytes } from '../files/fixtures';
import { runStep, useWorkflowApp, writeFixture } from './harness';

const env = useWorkflowApp();

async function flushAll(): Promise<void> {
  for (const p of ['openai', 'anthropic', 'perplexity', 'elevenlabs', 'heygen'] as const)
    await env.app.providers.target(p).then((t) => t.gateway.flush());
}

it('sums every row of the piece, by step, and the rows of its jobs all carry it', async () => {
  const piece = env.app.content.pieces.create({
    title: 'One piece, many steps',
    platform: 'youtube',
    url: null,
    description: 'A piece followed through every paid step.',
    transcript: 'Open with the payoff, then prove it.',
    tags: ['hooks'],
    sourceFileId: null,
  });
  const jobs = [
    await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id }),
    await runStep(env.app, { kind: 'workflow.research', contentId: piece.id }),
    await runStep(env.app, { kind: 'workflow.rewrite', contentId: piece.id, provider: 'anthropic' }),
  ];
  const scriptId = (jobs[2]?.output as { scriptId: string }).scriptId;
  const sample = await env.app.files.registerLocal(writeFixture(env.dir, 'v.wav', wavBytes(8_000)), 'voice_sample');
  const clone = await runStep(env.app, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
  const voiceId = (clone.output as { voiceModelId: string }).voiceModelId;
  const photo = await env.app.files.registerLocal(writeFixture(env.dir, 'me.png', PNG), 'avatar_photo');
  const avatar = await runStep(env.app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  const avatarId = (avatar.output as { avatarModelId: string }).avatarModelId;
  // No contentId given: speak and render count towards the script's piece.
  const speak = await runStep(env.app, { kind: 'workflow.speak', scriptId, voiceId });
  const audioMediaId = (speak.output as { mediaId: string }).mediaId;
  jobs.push(speak, await runStep(env.app, { kind: 'workflow.render', scriptId, avatarId, audioMediaId }));
  for (const j of jobs) expect(j.state, j.error?.message).toBe('succeeded');
  await flushAll();

  const rowsOfJobs = env.app.db
    .prepare<[], { job_id: string; content_id: string | null; cost: number | null }>(
      `SELECT job_id, content_id, cost_nanos AS cost FROM calls WHERE job_id IN (${jobs.map((j) => `'${j.id}'`).join(',')})`,
    )
    .all();
  expect(rowsOfJobs.length).toBeGreaterThanOrEqual(jobs.length);
  for (const r of rowsOfJobs) expect(r.content_id, `a row of job ${r.job_id}`).toBe(piece.id);

  const cost = await env.app.router.call('workflows.pieceCost', { contentId: piece.id });
  const raw = env.app.db
    .prepare<[string], { total: number; n: number }>(
      'SELECT COALESCE(SUM(cost_nanos), 0) AS total, COUNT(*) AS n FROM calls WHERE content_id = ?',
    )
    .get(piece.id);
  expect(cost.totalNanos).toBe(raw?.total);
  expect(cost.attempts).toBe(raw?.n);
  expect(cost.totalNanos).toBeGreaterThan(0);
  expect(cost.byStep.reduce((n, s) => n + s.costNanos, 0)).toBe(cost.totalNanos);
  expect(cost.byStep.map((s) => s.operation)).toEqual(
    expect.arrayContaining([
      'content_analysis',
      'research',
      'script_generation',
      'voice_generation',
      'video_generation',
    ]),
  );
  // The job figures the UI shows per step add up to the piece's total too.
  const jobTotal = jobs.reduce((n, j) => n + (j.actualCostNanos ?? 0), 0);
  expect(jobTotal).toBe(cost.totalNanos);
});
