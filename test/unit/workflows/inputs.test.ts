// Workflow inputs that must fail clearly: swapped files, unstructured research answers, analysis answers
// outside the schema.
import { appendFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ProviderError } from '../../../main/gateway/types';
import { toAnalysis } from '../../../main/workflows/analyse';
import { splitPerspectives } from '../../../main/workflows/research';
import { wavBytes } from '../files/fixtures';
import { start, writeFixture, useWorkflowApp } from './harness';

const env = useWorkflowApp();

it('refuses a sample that changed on disk after it was added', async () => {
  const path = writeFixture(env.dir, 'sample.wav', wavBytes(4_000));
  const file = await env.app.files.registerLocal(path, 'voice_sample');
  appendFileSync(path, Buffer.alloc(10));
  await expect(start(env.app, { kind: 'workflow.voiceClone', name: 'x', fileIds: [file.id] })).rejects.toThrow(
    /"sample.wav" was changed or replaced since it was added/,
  );
});

it('refuses an unknown file id and an unknown piece', async () => {
  await expect(start(env.app, { kind: 'workflow.avatar', name: 'x', fileId: 'nope' })).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(start(env.app, { kind: 'workflow.analyse', contentId: 'nope' })).rejects.toMatchObject({
    code: 'not_found',
  });
});

it('gives each perspective the sources its [n] markers cite, and keeps an unstructured answer whole', () => {
  const citations = [
    { url: 'https://a.example/1', title: 'A', snippet: null, date: null },
    { url: 'https://b.example/2', title: 'B', snippet: null, date: null },
    { url: 'not a url', title: 'C', snippet: null, date: null },
  ];
  const split = splitPerspectives('Perspective 1 (data): x [1][2]\nmore\nPerspective 2 (contrarian): y [3]', citations);
  expect(split.map((p) => [p.title, p.citations.map((c) => c.title)])).toEqual([
    ['Perspective 1: data', ['A', 'B']],
    ['Perspective 2: contrarian', []],
  ]);
  const whole = splitPerspectives('Just one paragraph [1].', citations);
  expect(whole).toEqual([
    {
      title: 'Research',
      summary: 'Just one paragraph [1].',
      citations: [
        { url: 'https://a.example/1', title: 'A' },
        { url: 'https://b.example/2', title: 'B' },
      ],
    },
  ]);
});

it('treats an analysis outside the schema as a malformed provider answer', () => {
  expect(() => toAnalysis({ hook: 'h' }, 'openai')).toThrow(ProviderError);
  const ok = toAnalysis(
    {
      hook: 'h',
      body: 'b',
      cta: 'c',
      style: 's',
      hashtags: [],
      mentions: [],
      engagement_score: 140,
      trending_elements: [],
    },
    'openai',
  );
  expect(ok.engagementScore).toBe(100);
});
