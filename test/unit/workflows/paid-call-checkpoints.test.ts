// A step made of several paid calls, refused by the limiter after the first one, waits and then runs again: the
// calls that already succeeded are checkpointed and reused, so the fake sees (and bills) each call exactly once.
// The refusal comes from an hourly cap set to let exactly one more call through; the test then lifts the cap and
// wakes the job itself, so nothing depends on how fast the machine is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../preload/contract/jobs';
import type { AppServices } from '../../../main/app';
import { anthropicErrorBody } from '../../../main/providers/anthropic/fake';
import { wavBytes } from '../files/fixtures';
import { openApp, removeDir, runStep, start, startFakes, tempDir, writeFixture, type Fakes } from './harness';

let fakes: Fakes;
let dir: string;
let app: AppServices;

beforeAll(async () => {
  fakes = await startFakes();
  dir = tempDir();
  app = openApp(dir, fakes);
});

afterAll(async () => {
  await app?.close();
  await fakes?.close();
  removeDir(dir);
});

/** Caps `operation` on `provider` at the calls made so far plus `more`, keeping the other caps. */
async function allowOnly(provider: string, operation: string, more: number): Promise<void> {
  const limits = await app.router.call('limits.get', {});
  const used = limits.usage
    .filter((u) => u.account.split(':').includes(provider) && u.operation === operation)
    .reduce((n, u) => n + u.used, 0);
  await app.router.call('limits.set', { hourly: { ...limits.hourly, [operation]: used + more } });
}

async function lift(operation: string): Promise<void> {
  const limits = await app.router.call('limits.get', {});
  await app.router.call('limits.set', { hourly: { ...limits.hourly, [operation]: null } });
}

/** Resolves with the job once it is parked waiting (checked on the jobs' own events). */
function whenWaiting(id: string): Promise<Job> {
  return new Promise((resolve) => {
    const check = () => {
      const job = app.jobs.get(id);
      if (job.state === 'waiting') {
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

async function ledgerCost(jobId: string): Promise<number> {
  for (const p of ['elevenlabs', 'exa', 'openai', 'anthropic'] as const)
    await app.providers.target(p).then((t) => t.gateway.flush());
  const { rows } = await app.router.call('ledger.calls', { jobId, limit: 50 });
  return rows.reduce((n, r) => n + (r.costNanos ?? 0), 0);
}

describe('a multi-call step rate-limited after its first paid call', () => {
  it('speak: the chunk spoken before the wait is not spoken again', async () => {
    const sample = await app.files.registerLocal(writeFixture(dir, 'me.wav', wavBytes(8_000)), 'voice_sample');
    const clone = await runStep(app, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
    const voiceId = (clone.output as { voiceModelId: string }).voiceModelId;
    // Eleven v3 takes 3,000 characters a request: this script is two chunks.
    const sentence = 'Every opening line has one job, which is to earn the second line. ';
    const script = app.content.scripts.create({
      title: 'Two chunks',
      contentId: null,
      personaId: null,
      body: sentence.repeat(70).trim(),
    });
    await allowOnly('elevenlabs', 'voice_generation', 1);
    const ttsBefore = fakes.elevenlabs.state.ttsRequests;
    const creditsBefore = fakes.elevenlabs.state.creditsUsed;
    const { jobId } = await start(app, {
      kind: 'workflow.speak',
      scriptId: script.id,
      voiceId,
      model: 'eleven_v3',
    });
    const parked = await whenWaiting(jobId);
    expect(parked.progressMessage).toMatch(/^Rate limited: voice_generation is capped/);
    expect((parked.checkpoint.parts as unknown[]).length).toBe(1);

    await lift('voice_generation');
    app.jobs.resume(jobId);
    const done = await app.jobs.whenSettled(jobId);
    expect(done.state, done.error?.message).toBe('succeeded');
    expect(done.attempts).toBe(2);

    // Two billed requests, and the credits of the script's characters once (a re-spoken chunk would add ~half).
    expect(fakes.elevenlabs.state.ttsRequests - ttsBefore).toBe(2);
    const credits = fakes.elevenlabs.state.creditsUsed - creditsBefore;
    expect(credits).toBeLessThanOrEqual(script.body.length);
    expect(credits).toBeGreaterThanOrEqual(script.body.length - 2); // the space at the split is not spoken
    // The job carries both chunks' cost once: what the ledger holds for it.
    expect(done.actualCostNanos).toBe(await ledgerCost(jobId));
    expect(done.actualCostNanos).toBeGreaterThan(0);
  });

  it('research on Exa: the search made before the wait is not searched again', async () => {
    const piece = app.content.pieces.create({
      title: 'Hooks that hold',
      platform: 'tiktok',
      url: 'https://example.com/hooks',
      description: 'Openings that hold.',
      transcript: '',
      tags: ['hooks'],
      sourceFileId: null,
    });
    await allowOnly('exa', 'research', 1);
    const before = fakes.exa.requests.length;
    const { jobId } = await start(app, {
      kind: 'workflow.research',
      contentId: piece.id,
      model: 'exa/search',
    });
    const parked = await whenWaiting(jobId);
    expect(parked.progressMessage).toMatch(/^Rate limited: research is capped/);
    expect(parked.checkpoint.exa).toMatchObject({ search: { costNanos: expect.any(Number) } });

    await lift('research');
    app.jobs.resume(jobId);
    const done = await app.jobs.whenSettled(jobId);
    expect(done.state, done.error?.message).toBe('succeeded');
    expect(done.attempts).toBe(2);

    const paths = fakes.exa.requests.slice(before).map((r) => r.path);
    expect(paths.filter((p) => p === '/search')).toHaveLength(1);
    expect(paths.filter((p) => p === '/findSimilar')).toHaveLength(1);
    const record = app.content.research.get((done.output as { researchId: string }).researchId);
    expect(record.perspectives.map((p) => p.title)).toEqual(['Sources on “Hooks that hold”', 'Pages like your piece']);
    expect(done.actualCostNanos).toBe(await ledgerCost(jobId));
    expect(done.actualCostNanos).toBeGreaterThan(0);
  });

  it('analyse: an OpenAI answer paid for and outside the schema is not bought again when Claude was rate-limited', async () => {
    const piece = app.content.pieces.create({
      title: 'Schema misses',
      platform: 'tiktok',
      url: null,
      description: 'A hook, then the fix.',
      transcript: 'Stop scrolling. Here is the fix.',
      tags: [],
      sourceFileId: null,
    });
    // Reconstructed from the fake's own chat.completion shape: a billed answer whose JSON misses the schema.
    fakes.openai.inject(
      {
        type: 'status',
        status: 200,
        body: {
          id: 'chatcmpl-schema-miss',
          object: 'chat.completion',
          created: 1_765_000_000,
          model: 'gpt-4.1-mini-2025-04-14',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: '{"hook":"only a hook"}', refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 120, completion_tokens: 8, total_tokens: 128 },
        },
      },
      { method: 'POST', path: '/v1/chat/completions', times: 1 },
    );
    // Claude answers 429 with an hour's retry-after: the step waits (the test wakes it).
    fakes.anthropic.inject(
      {
        type: 'status',
        status: 429,
        body: anthropicErrorBody(
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
        ),
        headers: { 'retry-after': '3600' },
      },
      { method: 'POST', path: '/v1/messages', times: 1 },
    );
    const openaiBefore = fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const anthropicBefore = fakes.anthropic.requests.filter((r) => r.path === '/v1/messages').length;
    const { jobId } = await start(app, { kind: 'workflow.analyse', contentId: piece.id });
    const parked = await whenWaiting(jobId);
    expect(parked.progressMessage).toMatch(/^Rate limited by anthropic \(429\)/);
    expect(parked.checkpoint.rejected).toEqual(['openai']);

    app.jobs.resume(jobId);
    const done = await app.jobs.whenSettled(jobId);
    expect(done.state, done.error?.message).toBe('succeeded');
    expect(done.output).toMatchObject({ provider: 'anthropic' });
    expect(fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions').length - openaiBefore).toBe(1);
    expect(fakes.anthropic.requests.filter((r) => r.path === '/v1/messages').length - anthropicBefore).toBe(2);
    // The rejected OpenAI answer is on the job once, with Claude's: what the ledger holds for it.
    expect(done.actualCostNanos).toBe(await ledgerCost(jobId));
  });
});
