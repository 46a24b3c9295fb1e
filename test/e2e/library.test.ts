// Issue 17's creator tools in Chromium on the demo fakes: research on Exa (price in the picker, citations with
// snippets that open in a new tab), the Voices & avatars panel (previews, rename, use, delete with confirmation),
// the dashboard's spend by piece, and the list-driven settings channels and gateway blocks — each screen taken at
// 1440x900 and 1024x700 (test-output/lib-*.png).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowRequest } from '../../preload/contract/workflows';
import { startDemoProviders } from '../../main/providers/demo';
import { TEST_OUTPUT, useE2E } from '../helpers/browser';
import { pngBytes, wavBytes } from '../unit/files/fixtures';

const e2e = useE2E({ page: 'per-file' });
const dir = mkdtempSync(join(tmpdir(), 'aicon-lib-e2e-'));
const PIECE = 'Hooks that keep viewers';

async function run(input: WorkflowRequest) {
  const { jobId } = await e2e.app.router.call('workflows.start', input);
  const job = await e2e.app.jobs.whenSettled(jobId);
  expect(job.state, job.error?.message).toBe('succeeded');
  return job;
}

async function file(name: string, bytes: Buffer, purpose: 'voice_sample' | 'avatar_photo') {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return e2e.app.files.registerLocal(path, purpose);
}

/** Both sizes, with `target` scrolled to the top of the view. */
async function shoot(page: Page, name: string, target: Locator) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(TEST_OUTPUT, `lib-${name}-${w}.png`) });
  }
}

beforeAll(async () => {
  e2e.app.providers.attachDemo(await startDemoProviders());
  e2e.app.content.pieces.create({
    title: PIECE,
    platform: 'youtube',
    url: 'https://www.youtube.com/watch?v=hooks',
    description: 'Open with the payoff, then prove it.',
    transcript: 'Open with the payoff. Prove it in five seconds.',
    tags: ['hooks', 'retention'],
    sourceFileId: null,
  });
  for (const name of ['Website clone', 'Studio voice', 'Podcast voice']) {
    const sample = await file(`${name}.wav`, wavBytes(16_000), 'voice_sample');
    await run({ kind: 'workflow.voiceClone', name, fileIds: [sample.id] });
  }
  // One clone forgotten here only: it still holds a slot in the ElevenLabs account.
  const website = e2e.app.content.voices.list().find((v) => v.name === 'Website clone');
  await e2e.app.router.call('library.delete', { kind: 'voice', id: website?.id ?? '', confirm: true, localOnly: true });
  const photo = await file('me.png', pngBytes(160), 'avatar_photo');
  await run({ kind: 'workflow.avatar', name: 'Desk look', fileId: photo.id });
}, 60_000);

describe('research sources, voices & avatars, spend by piece (demo providers)', () => {
  it('researches on Exa: priced in the picker, citations with snippets open in a new tab', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').getByText(PIECE).first().click();
    const picker = page.getByTestId('step-research-model');
    const exa = picker.locator('option', { hasText: 'Exa search' });
    await exa.waitFor({ state: 'attached' });
    expect(await exa.textContent()).toMatch(/\(exa\) · ≤ \$0\.02/);
    await picker.selectOption('exa/search');
    await page
      .getByTestId('step-research-estimate')
      .getByText(/Exa search of 8 pages/)
      .waitFor();
    await page.getByTestId('step-research-start').click();
    await page.locator('[data-testid="step-research-run"][data-state="succeeded"]').waitFor();
    const result = page.getByTestId('result-research-perspectives');
    await result.locator('summary').click();
    const citations = result.getByTestId('citation');
    expect(await citations.count()).toBe(13);
    expect(await citations.first().textContent()).toMatch(/says in one sentence/);
    // Web mode: the page opens the cited address itself, in a tab with no way back into the app.
    await page.evaluate(() => {
      const calls: unknown[][] = [];
      (window as unknown as { opened: unknown[][] }).opened = calls;
      window.open = (...args: unknown[]) => {
        calls.push(args);
        return null;
      };
    });
    await citations.first().getByRole('button').click();
    const url = await citations.first().getByRole('button').getAttribute('title');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: unknown[][] }).opened))
      .toEqual([[url, '_blank', 'noopener,noreferrer']]);
    await shoot(page, 'research', page.getByTestId('step-research'));
    expect(e2e.problems).toEqual([]);
  });

  it('lists voices and avatars with previews; renames, chooses and deletes (on ElevenLabs too) after confirming', async () => {
    const { page } = e2e;
    await page.getByTestId('wf-tab-library').click();
    const panel = page.getByTestId('voice-avatar-library');
    await panel.getByTestId('lib-voice').nth(1).waitFor();
    expect(await panel.getByTestId('lib-slots').textContent()).toMatch(/Voice slots: 4 of 10 used/);
    const photo = panel.getByTestId('lib-avatar-preview');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(160);
    expect(await panel.getByTestId('lib-voice-preview').count()).toBe(2);
    // The clone forgotten here is listed apart (the recorded shared voice holds no slot and is not).
    expect(await panel.getByTestId('lib-remote-voice').textContent()).toMatch(/Website clone · cloned/);

    // The newest ready voice is the one in use until another is chosen.
    const voices = panel.getByTestId('lib-voice');
    expect(await voices.first().getAttribute('data-chosen')).toBe('true');
    await voices.nth(1).getByTestId('lib-voice-choose').click();
    await expect.poll(() => voices.nth(1).getAttribute('data-chosen')).toBe('true');
    expect(await voices.first().getAttribute('data-chosen')).toBe('false');
    expect(await voices.nth(1).getByTestId('lib-voice-name').inputValue()).toBe('Studio voice');
    await voices.nth(1).getByText('Used by the steps').waitFor();
    // The timeline's Generate voice step now names the chosen voice.
    await page.getByTestId('wf-tab-timeline').click();
    await page
      .getByTestId('speak-voice')
      .getByText(/Voice: Studio voice/)
      .waitFor();
    await page.getByTestId('wf-tab-library').click();

    const name = voices.first().getByTestId('lib-voice-name');
    await name.fill('Podcast voice (warm)');
    await voices.first().getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => e2e.app.content.voices.list().map((v) => v.name)).toContain('Podcast voice (warm)');

    await voices.first().getByTestId('lib-voice-delete').click();
    await panel.getByRole('alertdialog').waitFor();
    expect(await panel.getByRole('alertdialog').textContent()).toMatch(/voice slot is freed/);
    await shoot(page, 'voices', panel);
    await panel.getByTestId('lib-voice-confirm-delete').click();
    await panel
      .getByTestId('lib-delete-note')
      .getByText(/voice slot is free again/)
      .waitFor();
    await expect.poll(() => voices.count()).toBe(1);
    expect(await panel.getByTestId('lib-slots').textContent()).toMatch(/3 of 10 used/);

    await panel.getByTestId('lib-avatar-delete').click();
    expect(await panel.getByRole('alertdialog').textContent()).toMatch(/no avatar delete/);
    await panel.getByRole('button', { name: 'Keep', exact: true }).click();
    expect(await panel.getByTestId('lib-avatar').count()).toBe(1);
    expect(e2e.problems).toEqual([]);
  });

  it('groups the dashboard’s spend by piece, totals from the ledger', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
    const panel = page.getByTestId('by-piece');
    await panel.getByTestId('by-piece-row').first().waitFor();
    const row = panel.getByTestId('by-piece-row').filter({ hasText: PIECE });
    expect(await row.textContent()).toMatch(/\$0\.01/);
    await shoot(page, 'spend-by-piece', panel);
    await row.getByRole('button', { name: PIECE }).click();
    await page.getByTestId('workflows-page').waitFor();
    expect(e2e.problems).toEqual([]);
  });

  it('shows the list-driven alert channels and gateway blocks', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const channels = page.getByTestId('settings-notifications');
    for (const id of ['pref-email', 'pref-sms', 'pref-webhook', 'pref-webhook-url', 'pref-sms-to', 'pref-sendgrid-key'])
      await channels.getByTestId(id).waitFor();
    await channels.getByTestId('pref-sms').check();
    await channels.getByTestId('pref-sms-to').fill('+15557654321');
    expect(await channels.getByTestId('pref-notifications-save').isEnabled()).toBe(true);
    await shoot(page, 'settings-channels', channels);
    await page.getByRole('button', { name: 'Gateway', exact: true }).click();
    const snippets = page.getByTestId('gateway-snippets');
    await snippets.getByRole('tab', { name: 'exa-js' }).click();
    expect(await snippets.getByTestId('gateway-snippet').textContent()).toMatch(/new Exa\(/);
    expect(await page.getByLabel('Daily budget in USD').count()).toBe(1);
    await shoot(page, 'gateway', snippets);
    expect(e2e.problems).toEqual([]);
  });
});
