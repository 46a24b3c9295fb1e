// A content piece walked through the provider steps in Chromium (web mode) against the built-in demo fakes:
// each step shows its estimate before the click, runs as a job with progress, and shows what it made.
import { beforeAll, describe, expect, it } from 'vitest';
import { startDemoProviders } from '../../main/providers/demo';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_OUTPUT, useE2E } from '../helpers/browser';
import { openTab, unfold } from '../helpers/workflowsScreen';
import { PNG, wavBytes } from '../unit/files/fixtures';

// One user session across the file's steps (each builds on the last), on this file's own app and data.
const e2e = useE2E({ page: 'per-file' });
beforeAll(async () => {
  e2e.app.providers.attachDemo(await startDemoProviders());
});

/** Real File objects built in the page and dropped on the drop zone, as a user's drag would. */
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

describe('creator workflow in Chromium (demo providers)', () => {
  it('analyses a piece: estimate first, then the job, then the analysis fields', async () => {
    const { page, app } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await unfold(page, 'add');
    await page.getByTestId('content-title').fill('Three hooks that stop the scroll');
    await page.getByTestId('content-platform').selectOption('tiktok');
    await page
      .getByTestId('content-transcript')
      .fill('Stop scrolling. Most videos lose viewers in the first second. Here is the fix. #hooks @creator');
    await page.getByTestId('content-submit').click();
    await page.getByTestId('piece-details').getByText('Three hooks that stop the scroll').waitFor();

    const estimate = page.getByTestId('step-analyse-estimate');
    await estimate.getByText(/≤ \$/).waitFor();
    expect(await estimate.textContent()).toMatch(/input tokens .* demo/);
    await page.getByTestId('step-analyse-start').click();
    await page.locator('[data-testid="step-analyse-run"][data-state="succeeded"]').waitFor();
    // The actual cost links to the ledger rows the job's calls wrote.
    const ledger = page.getByTestId('step-analyse-ledger');
    await ledger.getByText('Ledger rows (1)').click();
    expect(await ledger.textContent()).toMatch(/openai .*chat.* 200 · \$/);
    const analysis = page.getByTestId('result-analysis');
    await analysis.waitFor();
    expect(await analysis.textContent()).toMatch(/Hook.*CTA.*Engagement score/s);
    const piece = app.content.pieces.list({ limit: 1, offset: 0 }).items[0]!;
    const [stored] = app.content.analyses.list(piece.id);
    expect(stored).toMatchObject({ provider: 'openai', demo: true });
    expect(await page.getByTestId('result-engagement').textContent()).toBe(String(stored!.analysis.engagementScore));
    await e2e.screenshot('workflow-analyse');
    // The step's calls open in the call log, scoped to its job; clearing the scope shows every call again.
    await page.getByTestId('step-analyse-calls').click();
    await page.getByTestId('calls-job-scope').waitFor();
    await page.getByTestId('call-row').first().waitFor();
    expect(await page.getByTestId('call-row').count()).toBe(1);
    expect(await page.getByTestId('call-row').first().textContent()).toMatch(/openai.*content_analysis/);
    await page.getByRole('button', { name: 'Show all calls' }).click();
    await page.getByTestId('calls-job-scope').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
  });

  it('researches and rewrites the script into a new version', async () => {
    const { page } = e2e;
    await page.getByTestId('step-research-estimate').getByText(/≤ \$/).waitFor();
    await page.getByTestId('step-research-start').click();
    await page.locator('[data-testid="step-research-run"][data-state="succeeded"]').waitFor();
    const research = page.getByTestId('result-research-perspectives');
    await research.waitFor();
    expect(await research.locator('article').count()).toBe(3);
    expect(await research.textContent()).toContain('https://');

    await page.getByTestId('step-rewrite-estimate').getByText(/≤ \$/).waitFor();
    await page.getByTestId('step-rewrite-start').click();
    await page.locator('[data-testid="step-rewrite-run"][data-state="succeeded"]').waitFor();
    await openTab(page, 'scripts');
    const script = page.getByTestId('result-script');
    await script.getByText('v2').waitFor();
    expect(await script.textContent()).toMatch(/rewrite · openai/);
    await e2e.screenshot('workflow-research-rewrite');
    expect(e2e.problems).toEqual([]);
  });

  it('walks dropped audio and a photo to a finished, downloaded video', async () => {
    const { page, app } = e2e;
    await openTab(page, 'timeline');
    await drop([
      { name: 'my voice.wav', type: 'audio/wav', b64: wavBytes(16_000).toString('base64') },
      { name: 'portrait.png', type: 'image/png', b64: PNG.toString('base64') },
    ]);
    await page.locator('[data-testid="drop-item"][data-status="registered"]').nth(1).waitFor();

    await runStep('transcribe');
    await runStep('voiceClone');
    await runStep('speak');
    await runStep('avatar');
    await runStep('render');
    await openTab(page, 'media');
    const media = page.getByTestId('result-media');
    await media.getByText(/video: media\//).waitFor();
    expect(await media.textContent()).toMatch(/audio: media\/speech-.*\.mp3/);

    const piece = app.content.pieces.list({ limit: 1, offset: 0 }).items[0]!;
    const [video] = app.content.media.list({ contentId: piece.id, kind: 'video' });
    expect(video).toMatchObject({ provider: 'heygen', demo: true, mime: 'video/mp4' });
    const bytes = readFileSync(join(app.dataDir, 'media', video!.fileName));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(video!.sha256);
    // The players point at the app's own media route, which serves the same bytes (and ranges for seeking).
    const videoSrc = await media.getByTestId('media-video').getAttribute('src');
    expect(videoSrc).toBe(`/media/${video!.id}`);
    const served = await page.evaluate(async (src) => {
      const full = await fetch(src!);
      const part = await fetch(src!, { headers: { range: 'bytes=0-3' } });
      return {
        status: full.status,
        size: (await full.arrayBuffer()).byteLength,
        partStatus: part.status,
        partSize: (await part.arrayBuffer()).byteLength,
      };
    }, videoSrc);
    expect(served).toEqual({ status: 200, size: bytes.length, partStatus: 206, partSize: 4 });
    expect(await media.getByTestId('media-audio').count()).toBeGreaterThan(0);
    await e2e.screenshot('workflow-video');
    expect(e2e.problems).toEqual([]);
  }, 30_000);

  it('lays the piece out beside the library at 1440x900 and 1024x700, nothing overflowing its card', async () => {
    const { page } = e2e;
    await openTab(page, 'timeline');
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      const library = await page.locator('.wf-library').boundingBox();
      const workspace = await page.getByTestId('piece-details').boundingBox();
      expect(library!.x + library!.width).toBeLessThanOrEqual(workspace!.x);
      expect(workspace!.x + workspace!.width).toBeLessThanOrEqual(width);
      // Every step card keeps its content (long errors, ledger ids, URLs) inside its own width.
      const overflowing = await page
        .locator('[data-testid^="step-"].workflow-step')
        .evaluateAll((cards) => cards.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.dataset.testid));
      expect(overflowing).toEqual([]);
      await page.screenshot({ path: join(TEST_OUTPUT, `workflows-${width}.png`) });
    }
    expect(e2e.problems).toEqual([]);
  });
});
