// Exa as the research source: the step searches (highlights nested under contents), asks for pages like the
// piece's URL, saves every result as a citation with its snippet, ledgers Exa's own cost against the piece, and a
// cited page can be opened while any other URL is refused.
import { describe, expect, it } from 'vitest';
import { runStep, useWorkflowApp } from './harness';

const env = useWorkflowApp();

const newPiece = (url: string | null) =>
  env.app.content.pieces.create({
    title: 'Hooks that keep viewers',
    platform: 'youtube',
    url,
    description: 'Open with the payoff.',
    transcript: 'Open with the payoff. Then show the proof.',
    tags: ['hooks', 'retention'],
    sourceFileId: null,
  });

describe('research on Exa', () => {
  it('is offered next to Perplexity with its own price', async () => {
    const piece = newPiece(null);
    const { options } = await env.app.router.call('workflows.models', {
      kind: 'workflow.research',
      contentId: piece.id,
    });
    const exa = options.find((o) => o.provider === 'exa');
    expect(exa).toMatchObject({ model: 'exa/search', shutDown: false });
    // One search of 8 pages with highlights: $7 per 1,000 searches.
    expect(exa?.estimatedCostNanos).toBe(7_000_000);
    expect(options.some((o) => o.provider === 'perplexity')).toBe(true);
  });

  it('cites the pages found and those like the piece, with snippets; the cost is Exa’s and joins the piece', async () => {
    const piece = newPiece('https://www.youtube.com/watch?v=abc');
    const before = env.fakes.exa.requests.length;
    const estimate = await env.app.router.call('workflows.estimate', {
      kind: 'workflow.research',
      contentId: piece.id,
      model: 'exa/search',
    });
    expect(estimate.basis).toContain('similar');
    const job = await runStep(env.app, { kind: 'workflow.research', contentId: piece.id, model: 'exa/search' });
    expect(job.state, job.error?.message).toBe('succeeded');

    const sent = env.fakes.exa.requests.slice(before).map((r) => [r.path, JSON.parse(r.bodyText ?? '{}')]);
    expect(sent.map(([p]) => p)).toEqual(['/search', '/findSimilar']);
    expect(sent[0]?.[1]).toMatchObject({
      query: piece.title,
      numResults: 8,
      contents: { highlights: { numSentences: 2, highlightsPerUrl: 1 } },
    });
    expect(sent[1]?.[1]).toMatchObject({ url: piece.url, excludeSourceDomain: true, numResults: 5 });

    const [record] = env.app.content.research.list({ contentId: piece.id });
    expect(record).toMatchObject({ provider: 'exa', model: 'exa/search', demo: true });
    expect(record?.perspectives.map((p) => p.citations.length)).toEqual([8, 5]);
    for (const c of record?.perspectives.flatMap((p) => p.citations) ?? []) {
      expect(c.url).toMatch(/^https:\/\//);
      expect(c.snippet).toMatch(/says in one sentence/);
    }

    await env.app.providers.target('exa').then((t) => t.gateway.flush());
    const cost = await env.app.router.call('workflows.pieceCost', { contentId: piece.id });
    expect(cost.totalNanos).toBe(14_000_000);
    expect(job.actualCostNanos).toBe(14_000_000);
    expect(cost.totalNanos).toBeLessThanOrEqual(estimate.estimatedCostNanos ?? -1);
  });

  it('trends search the last month’s news and skip findSimilar', async () => {
    const piece = newPiece('https://www.youtube.com/watch?v=def');
    const before = env.fakes.exa.requests.length;
    const job = await runStep(env.app, {
      kind: 'workflow.research',
      contentId: piece.id,
      focus: 'trends',
      model: 'exa/search',
    });
    expect(job.state, job.error?.message).toBe('succeeded');
    const sent = env.fakes.exa.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/search']);
    const body = JSON.parse(sent[0]?.bodyText ?? '{}') as { category?: string; startPublishedDate?: string };
    expect(body.category).toBe('news');
    expect(Date.parse(body.startPublishedDate ?? '')).toBeLessThan(Date.now());
  });

  it('opens only a page the research cites (web mode: the page opens the tab)', async () => {
    const piece = newPiece(null);
    await runStep(env.app, { kind: 'workflow.research', contentId: piece.id, model: 'exa/search' });
    const [record] = env.app.content.research.list({ contentId: piece.id });
    const url = record?.perspectives[0]?.citations[0]?.url ?? '';
    expect(await env.app.router.call('research.openSource', { id: record?.id ?? '', url })).toEqual({
      opened: false,
      url,
    });
    await expect(
      env.app.router.call('research.openSource', { id: record?.id ?? '', url: 'https://evil.example/x' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('rewrite after Exa research', () => {
  it('puts the cited sentences and their addresses into the prompt, within the estimate', async () => {
    const piece = newPiece(null);
    await runStep(env.app, { kind: 'workflow.research', contentId: piece.id, model: 'exa/search' });
    const estimate = await env.app.router.call('workflows.estimate', { kind: 'workflow.rewrite', contentId: piece.id });
    const job = await runStep(env.app, { kind: 'workflow.rewrite', contentId: piece.id });
    expect(job.state, job.error?.message).toBe('succeeded');
    const sent = env.fakes.openai.requests.at(-1)?.bodyText ?? '';
    expect(sent).toContain('says in one sentence');
    expect(sent).toContain('https://example.org/');
    expect(job.actualCostNanos ?? 0).toBeLessThanOrEqual(estimate.estimatedCostNanos ?? -1);
  });
});
