// Script authoring in Chromium (web mode, demo data and the built-in provider fakes): personas with field
// errors, a rewrite with a persona and Claude picked, a new script generated from two pieces, an edit saved as a
// version and the diff between versions, and an edit that survives a rewrite landing meanwhile.
import { beforeAll, describe, expect, it } from 'vitest';
import { startDemoProviders } from '../../main/providers/demo';
import { useE2E } from '../helpers/browser';
import { openTab, unfold } from '../helpers/workflowsScreen';

// One user session across the file's steps (each builds on the last), on this file's own app and data.
const e2e = useE2E({ demo: true, page: 'per-file' });
beforeAll(async () => {
  e2e.app.providers.attachDemo(await startDemoProviders());
});

async function addPiece(title: string, transcript: string): Promise<void> {
  const { page } = e2e;
  await unfold(page, 'add');
  await page.getByTestId('content-title').fill(title);
  await page.getByTestId('content-platform').selectOption('tiktok');
  await page.getByTestId('content-transcript').fill(transcript);
  await page.getByTestId('content-submit').click();
  await page.getByTestId('piece-details').getByRole('heading', { name: title }).waitFor();
}

const pieceId = (title: string) =>
  e2e.app.content.pieces.list({ query: title, limit: 5, offset: 0 }).items.find((p) => p.title === title)!.id;

describe('script authoring in Chromium (demo providers)', () => {
  it('creates, edits and deletes personas, with field errors shown before anything is sent', async () => {
    const { page, app } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await openTab(page, 'personas');
    const panel = page.getByTestId('persona-panel');

    await page.getByTestId('persona-submit').click();
    expect(await page.getByTestId('persona-error-name').textContent()).toBe('Name: required');
    await page.getByTestId('persona-dos').fill(`keep it short\n${'x'.repeat(2_001)}`);
    await page.getByTestId('persona-submit').click();
    expect(await page.getByTestId('persona-error-dos').textContent()).toBe("Do's: line 2: at most 2000 characters");
    expect(app.content.personas.list()).toEqual([]);
    await e2e.screenshot('workflow-persona-errors');

    await page.getByTestId('persona-name').fill('Calm Coach');
    await page.getByTestId('persona-voice').fill('calm, concrete');
    await page.getByTestId('persona-audience').fill('busy founders');
    await page.getByTestId('persona-dos').fill('one idea per video\nshow the result first');
    await page.getByTestId('persona-donts').fill('hype');
    await page.getByTestId('persona-samplePosts').fill('Small steps, every day.\n---\nThe first hour decides the day.');
    await page.getByTestId('persona-submit').click();
    const card = panel.getByTestId('persona-item').filter({ hasText: 'Calm Coach' });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/2 do's · 1 don't · 2 sample posts/);
    expect(app.content.personas.list()[0]).toMatchObject({
      name: 'Calm Coach',
      dos: ['one idea per video', 'show the result first'],
      samplePosts: ['Small steps, every day.', 'The first hour decides the day.'],
    });

    await card.getByTestId('persona-edit').click();
    expect(await page.getByTestId('persona-voice').inputValue()).toBe('calm, concrete');
    await page.getByTestId('persona-voice').fill('calm, concrete, a little dry');
    await page.getByTestId('persona-submit').click();
    await card.getByText('Voice: calm, concrete, a little dry').waitFor();

    await page.getByTestId('persona-name').fill('Temporary');
    await page.getByTestId('persona-submit').click();
    const temp = panel.getByTestId('persona-item').filter({ hasText: 'Temporary' });
    await temp.getByTestId('persona-delete').click();
    await temp.getByTestId('persona-delete-confirm').click();
    await temp.waitFor({ state: 'detached' });
    expect(app.content.personas.list().map((p) => p.name)).toEqual(['Calm Coach']);
    await panel.scrollIntoViewIfNeeded();
    await e2e.screenshot('workflow-persona');
  });

  it('rewrites with the persona and Claude picked; the estimate follows the choice', async () => {
    const { page, app } = e2e;
    await addPiece('Sunday batching setup', 'I film seven videos in two hours. Here is the setup I use every week.');
    await addPiece(
      'Protect your first hour',
      'Stop scrolling. My mornings start with one question: what matters today?',
    );

    await openTab(page, 'timeline');
    const estimate = page.getByTestId('step-rewrite-estimate');
    await estimate.getByText(/gpt-4\.1-mini/).waitFor();
    const before = await estimate.textContent();
    await page.getByTestId('rewrite-persona').selectOption({ label: 'Calm Coach' });
    await page.getByTestId('rewrite-provider').selectOption('anthropic');
    await estimate.getByText(/claude-sonnet-4-5/).waitFor();
    expect(await estimate.textContent()).not.toBe(before);

    await page.getByTestId('step-rewrite-start').click();
    await page.locator('[data-testid="step-rewrite-run"][data-state="succeeded"]').waitFor();
    await openTab(page, 'scripts');
    await page.getByTestId('result-script').getByText('v2').waitFor();
    expect(await page.getByTestId('result-script').textContent()).toMatch(/rewrite · anthropic .*as Calm Coach/);
    const [script] = app.content.scripts.list({ contentId: pieceId('Protect your first hour') });
    expect(app.content.scripts.versions(script!.id)[1]).toMatchObject({
      origin: 'rewrite',
      provider: 'anthropic',
      demo: true,
      note: 'as Calm Coach',
    });
  });

  it('generates a new script with Claude from two pieces, a persona and a brief', async () => {
    const { page, app } = e2e;
    await openTab(page, 'timeline');
    const step = page.getByTestId('step-generate');
    await step.getByLabel('Sunday batching setup').check();
    await page.getByTestId('generate-persona').selectOption({ label: 'Calm Coach' });
    await page.getByTestId('generate-brief').fill('Why the first hour of the day matters');
    await page
      .getByTestId('step-generate-estimate')
      .getByText(/2 pieces: .*claude-sonnet-4-5/)
      .waitFor();
    await page.getByTestId('step-generate-start').click();
    await page.locator('[data-testid="step-generate-run"][data-state="succeeded"]').waitFor();

    // The new script opens in the panel.
    await openTab(page, 'scripts');
    const versions = page.getByTestId('result-script');
    await versions
      .getByRole('heading', { name: 'Script “New script from "Protect your first hour" + 1 more”' })
      .waitFor();
    // The version list loads after the script heading: wait for its line rather than read it once.
    await versions.getByText(/generate · anthropic .*from 2 pieces, as Calm Coach/).waitFor();
    const first = pieceId('Protect your first hour');
    const generated = app.content.scripts
      .list({ contentId: first })
      .find((s) => s.title.startsWith('New script from'))!;
    expect(app.content.scripts.versions(generated.id)).toEqual([
      expect.objectContaining({ origin: 'generate', provider: 'anthropic', demo: true }),
    ]);
    expect(generated.body).toMatch(/^HOOK: /);
    await openTab(page, 'timeline');
    await step.getByTestId('step-generate-ledger').getByText('Ledger rows (1)').click();
    expect(await step.getByTestId('step-generate-ledger').textContent()).toMatch(
      /anthropic messages claude-sonnet-4-5.* 200 · \$/,
    );
  });

  it('saves an edit as a new version and shows the line diff', async () => {
    const { page, app } = e2e;
    await openTab(page, 'scripts');
    const editor = page.getByTestId('script-edit');
    const [oldHook, ...rest] = (await editor.inputValue()).split('\n');
    await editor.fill(
      ['HOOK: Your first hour decides your day.', ...rest, '', 'PS: Try it tomorrow at 7am.'].join('\n'),
    );
    await page.getByTestId('script-dirty').waitFor();
    await page.getByTestId('script-note').fill('added a PS');
    await page.getByTestId('script-save').click();
    await page.getByTestId('result-script').getByText('v2').waitFor();
    await page.getByTestId('script-dirty').waitFor({ state: 'detached' });
    expect(await page.getByTestId('result-script').textContent()).toMatch(/manual .*added a PS/);

    const summary = page.getByTestId('script-diff-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe('+3 −1 lines');
    const lines = (op: string) => page.locator(`[data-testid="script-diff-lines"] [data-op="${op}"]`);
    expect(await lines('remove').locator('.diff-text').allTextContents()).toEqual([oldHook]);
    expect(await lines('add').locator('.diff-text').allTextContents()).toEqual([
      'HOOK: Your first hour decides your day.',
      ' ',
      'PS: Try it tomorrow at 7am.',
    ]);
    // Added and removed lines are highlighted differently from unchanged ones.
    const background = (op: string) =>
      lines(op)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const [add, remove, equal] = await Promise.all([background('add'), background('remove'), background('equal')]);
    expect(new Set([add, remove, equal]).size).toBe(3);
    const generated = app.content.scripts
      .list({ contentId: pieceId('Protect your first hour') })
      .find((s) => s.title.startsWith('New script from'))!;
    expect(app.content.scripts.versions(generated.id).map((v) => [v.version, v.origin, v.note])).toEqual([
      [1, 'generate', 'from 2 pieces, as Calm Coach'],
      [2, 'manual', 'added a PS'],
    ]);
    await page.getByTestId('script-diff').scrollIntoViewIfNeeded();
    await e2e.screenshot('workflow-script-diff');
  });

  it('keeps unsaved edits when a rewrite lands a new version meanwhile', async () => {
    const { page, app } = e2e;
    await openTab(page, 'scripts');
    const editor = page.getByTestId('script-edit');
    const mine = `${await editor.inputValue()}\nMy unsaved line.`;
    await editor.fill(mine);
    await openTab(page, 'timeline');
    await page.getByTestId('step-rewrite-start').click();
    await page.locator('[data-testid="step-rewrite-run"][data-state="succeeded"]').waitFor();
    await openTab(page, 'scripts');
    // The notice names the new version's origin once its versions list has loaded too.
    const conflict = page.getByTestId('script-conflict');
    await conflict.filter({ hasText: 'v3 (rewrite · anthropic)' }).waitFor();
    expect(await conflict.textContent()).toMatch(
      /v3 \(rewrite · anthropic\) arrived while you were editing v2\. Your edits are kept; saving makes them v4\./,
    );
    expect(await editor.inputValue()).toBe(mine);
    await page.getByTestId('script-save').click();
    await page.getByTestId('script-conflict').waitFor({ state: 'detached' });
    const generated = app.content.scripts
      .list({ contentId: pieceId('Protect your first hour') })
      .find((s) => s.title.startsWith('New script from'))!;
    expect(generated).toMatchObject({ currentVersion: 4, body: mine });
    expect(e2e.problems).toEqual([]);
  });
});
