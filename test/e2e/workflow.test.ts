// A content piece walked through the provider steps in Chromium (web mode) against the built-in demo fakes:
// each step shows its estimate before the click, runs as a job with progress, and shows what it made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoProviders } from '../../main/providers/registry';
import { startE2E, type E2E } from '../helpers/browser';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  e2e.app.providers.attachDemo(await startDemoProviders());
});
afterAll(async () => {
  await e2e?.close();
});

describe('creator workflow in Chromium (demo providers)', () => {
  it('analyses a piece: estimate first, then the job, then the analysis fields', async () => {
    const { page, app } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await page.getByTestId('content-title').fill('Three hooks that stop the scroll');
    await page.getByTestId('content-platform').selectOption('tiktok');
    await page.getByTestId('content-transcript').fill('Stop scrolling. Most videos lose viewers in the first second. Here is the fix. #hooks @creator');
    await page.getByTestId('content-submit').click();
    await page.getByTestId('piece-details').getByText('Three hooks that stop the scroll').waitFor();

    const estimate = page.getByTestId('step-analyse-estimate');
    await estimate.getByText(/≈ \$/).waitFor();
    expect(await estimate.textContent()).toMatch(/input tokens .* demo/);
    await page.getByTestId('step-analyse-start').click();
    await page.locator('[data-testid="step-analyse-run"][data-state="succeeded"]').waitFor();
    const analysis = page.getByTestId('result-analysis');
    await analysis.waitFor();
    expect(await analysis.textContent()).toMatch(/Hook.*CTA.*Engagement score/s);
    const piece = app.content.pieces.list({ limit: 1, offset: 0 }).items[0]!;
    const [stored] = app.content.analyses.list(piece.id);
    expect(stored).toMatchObject({ provider: 'openai', demo: true });
    expect(await page.getByTestId('result-engagement').textContent()).toBe(String(stored!.analysis.engagementScore));
    await e2e.screenshot('workflow-analyse');
  });

  it('researches and rewrites the script into a new version', async () => {
    const { page } = e2e;
    await page.getByTestId('step-research-estimate').getByText(/≈/).waitFor();
    await page.getByTestId('step-research-start').click();
    await page.locator('[data-testid="step-research-run"][data-state="succeeded"]').waitFor();
    const research = page.getByTestId('result-research');
    await research.waitFor();
    expect(await research.locator('article').count()).toBe(3);
    expect(await research.textContent()).toContain('https://');

    await page.getByTestId('step-rewrite-estimate').getByText(/≈/).waitFor();
    await page.getByTestId('step-rewrite-start').click();
    await page.locator('[data-testid="step-rewrite-run"][data-state="succeeded"]').waitFor();
    const script = page.getByTestId('result-script');
    await script.getByText('v2').waitFor();
    expect(await script.textContent()).toMatch(/rewrite · openai/);
    await e2e.screenshot('workflow-research-rewrite');
    expect(e2e.problems).toEqual([]);
  });
});
