// Estimates are upper bounds: for every workflow step, on every provider that can serve it (and the fallback
// that may), over generated inputs of different sizes, the estimate shown before the click is at least what the
// job's ledger rows cost once it ran against the fakes. Search and tool fees, fallbacks and render length included.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowRequest } from '../../../preload/contract/workflows';
import type { AppServices } from '../../../main/app';
import { PNG, wavBytes } from '../files/fixtures';
import { runStep, useWorkflowApp, writeFixture } from './harness';

const env = useWorkflowApp();
let avatarId: string;
let voiceId: string;

/** What the job's ledger rows cost (every attempt, settled renders included). */
async function ledgerCost(app: AppServices, jobId: string): Promise<number> {
  for (const p of ['openai', 'anthropic', 'perplexity', 'elevenlabs', 'heygen', 'exa'] as const)
    await app.providers.target(p).then((t) => t.gateway.flush());
  return (
    app.db
      .prepare<[string], { cost: number }>('SELECT COALESCE(SUM(cost_nanos), 0) AS cost FROM calls WHERE job_id = ?')
      .get(jobId)?.cost ?? 0
  );
}

/** Estimates, runs, and checks estimate >= actual (both the job's figure and its ledger rows). */
async function expectBounded(input: WorkflowRequest): Promise<void> {
  const estimate = await env.app.router.call('workflows.estimate', input);
  const job = await runStep(env.app, input);
  expect(job.state, job.error?.message).toBe('succeeded');
  expect(estimate.estimatedCostNanos, `${input.kind}: ${estimate.basis}`).not.toBeNull();
  const actual = await ledgerCost(env.app, job.id);
  expect(actual, `${input.kind}: ${estimate.basis}`).toBeLessThanOrEqual(estimate.estimatedCostNanos ?? -1);
  expect(job.actualCostNanos ?? 0).toBeLessThanOrEqual(estimate.estimatedCostNanos ?? -1);
}

const words = fc
  .array(fc.constantFrom('hook', 'creator', 'retention', 'video', 'audience', 'growth', 'script', 'é', '🙂'), {
    minLength: 3,
    maxLength: 400,
  })
  .map((w) => w.join(' '));

const newPiece = (title: string, transcript: string, url: string | null = null) =>
  env.app.content.pieces.create({
    title: title.slice(0, 200) || 'Untitled',
    platform: 'tiktok',
    url,
    description: transcript.slice(0, 500),
    transcript,
    tags: ['hooks'],
    sourceFileId: null,
  });

const newScript = (body: string) =>
  env.app.content.scripts.create({ title: 'Bound', contentId: null, personaId: null, body });

const RUNS = { numRuns: 4, seed: 17 };

beforeAll(async () => {
  const photo = await env.app.files.registerLocal(writeFixture(env.dir, 'me.png', PNG), 'avatar_photo');
  const made = await runStep(env.app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  avatarId = (made.output as { avatarModelId: string }).avatarModelId;
  const sample = await env.app.files.registerLocal(writeFixture(env.dir, 's.wav', wavBytes(8_000)), 'voice_sample');
  const clone = await runStep(env.app, { kind: 'workflow.voiceClone', name: 'Me', fileIds: [sample.id] });
  voiceId = (clone.output as { voiceModelId: string }).voiceModelId;
});

describe('estimate >= actual on the fakes', () => {
  it('analyse (OpenAI, and Anthropic when OpenAI fails)', async () => {
    await fc.assert(
      fc.asyncProperty(words, words, fc.boolean(), async (title, transcript, openaiFails) => {
        if (openaiFails) env.fakes.openai.insufficientQuota(1);
        await expectBounded({ kind: 'workflow.analyse', contentId: newPiece(title, transcript).id });
      }),
      RUNS,
    );
  });

  it('research (perspectives and trends, search fees included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        fc.constantFrom('perspectives', 'trends') as fc.Arbitrary<'perspectives' | 'trends'>,
        async (title, focus) => {
          await expectBounded({ kind: 'workflow.research', contentId: newPiece(title, 'x').id, focus });
        },
      ),
      RUNS,
    );
  });

  it('research on Exa (search with highlights, and findSimilar when the piece has a URL)', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        fc.constantFrom('perspectives', 'trends') as fc.Arbitrary<'perspectives' | 'trends'>,
        fc.constantFrom(null, 'https://www.tiktok.com/@me/video/1'),
        async (title, focus, url) => {
          const piece = newPiece(title, 'x', url);
          await expectBounded({ kind: 'workflow.research', contentId: piece.id, focus, model: 'exa/search' });
        },
      ),
      RUNS,
    );
  });

  it('rewrite (OpenAI and Anthropic) and generate', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        words,
        fc.constantFrom('openai', 'anthropic') as fc.Arbitrary<'openai' | 'anthropic'>,
        async (title, transcript, provider) => {
          const piece = newPiece(title, transcript);
          await expectBounded({ kind: 'workflow.rewrite', contentId: piece.id, provider });
          await expectBounded({ kind: 'workflow.generate', contentIds: [piece.id], brief: title.slice(0, 2_000) });
        },
      ),
      RUNS,
    );
  });

  it('transcribe, speak', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 800, max: 80_000 }), words, async (samples, body) => {
        const piece = newPiece('Audio', 'x');
        const audio = await env.app.files.registerLocal(
          writeFixture(env.dir, `a-${samples}.wav`, wavBytes(samples)),
          'transcription',
        );
        await expectBounded({ kind: 'workflow.transcribe', contentId: piece.id, fileId: audio.id });
        await expectBounded({ kind: 'workflow.speak', scriptId: newScript(body).id, voiceId });
      }),
      RUNS,
    );
  });

  it('render (HeyGen voice from the script, or generated audio; 1080p and 4K)', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        fc.boolean(),
        fc.constantFrom('1080p', '4k') as fc.Arbitrary<'1080p' | '4k'>,
        async (body, withAudio, resolution) => {
          const script = newScript(body);
          if (withAudio) {
            const speak = await runStep(env.app, { kind: 'workflow.speak', scriptId: script.id, voiceId });
            const audioMediaId = (speak.output as { mediaId: string }).mediaId;
            await expectBounded({ kind: 'workflow.render', scriptId: script.id, avatarId, audioMediaId, resolution });
          } else {
            await expectBounded({
              kind: 'workflow.render',
              scriptId: script.id,
              avatarId,
              heygenVoiceId: 'v',
              resolution,
            });
          }
        },
      ),
      RUNS,
    );
  });
});
