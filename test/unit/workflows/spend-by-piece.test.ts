// The dashboard's spend by piece: each piece's figure is the sum of the ledger rows carrying it (every attempt),
// the period and the provider filter apply, a deleted piece keeps its spend (titled null), calls made for no
// piece are not listed.
import { describe, expect, it } from 'vitest';
import { runStep, useWorkflowApp } from './harness';

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

const flush = async () => {
  for (const p of ['openai', 'anthropic', 'perplexity', 'exa'] as const)
    await env.app.providers.target(p).then((t) => t.gateway.flush());
};

/** The ledger's own figure per piece, straight from the rows. */
const ledgerByPiece = () =>
  new Map(
    env.app.db
      .prepare<[], { content_id: string; cost: number; n: number }>(
        'SELECT content_id, COALESCE(SUM(cost_nanos), 0) AS cost, COUNT(*) AS n FROM calls WHERE content_id IS NOT NULL GROUP BY content_id',
      )
      .all()
      .map((r) => [r.content_id, r]),
  );

describe('spend by piece', () => {
  it('equals the ledger rows of each piece, within the period and filters', async () => {
    const a = newPiece('Piece A');
    const b = newPiece('Piece B');
    env.fakes.openai.insufficientQuota(1); // A's analysis falls back to Anthropic: both attempts count
    for (const input of [
      { kind: 'workflow.analyse', contentId: a.id },
      { kind: 'workflow.research', contentId: a.id, model: 'exa/search' },
      { kind: 'workflow.analyse', contentId: b.id },
    ] as const) {
      const job = await runStep(env.app, input);
      expect(job.state, job.error?.message).toBe('succeeded');
    }
    await flush();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const all = await env.app.router.call('workflows.spendByPiece', { from, to });
    const ledger = ledgerByPiece();
    expect(all.items.map((i) => i.contentId).sort()).toEqual([a.id, b.id].sort());
    for (const item of all.items) {
      expect(item.costNanos).toBe(ledger.get(item.contentId)?.cost);
      expect(item.attempts).toBe(ledger.get(item.contentId)?.n);
      const piece = await env.app.router.call('workflows.pieceCost', { contentId: item.contentId });
      expect(item.costNanos).toBe(piece.totalNanos);
    }
    expect(all.items.find((i) => i.contentId === a.id)).toMatchObject({ title: 'Piece A', errors: 1 });
    expect(all.totalNanos).toBe(all.items.reduce((n, i) => n + i.costNanos, 0));
    expect(all.totalNanos).toBeGreaterThan(0);

    const exaOnly = await env.app.router.call('workflows.spendByPiece', { from, to, provider: 'exa' });
    expect(exaOnly.items.map((i) => [i.contentId, i.costNanos])).toEqual([[a.id, 7_000_000]]);

    const before = await env.app.router.call('workflows.spendByPiece', {
      from: new Date(Date.now() - 7_200_000).toISOString(),
      to: from,
    });
    expect(before.items).toEqual([]);

    env.app.content.pieces.delete(b.id);
    const afterDelete = await env.app.router.call('workflows.spendByPiece', { from, to });
    expect(afterDelete.items.find((i) => i.contentId === b.id)).toMatchObject({ title: null });
    expect(afterDelete.totalNanos).toBe(all.totalNanos);
  });
});
