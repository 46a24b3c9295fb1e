// OpenAI's live shutdown dates: read from its models list (a free call), merged into the picker's options, and a
// model past its date refused before anything is sent; a failed read keeps the dates read before.
import { describe, expect, it } from 'vitest';
import { start, useWorkflowApp } from './harness';

const env = useWorkflowApp();

const newPiece = () =>
  env.app.content.pieces.create({
    title: 'Dates',
    platform: 'youtube',
    url: null,
    description: 'd',
    transcript: 'Open with the payoff.',
    tags: [],
    sourceFileId: null,
  });

describe('OpenAI shutdown dates from its models list', () => {
  it('merges the list’s dates into the picker and refuses a model past its date', async () => {
    env.fakes.openai.setShutdownDate('gpt-4.1-nano', '2026-01-15');
    env.fakes.openai.setShutdownDate('gpt-4.1-mini', '2099-06-30');
    const listed = () => env.fakes.openai.requests.filter((r) => r.path === '/v1/models').length;
    const before = listed();
    const check = await env.app.router.call('workflows.refreshModelDates', {});
    expect(check).toMatchObject({ dated: 2, error: null });
    expect(listed()).toBe(before + 1);
    // The free call is ledgered at $0, never unpriced.
    await env.app.providers.target('openai').then((t) => t.gateway.flush());
    const row = env.app.db
      .prepare<[], { cost_nanos: number | null }>(
        "SELECT c.cost_nanos FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.endpoint = 'models.list' ORDER BY c.id DESC LIMIT 1",
      )
      .get();
    expect(row?.cost_nanos).toBe(0);

    const piece = newPiece();
    const { options, dates } = await env.app.router.call('workflows.models', {
      kind: 'workflow.analyse',
      contentId: piece.id,
    });
    // Fresh: the picker does not read the list again.
    expect(listed()).toBe(before + 1);
    expect(dates).toMatchObject({ dated: 2 });
    expect(options.find((o) => o.model === 'gpt-4.1-nano')).toMatchObject({
      shutDown: true,
      shutdownAt: '2026-01-15',
      estimatedCostNanos: null,
    });
    expect(options.find((o) => o.model === 'gpt-4.1-mini')).toMatchObject({
      shutDown: false,
      retiresAt: '2099-06-30',
      shutdownAt: '2099-06-30',
    });
    const sent = env.fakes.openai.requests.length;
    await expect(
      start(env.app, { kind: 'workflow.analyse', contentId: piece.id, model: 'gpt-4.1-nano' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('2026-01-15') });
    await expect(
      env.app.router.call('workflows.setDefaultModel', { kind: 'workflow.analyse', model: 'gpt-4.1-nano' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(env.fakes.openai.requests.length).toBe(sent);
  });

  it('a failed read keeps the dates read before', async () => {
    env.fakes.openai.serverError(500, 10);
    const check = await env.app.router.call('workflows.refreshModelDates', {});
    expect(check.error).toBeTruthy();
    expect(check.dated).toBe(2);
    const piece = newPiece();
    await expect(
      start(env.app, { kind: 'workflow.analyse', contentId: piece.id, model: 'gpt-4.1-nano' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
