// Demo mode analyses the piece, not the prompt: the OpenAI fake (and the Anthropic fallback) answer with a
// schema-valid analysis whose hook, CTA, hashtags and mentions come from the piece's own material.
import { describe, expect, it } from 'vitest';
import { demoAnalysisFor, promptSections } from '../../../main/providers/shared/demo-analysis';
import { analysisPrompt } from '../../../main/workflows/analyse';
import { runStep, useWorkflowApp } from './harness';

const PIECE = {
  title: 'Why hooks matter on TikTok',
  platform: 'tiktok' as const,
  url: null,
  description: 'Three fixes for weak openings. #creator @someone',
  transcript:
    'Most videos lose viewers in the first second. Here is how to fix that with a concrete promise.\nShow the result before the method. Follow for part two.',
  tags: ['hooks', 'short form'],
  sourceFileId: null,
};

describe('demoAnalysisFor', () => {
  it('reads the labelled sections of the analyse prompt, a transcript spanning lines included', () => {
    const piece = { ...PIECE, id: 'c1', createdAt: '', updatedAt: '' } as Parameters<typeof analysisPrompt>[0];
    const sections = promptSections(analysisPrompt(piece));
    expect(sections).toEqual({
      Title: PIECE.title,
      Description: PIECE.description,
      Transcript: PIECE.transcript,
      Tags: 'hooks, short form',
    });
  });

  it('takes the hook from the transcript, the CTA from its closing ask and hashtags from the piece', () => {
    const piece = { ...PIECE, id: 'c1', createdAt: '', updatedAt: '' } as Parameters<typeof analysisPrompt>[0];
    const prompt = `You analyze short-form social media content for a creator. Answer with JSON only.\n${analysisPrompt(piece)}`;
    const a = demoAnalysisFor(prompt);
    expect(a.hook).toBe('Most videos lose viewers in the first second.');
    expect(a.cta).toBe('Follow for part two.');
    expect(a.hashtags.slice(0, 3)).toEqual(['#hooks', '#shortform', '#creator']);
    expect(a.mentions).toEqual(['@someone']);
    expect(a.hashtags.join(' ')).not.toMatch(/analyze|schema|json/i);
    expect(demoAnalysisFor(prompt)).toEqual(a);
  });

  it('analyses a prompt without labelled material as a whole (free-form use of the fake)', () => {
    expect(demoAnalysisFor('Analyze this: Short videos win. #growth').hashtags).toContain('#growth');
  });
});

describe('demo analyse step', () => {
  const env = useWorkflowApp();

  it.each(['openai', 'anthropic'] as const)('stores an analysis of the piece when %s serves it', async (provider) => {
    const piece = env.app.content.pieces.create({ ...PIECE, tags: [...PIECE.tags] });
    if (provider === 'anthropic') env.fakes.openai.insufficientQuota(1);
    const job = await runStep(env.app, { kind: 'workflow.analyse', contentId: piece.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    const [record] = env.app.content.analyses.list(piece.id);
    expect(record).toMatchObject({ provider, demo: true });
    expect(record!.analysis).toMatchObject({
      hook: 'Most videos lose viewers in the first second.',
      cta: 'Follow for part two.',
      mentions: ['@someone'],
      hashtags: expect.arrayContaining(['#hooks', '#creator']),
    });
  });
});
