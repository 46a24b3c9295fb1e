// "Make a video from this piece" in Chromium on the provider fakes: from dropped files to a finished video as one
// run under a cost cap, paused for approval before the render (nothing sent to HeyGen meanwhile); a run whose next
// step would cross its cap stops and asks for a higher one. The step cards follow main's events: a render that
// finishes while the Jobs screen is shown, and a hard budget deleted elsewhere, show without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OUTPUT, useE2E } from '../helpers/browser';
import { openTab, unfold } from '../helpers/workflowsScreen';
import { PNG, wavBytes } from '../unit/files/fixtures';
import { startFakes, type Fakes } from '../unit/workflows/harness';

const e2e = useE2E({ page: 'per-file' });
let fakes: Fakes;
beforeAll(async () => {
  // Fakes the test can count requests on (the render submits above all).
  fakes = await startFakes({ heygenReadsToComplete: 3 });
  e2e.app.providers.attachDemo(fakes.demo);
  e2e.page.setDefaultTimeout(8_000);
});
afterAll(async () => {
  await fakes?.close();
});

async function drop(files: { name: string; type: string; b64: string }[]): Promise<void> {
  await e2e.page.evaluate((specs) => {
    const dt = new DataTransfer();
    for (const s of specs)
      dt.items.add(new File([Uint8Array.from(atob(s.b64), (c) => c.charCodeAt(0))], s.name, { type: s.type }));
    const zone = document.querySelector('[data-testid="drop-zone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

async function runStep(key: string): Promise<void> {
  const { page } = e2e;
  await page.getByTestId(`step-${key}-estimate`).getByText(/≤ \$/).waitFor();
  await page.getByTestId(`step-${key}-start`).click();
  await page.locator(`[data-testid="step-${key}-run"][data-state="succeeded"]`).waitFor();
}

async function addPiece(title: string): Promise<void> {
  const { page } = e2e;
  await unfold(page, 'add');
  await page.getByTestId('content-title').fill(title);
  await page.getByTestId('content-platform').selectOption('tiktok');
  await page
    .getByTestId('content-transcript')
    .fill('Stop scrolling. Most videos lose viewers in the first second. Here is the fix. #hooks');
  await page.getByTestId('content-submit').click();
  await page.getByTestId('piece-details').getByText(title).waitFor();
}

async function shoot(name: string): Promise<void> {
  const { page } = e2e;
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('one-flow').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${TEST_OUTPUT}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1320, height: 860 });
}

async function shootJobs(name: string): Promise<void> {
  const { page } = e2e;
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${TEST_OUTPUT}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1320, height: 860 });
}

const flowState = () => e2e.page.getByTestId('one-flow-run').getAttribute('data-state');

describe('one flow in Chromium', () => {
  it('says which step is missing before a voice and an avatar exist', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await addPiece('Three hooks that stop the scroll');
    const missing = page.getByTestId('one-flow-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toMatch(/ready voice \(run Clone voice below\) and a ready avatar/);
    expect(await page.getByTestId('one-flow-start').isDisabled()).toBe(true);
  });

  it('goes from dropped files to a video as one run, pausing for approval before the render', {
    timeout: 60_000,
  }, async () => {
    const { page, app } = e2e;
    await unfold(page, 'drops');
    await drop([
      { name: 'my voice.wav', type: 'audio/wav', b64: wavBytes(16_000).toString('base64') },
      { name: 'portrait.png', type: 'image/png', b64: PNG.toString('base64') },
    ]);
    await page.locator('[data-testid="drop-item"][data-status="registered"]').nth(1).waitFor();
    await runStep('voiceClone');
    await runStep('avatar');
    await page.getByTestId('one-flow-missing').waitFor({ state: 'detached' });

    await page.getByTestId('one-flow-cap').fill('5');
    await page.getByTestId('one-flow-threshold').fill('0.10');
    // Generate voice has its own threshold: $0, so it always asks (the other steps keep the run's $0.10).
    await page.getByTestId('one-flow-step-thresholds').locator('summary').click();
    await page.getByTestId('one-flow-threshold-speak').fill('0');
    await shoot('one-flow-step-thresholds');
    // Kept as the defaults the next run starts from (a setting in main).
    await page.getByTestId('one-flow-save-defaults').click();
    await expect
      .poll(() => app.router.call('chains.defaults', {}))
      .toEqual({ capNanos: 5e9, approvalThresholdNanos: 100_000_000, stepThresholdsNanos: { speak: 0 } });
    await page.getByTestId('one-flow-start').click();
    await page.locator('[data-testid="one-flow-run"][data-state="awaiting_approval"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('one-flow-prompt').textContent()).toMatch(
      /Generate voice may cost up to \$[\d.]+, above your \$0\.0000 approval threshold/,
    );
    expect(await page.getByTestId('one-flow-step-speak').getAttribute('data-state')).toBe('pending');
    expect(await page.getByTestId('one-flow-own-thresholds').textContent()).toMatch(/1 step with its own threshold/);
    expect(await page.getByTestId('one-flow-step-speak-estimate').getAttribute('title')).toBe('Asks first above $0.00');
    // Answered from the Jobs screen: the run's row carries the same prompt and the same approve call.
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    const chainRow = page.locator('[data-testid="job-row"][data-kind="workflow.chain"]');
    await chainRow.getByTestId('job-approve').waitFor();
    expect(await chainRow.getByTestId('job-approve').getAttribute('aria-label')).toBe('Approve Generate voice');
    expect(await chainRow.getByTestId('job-message').textContent()).toMatch(/^Generate voice may cost up to/);
    await chainRow.getByTestId('job-decline').waitFor();
    await shootJobs('jobs-chain-approval');
    await chainRow.getByTestId('job-approve').click();
    // The run went on: Generate voice ran, and the row now asks about the render (above the run's $0.10).
    await chainRow
      .locator('[data-testid="job-approve"][aria-label="Approve Render video"]')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await page.locator('[data-testid="one-flow-step-speak"][data-state="succeeded"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="one-flow-run"][data-state="awaiting_approval"]').waitFor({ timeout: 15_000 });
    const prompt = page.getByTestId('one-flow-prompt');
    expect(await prompt.textContent()).toMatch(
      /Render video may cost up to \$[\d.]+, above your \$0\.10 approval threshold/,
    );
    // Everything before the render ran; the render waits with nothing sent to HeyGen.
    for (const step of ['analyse', 'research', 'rewrite', 'speak'])
      expect(await page.getByTestId(`one-flow-step-${step}`).getAttribute('data-state')).toBe('succeeded');
    expect(await page.getByTestId('one-flow-step-render').getAttribute('data-state')).toBe('pending');
    expect(await page.getByTestId('one-flow-step-render-estimate').textContent()).toMatch(/≤ \$/);
    expect(fakes.heygen.state.renderSubmits).toBe(0);
    // The step cards show the chain's steps too (they are the same jobs).
    await page.locator('[data-testid="step-speak-run"][data-state="succeeded"]').waitFor();
    // The run's own steps cannot be started a second time beside it (that would pay twice).
    await page.getByTestId('step-render').getByText('the video run above is on it').waitFor();
    expect(await page.getByTestId('step-render-start').isDisabled()).toBe(true);
    await shoot('one-flow-approval');

    await page.getByTestId('one-flow-approve').click();
    // Leave for the Jobs screen while HeyGen renders; the render finishes there.
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    await page
      .locator('[data-testid="job-row"][data-kind="workflow.render"] [data-testid="job-state"][data-state="succeeded"]')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    // No reload: the render card and the run already say done.
    await page.locator('[data-testid="step-render-run"][data-state="succeeded"]').waitFor();
    await page.locator('[data-testid="one-flow-run"][data-state="succeeded"]').waitFor();
    expect(await page.getByTestId('step-render-run').textContent()).not.toMatch(/waiting/);
    expect(fakes.heygen.state.renderSubmits).toBe(1);
    const piece = app.content.pieces.list({ limit: 1, offset: 0 }).items[0]!;
    const chain = await app.router.call('chains.latest', { contentId: piece.id });
    expect(chain?.state).toBe('succeeded');
    expect(chain!.spentNanos).toBeLessThanOrEqual(5e9);
    expect(app.content.media.get(chain!.mediaId!)).toMatchObject({ kind: 'video', contentId: piece.id });
    expect(await page.getByTestId('one-flow-done').textContent()).toMatch(/Video ready for \$/);
    await shoot('one-flow-done');
    await openTab(page, 'media');
    await page
      .getByTestId('result-media')
      .getByText(/video: media\//)
      .waitFor();
    await openTab(page, 'timeline');
  });

  it('stops before a step that would cross the cap and asks for a higher one', async () => {
    const { page } = e2e;
    await page.getByTestId('one-flow-cap').fill('0.0001');
    await page.getByTestId('one-flow-threshold').fill('');
    await page.getByTestId('one-flow-start').click();
    await page.locator('[data-testid="one-flow-run"][data-state="over_cap"]').waitFor();
    expect(await page.getByTestId('one-flow-over-cap').textContent()).toMatch(
      /Paused before Analyse: \$0\.0000 spent \+ up to \$[\d.]+ would pass the \$0\.0001 cap/,
    );
    expect(await page.getByTestId('one-flow-step-analyse').getAttribute('data-state')).toBe('pending');
    await page.getByTestId('one-flow-new-cap').waitFor();
    await shoot('one-flow-over-cap');
    await page.getByTestId('one-flow-cancel').click();
    await page.locator('[data-testid="one-flow-run"][data-state="cancelled"]').waitFor();
    expect(await flowState()).toBe('cancelled');
  });

  it('warns before cancelling a run whose render HeyGen already has, and keeps the submit cost', {
    timeout: 60_000,
  }, async () => {
    const { page, app } = e2e;
    await addPiece('Cancel after the submit');
    // HeyGen takes the submit, then the first status read hangs: the render is submitted and still running.
    fakes.heygen.inject({ type: 'hang' }, { method: 'GET', path: /^\/v3\/videos\/[^/]+$/, times: 1 });
    const submitsBefore = fakes.heygen.state.renderSubmits;
    // The saved defaults make Generate voice ask; this run goes straight through to the render.
    const speakThreshold = page.getByTestId('one-flow-threshold-speak');
    if (!(await speakThreshold.isVisible()))
      await page.getByTestId('one-flow-step-thresholds').locator('summary').click();
    await speakThreshold.fill('');
    await page.getByTestId('one-flow-threshold').fill('');
    await page.getByTestId('one-flow-start').click();
    await page.locator('[data-testid="one-flow-step-render"][data-state="running"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => fakes.heygen.state.renderSubmits).toBe(submitsBefore + 1);
    await page.getByTestId('one-flow-cancel').click();
    const warning = page.getByTestId('cancel-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(
      /HeyGen already has this render .* bills it even if you cancel: up to \$[\d.]+ stays on your ledger/,
    );
    await shoot('one-flow-cancel-warning');
    await page.getByTestId('cancel-warning-confirm').click();
    await page.locator('[data-testid="one-flow-run"][data-state="cancelled"]').waitFor();
    await page.locator('[data-testid="one-flow-step-render"][data-state="cancelled"]').waitFor();
    const piece = app.content.pieces.list({ limit: 1, offset: 0 }).items[0]!;
    const chain = (await app.router.call('chains.latest', { contentId: piece.id }))!;
    const render = chain.steps.find((s) => s.step === 'render')!;
    const { rows } = await app.router.call('ledger.calls', { jobId: render.jobId!, limit: 50 });
    const submit = rows.find((r) => r.method === 'POST' && r.endpoint === 'videos.create');
    expect(submit?.costNanos).toBeGreaterThan(0);
    // The run and the Jobs screen keep what HeyGen bills, not $0.
    expect(render.actualNanos).toBe(submit!.costNanos);
    expect(app.jobs.get(render.jobId!).actualCostNanos).toBe(submit!.costNanos);
    await expect.poll(async () => await page.getByTestId('one-flow-step-render-actual').textContent()).not.toBe('—');
    fakes.heygen.clearFaults();
  });

  it('unblocks a step as soon as the hard budget that blocked it is deleted', async () => {
    const { page, app } = e2e;
    const budget = await app.router.call('budgets.create', {
      scope: 'overall',
      period: 'month',
      limitNanos: 1,
      mode: 'hard',
    });
    const why = page.getByTestId('step-analyse').locator('.step-why');
    await why.getByText('would exceed a hard budget').waitFor();
    expect(await page.getByTestId('step-analyse-start').isDisabled()).toBe(true);
    await app.router.call('budgets.delete', { id: budget.id });
    await why.waitFor({ state: 'detached' });
    expect(await page.getByTestId('step-analyse-start').isDisabled()).toBe(false);
    expect(e2e.problems).toEqual([]);
  });
});
