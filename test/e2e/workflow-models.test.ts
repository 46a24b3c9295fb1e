// A step's model chosen in the UI with the live price comparison, the estimate beside the actual cost once it
// ran, and the piece's running total, shown at 1440x900 and 1024x700 (workflow.test.ts takes the workflows-*.png).
import { beforeAll, describe, expect, it } from 'vitest';
import { startDemoProviders } from '../../main/providers/demo';
import { join } from 'node:path';
import { TEST_OUTPUT, useE2E } from '../helpers/browser';
import { unfold } from '../helpers/workflowsScreen';

const e2e = useE2E();
beforeAll(async () => {
  e2e.app.providers.attachDemo(await startDemoProviders());
});

describe('model choice and cost per piece in Chromium (demo providers)', () => {
  it('runs Analyse on a chosen Claude model and shows estimate vs actual and the piece total', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await unfold(page, 'add');
    await page.getByTestId('content-title').fill('Hooks that hold');
    await page.getByTestId('content-transcript').fill('Open with the payoff. Prove it in five seconds. #hooks');
    await page.getByTestId('content-submit').click();
    await page.getByTestId('piece-details').getByText('Hooks that hold').waitFor();

    const picker = page.getByTestId('step-analyse-model');
    await picker.locator('option', { hasText: 'Claude Haiku 4.5' }).waitFor({ state: 'attached' });
    const labels = await picker.locator('option').allTextContents();
    expect(labels.some((l) => /cheapest/.test(l))).toBe(true);
    expect(labels.find((l) => l.startsWith('GPT-4.1 mini'))).toMatch(/≤ \$.*default/);
    // Research lists the retired Sonar chat API with its date, and it cannot be picked.
    const retired = page.getByTestId('step-research-model').locator('option', { hasText: 'Sonar chat' });
    expect(await retired.textContent()).toMatch(/shut down since 2026-09-27/);
    expect(await retired.isDisabled()).toBe(true);

    await picker.selectOption('claude-haiku-4-5');
    await page
      .getByTestId('step-analyse-estimate')
      .getByText(/claude-haiku-4-5/)
      .waitFor();
    await page.getByTestId('step-analyse-start').click();
    await page.locator('[data-testid="step-analyse-run"][data-state="succeeded"]').waitFor();
    expect(await page.getByTestId('step-analyse-vs').textContent()).toMatch(/estimate ≤ \$[\d.]+ · actual \$[\d.]+/);
    expect(await page.getByTestId('step-analyse-ledger').textContent()).toMatch(/anthropic/);
    await page
      .getByTestId('piece-cost')
      .getByText(/Analyse \$/)
      .waitFor();
    expect(await page.getByTestId('piece-cost').textContent()).toMatch(/This piece so far: \$/);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('piece-cost').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(TEST_OUTPUT, 'workflow-models-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('piece-cost').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(TEST_OUTPUT, 'workflow-models-1024.png') });
    expect(e2e.problems).toEqual([]);
  });
});
