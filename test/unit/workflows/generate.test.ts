// workflow.generate end to end against the provider fakes: Claude writes a new script from chosen pieces (their
// descriptions, transcripts and analyses), OpenAI takes over when Claude fails, the estimate follows the input
// size, and a hard budget refuses the start.
import { describe, expect, it } from 'vitest';
import { anthropicErrorBody } from '../../../main/providers/anthropic/fake';
import { runStep, start, useWorkflowApp } from './harness';

const env = useWorkflowApp();

const piece = (title: string, transcript: string, description = '') =>
  env.app.content.pieces.create({
    title,
    platform: 'tiktok',
    url: null,
    description,
    transcript,
    tags: ['hooks'],
    sourceFileId: null,
  });

/** The job's ledger rows (every attempt), by provider. */
async function callsOf(jobId: string) {
  await env.app.providers.target('anthropic').then((t) => t.gateway.flush());
  const { rows } = await env.app.router.call('ledger.calls', { jobId, limit: 50 });
  return rows
    .map((r) => ({ provider: r.provider, jobId: r.jobId, contentId: r.contentId, status: r.status }))
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

const lastAnthropicBody = () =>
  JSON.parse(env.fakes.anthropic.requests.filter((r) => r.path === '/v1/messages').at(-1)?.bodyText ?? '{}') as {
    model: string;
    system: string;
    messages: { content: string }[];
  };

describe('workflow.generate', () => {
  it('has Claude write a new script from two pieces, their analysis and the persona, linked to the first piece', async () => {
    // The description quotes analysis words: the demo Claude still answers with a script, as its system prompt asks.
    const first = piece(
      'Morning routine hooks',
      'Stop scrolling. My mornings start with one question.',
      'Engagement doubled once we analysed the first second.',
    );
    const second = piece('Batching content on Sundays', 'I film seven videos in two hours. Here is the setup.');
    env.app.content.analyses.save(
      second.id,
      {
        hook: 'I film seven videos in two hours',
        body: 'Setup walk-through',
        cta: 'Save this',
        style: 'tutorial',
        hashtags: ['#batching'],
        mentions: [],
        engagementScore: 80,
        trendingElements: ['day-in-the-life format'],
      },
      { provider: 'openai', model: 'gpt-4.1-mini', demo: true, jobId: null },
    );
    const persona = env.app.content.personas.create({
      name: 'Calm Coach',
      voice: 'calm, concrete',
      audience: 'busy founders',
      dos: ['one idea per video'],
      donts: ['hype'],
      samplePosts: ['Small steps, every day.'],
    });

    const job = await runStep(env.app, {
      kind: 'workflow.generate',
      contentIds: [first.id, second.id],
      personaId: persona.id,
      brief: 'A script about protecting the first hour of the day',
    });
    expect(job.state, job.error?.message).toBe('succeeded');
    expect(job.contentId).toBe(first.id);
    expect(job.output).toMatchObject({ provider: 'anthropic', version: 1, demo: true, fallbackFrom: [] });

    const script = env.app.content.scripts.get((job.output as { scriptId: string }).scriptId);
    expect(script).toMatchObject({
      contentId: first.id,
      personaId: persona.id,
      currentVersion: 1,
      title: 'New script from "Morning routine hooks" + 1 more',
    });
    expect(script.body).toMatch(/^HOOK: .+\n[\s\S]*BODY: [\s\S]*CTA: /);
    const [version] = env.app.content.scripts.versions(script.id);
    expect(version).toMatchObject({
      origin: 'generate',
      provider: 'anthropic',
      model: expect.stringContaining('claude'),
      demo: true,
      jobId: job.id,
      note: 'from 2 pieces, as Calm Coach',
    });

    const sent = lastAnthropicBody();
    expect(sent.model).toBe('claude-sonnet-4-5');
    expect(sent.system).toMatch(/new short-form script/);
    const prompt = sent.messages[0]!.content;
    for (const expected of [
      'Brief: A script about protecting the first hour',
      'Persona: Calm Coach',
      "Don't: hype",
      'Piece 1: "Morning routine hooks"',
      'My mornings start',
      'Piece 2: "Batching content on Sundays"',
      'What worked: hook "I film seven videos in two hours"',
    ]) {
      expect(prompt).toContain(expected);
    }

    const calls = await callsOf(job.id);
    expect(calls).toEqual([{ provider: 'anthropic', jobId: job.id, contentId: first.id, status: 200 }]);
    expect(job.actualCostNanos).toBeGreaterThan(0);
  });

  it('falls back to OpenAI when Claude fails, and the ledger keeps both attempts', async () => {
    // Analysis words in the piece: the demo OpenAI, too, follows its system prompt and writes a script.
    const only = piece(
      'Pricing your first offer',
      'Charge for the outcome, not the hours.',
      'We analysed engagement on every pricing post.',
    );
    env.fakes.anthropic.inject(
      {
        type: 'status',
        status: 400,
        body: anthropicErrorBody(
          'invalid_request_error',
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        ),
      },
      { path: '/v1/messages', times: 1 },
    );
    const job = await runStep(env.app, { kind: 'workflow.generate', contentIds: [only.id] });
    expect(job.state, job.error?.message).toBe('succeeded');
    expect(job.output).toMatchObject({
      provider: 'openai',
      fallbackFrom: [{ provider: 'anthropic', error: expect.stringMatching(/credit balance/) }],
    });
    const [script] = env.app.content.scripts.list({ contentId: only.id });
    expect(script!.title).toBe('New script from "Pricing your first offer"');
    expect(env.app.content.scripts.versions(script!.id)[0]).toMatchObject({
      origin: 'generate',
      provider: 'openai',
      demo: true,
      note: 'from 1 piece',
    });
    expect(script!.body).toMatch(/HOOK: /);
    expect(() => JSON.parse(script!.body)).toThrow();
    const calls = await callsOf(job.id);
    expect(calls.map((c) => [c.provider, c.status, c.contentId])).toEqual([
      ['anthropic', 400, only.id],
      ['openai', 200, only.id],
    ]);
  });

  it('refuses bad input with a clear error', async () => {
    const one = piece('One', 'Text.');
    await expect(start(env.app, { kind: 'workflow.generate', contentIds: [] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(start(env.app, { kind: 'workflow.generate', contentIds: [one.id, one.id] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('each piece may be chosen once'),
    });
    await expect(
      start(env.app, { kind: 'workflow.generate', contentIds: Array.from({ length: 11 }, (_, i) => `p${i}`) }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      start(env.app, { kind: 'workflow.generate', contentIds: [one.id, 'no-such-piece'] }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('estimates from the size of the chosen pieces (Claude prices)', async () => {
    const short = piece('Short', 'A short transcript.');
    const long = piece('Long', 'A much longer transcript that goes on. '.repeat(200));
    const one = await env.app.router.call('workflows.estimate', { kind: 'workflow.generate', contentIds: [short.id] });
    const two = await env.app.router.call('workflows.estimate', {
      kind: 'workflow.generate',
      contentIds: [short.id, long.id],
    });
    expect(one).toMatchObject({
      kind: 'workflow.generate',
      exceedsHardBudget: false,
      demo: true,
      basis: expect.stringMatching(/^1 piece: ≤[\d,]+ input tokens .*claude-sonnet-4-5/),
      model: 'claude-sonnet-4-5',
    });
    expect(two.basis).toMatch(/^2 pieces:/);
    expect(one.estimatedCostNanos).toBeGreaterThan(0);
    expect(two.estimatedCostNanos!).toBeGreaterThan(one.estimatedCostNanos!);
  });

  // Last: the budget stays in force for the rest of the file.
  it('is refused when a hard budget on Anthropic would be exceeded', async () => {
    const p = piece('Budgeted', 'Some words to price.');
    const jobsBefore = env.app.jobs.list({ kind: 'workflow.generate', limit: 200 }).length;
    await env.app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'anthropic',
      period: 'month',
      limitNanos: 1,
      mode: 'hard',
      thresholds: [100],
      enabled: true,
    });
    await expect(
      env.app.router.call('workflows.estimate', { kind: 'workflow.generate', contentIds: [p.id] }),
    ).resolves.toMatchObject({ exceedsHardBudget: true });
    await expect(start(env.app, { kind: 'workflow.generate', contentIds: [p.id] })).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
    expect(env.app.jobs.list({ kind: 'workflow.generate', limit: 200 }).length).toBe(jobsBefore);
  });
});
