// Workflows and Jobs screens in Chromium (web mode): a piece made by hand, real audio and photo bytes
// dropped on the page and uploaded, a bad file refused with its reason, and the checksum jobs that
// intake starts shown live with progress bars, errors and a working Retry.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';
import { PNG, wavBytes } from '../unit/files/fixtures';
import { unfold } from '../helpers/workflowsScreen';

const e2e = useE2E();

interface DropSpec {
  name: string;
  type: string;
  b64?: string;
  /** Instead of bytes: a zero-filled file of this size (for the size pre-check). */
  size?: number;
}

/** Builds real File objects in the page and drops them on the drop zone, as a user's drag would. */
async function drop(files: DropSpec[]): Promise<void> {
  await e2e.page.evaluate((specs) => {
    const dt = new DataTransfer();
    for (const s of specs) {
      const bytes =
        s.b64 !== undefined ? Uint8Array.from(atob(s.b64), (c) => c.charCodeAt(0)) : new Uint8Array(s.size ?? 0);
      dt.items.add(new File([bytes], s.name, { type: s.type }));
    }
    const zone = document.querySelector('[data-testid="drop-zone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** Each test has a fresh page: open the Workflows screen and unfold the library's drop section. */
async function openWorkflows(): Promise<void> {
  await e2e.page.getByRole('button', { name: 'Workflows', exact: true }).click();
  await e2e.page.getByTestId('workflows-page').waitFor();
  await unfold(e2e.page, 'drops');
  await e2e.page.getByTestId('drop-zone').waitFor();
}

const dropItem = (name: string) => e2e.page.locator(`[data-testid="drop-item"][data-name="${name}"]`);

describe('workflows and jobs in Chromium (web mode)', () => {
  it('creates a content piece by hand and finds it by search', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    await page.getByTestId('workflows-page').waitFor();
    await unfold(page, 'add');
    await page.getByTestId('content-title').fill('Morning routine in 60 seconds');
    await page.getByTestId('content-platform').selectOption('tiktok');
    await page.getByTestId('content-url').fill('https://www.tiktok.com/@me/video/1');
    await page.getByTestId('content-tags').fill('habits, morning');
    await page.getByTestId('content-transcript').fill('Wake up. Drink water. Move for five minutes.');
    await page.getByTestId('content-submit').click();
    await page.getByTestId('piece-details').getByText('Morning routine in 60 seconds').waitFor();
    expect(await page.getByTestId('content-item').count()).toBe(1);
    const stored = e2e.app.content.pieces.list({ limit: 10, offset: 0 });
    expect(stored.items[0]).toMatchObject({
      title: 'Morning routine in 60 seconds',
      platform: 'tiktok',
      tags: ['habits', 'morning'],
    });

    // Provider steps are listed; those that need a dropped file say so and stay disabled (runs: test/e2e/workflow.test.ts).
    await expect(page.getByTestId('step-transcribe-start').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('step-transcribe').textContent()).resolves.toContain(
      'drop a recording, audio or video',
    );

    await page.getByTestId('content-search').fill('drink wat');
    await page.getByTestId('content-total').getByText('1 piece').waitFor();
    await page.getByTestId('content-search').fill('podcast');
    await page.getByTestId('content-total').getByText('0 pieces').waitFor();
    await page.getByTestId('content-search').fill('');
  });

  it('uploads dropped audio and a photo, previews them, and refuses bad files with the reason', async () => {
    const { page, app } = e2e;
    await openWorkflows();
    await drop([
      { name: 'voice sample.wav', type: 'audio/wav', b64: wavBytes(8000).toString('base64') },
      { name: 'face.png', type: 'image/png', b64: PNG.toString('base64') },
      // Named and typed like a photo, but the bytes are text: main sniffs and refuses.
      { name: 'not-a-photo.png', type: 'image/png', b64: Buffer.from('hello, I am text').toString('base64') },
      // Over the 10 MB voice sample limit: refused before any byte is sent.
      { name: 'long take.wav', type: 'audio/wav', size: 10_000_001 },
    ]);
    await dropItem('voice sample.wav').and(page.locator('[data-status="registered"]')).waitFor();
    await dropItem('face.png').and(page.locator('[data-status="registered"]')).waitFor();
    await dropItem('not-a-photo.png').and(page.locator('[data-status="error"]')).waitFor();
    expect(await dropItem('not-a-photo.png').getByTestId('drop-error').textContent()).toMatch(
      /not a recognised media file/,
    );
    expect(await dropItem('long take.wav').getByTestId('drop-error').textContent()).toMatch(/over the 10 MB limit/);

    // Previews come from object URLs of the dropped File, not from the server.
    expect(await dropItem('face.png').getByTestId('drop-preview').getAttribute('src')).toMatch(/^blob:/);
    expect(await dropItem('voice sample.wav').textContent()).toContain('audio/wav');

    const files = app.files.list({ limit: 10 });
    expect(files.map((f) => [f.name, f.purpose, f.origin]).sort()).toEqual([
      ['face.png', 'avatar_photo', 'upload'],
      ['voice sample.wav', 'voice_sample', 'upload'],
    ]);
    await e2e.screenshot('workflows-drop');
  });

  it('shows upload progress and cancels an upload, leaving nothing behind', async () => {
    const { page, app } = e2e;
    await openWorkflows();
    // Slow the upload link so the progress bar and the Cancel button can be seen mid-upload.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    try {
      const wav = wavBytes(2_000_000); // ~4 MB of real audio
      await drop([{ name: 'slow upload.wav', type: 'audio/wav', b64: wav.toString('base64') }]);
      const item = dropItem('slow upload.wav');
      await expect
        .poll(async () => Number(await item.getByTestId('upload-progress').getAttribute('aria-valuenow')), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      await item.getByTestId('drop-cancel').click();
      await item.and(page.locator('[data-status="cancelled"]')).waitFor();
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    }
    expect(app.files.list({ limit: 10 }).some((f) => f.name === 'slow upload.wav')).toBe(false);
    await expect
      .poll(() => readdirSync(app.files.uploadsDir).filter((f) => f.endsWith('.part')), { timeout: 10_000 })
      .toEqual([]);
  });

  it('shows the checksum jobs with progress bars, live updates, errors and a Retry button', async () => {
    const { page, app } = e2e;
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    await page.getByTestId('jobs-table').waitFor();
    const rows = page.locator('[data-testid="job-row"][data-kind="files.checksum"]');
    // One checksum job per registered file: the two dropped files, plus the slow upload when its last bytes
    // reached main just before Cancel (the UI then removes the file, the finished job stays). The screen
    // must show exactly the jobs main has.
    const checksumJobs = () => app.jobs.list({ kind: 'files.checksum', limit: 50 }).length;
    await expect
      .poll(async () => [await rows.count(), checksumJobs()], { timeout: 10_000 })
      .toEqual([checksumJobs(), checksumJobs()]);
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    for (const row of await rows.all()) {
      await row.locator('[data-state="succeeded"]').waitFor();
      expect(await row.getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('100');
    }

    // A job started while the screen is open appears by itself (job.progress events).
    const file = app.files.list({ limit: 10 })[0]!;
    const live = app.jobs.enqueue({ kind: 'files.checksum', input: { fileId: file.id } });
    const liveRow = page.locator(`[data-job-id="${live.id}"]`);
    await liveRow.locator('[data-state="succeeded"]').waitFor();
    expect(await liveRow.getByTestId('job-message').textContent()).toBe(`Hashing ${file.name}`);

    // A failing job shows main's reason, and Retry runs it again (a second attempt).
    const broken = app.jobs.enqueue({ kind: 'files.checksum', input: { fileId: 'missing-file' } });
    const brokenRow = page.locator(`[data-job-id="${broken.id}"]`);
    await brokenRow.locator('[data-state="failed"]').waitFor();
    expect(await brokenRow.getByTestId('job-error').textContent()).toBe('No registered file with id missing-file');
    await brokenRow.getByTestId('job-retry').click();
    await brokenRow.getByText('attempt 2').waitFor();
    await brokenRow.locator('[data-state="failed"]').waitFor();
    expect(app.jobs.get(broken.id).attempts).toBe(2);

    const shot = await e2e.screenshot('jobs-screen');
    expect(existsSync(shot)).toBe(true);
    // The only console errors are Chromium's own log lines for the refused upload (HTTP 422).
    expect(e2e.problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  });
});
