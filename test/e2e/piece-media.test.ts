// A piece's recording, transcript and media in Chromium (web mode, demo providers): a dropped video is
// transcribed in chunks into a new transcript version (the typed one kept, restorable), the dropped file is
// listed with the piece again after a reload, and the gallery plays the demo render (a real MP4) with a
// thumbnail grabbed by ffmpeg. Screenshots of the Transcript and Media tabs at 1440x900 and 1024x700.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoProviders } from '../../main/providers/demo';
import { fakeMp4 } from '../../main/providers/heygen/fake-video';
import { CHUNK_BYTES_SETTING } from '../../main/recordings/chunks';
import { TEST_OUTPUT, useE2E } from '../helpers/browser';
import { openTab, unfold } from '../helpers/workflowsScreen';

const e2e = useE2E({ page: 'per-file' });
const scratch = mkdtempSync(join(tmpdir(), 'aicon-e2e-media-'));
const TYPED = 'My notes on the talk, typed by hand.';
let pieceId: string;

/** 3 s of test video with a tone, made by the same ffmpeg the app uses (a few kB). */
function recording(): Buffer {
  const out = join(scratch, 'talk.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=5:duration=3'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=16000:duration=3'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out],
  ]);
  return readFileSync(out);
}

beforeAll(async () => {
  e2e.app.providers.attachDemo(await startDemoProviders());
  // Two-second chunks: the 3 s recording goes in two parts.
  e2e.app.settings.set(CHUNK_BYTES_SETTING, 9_000);
  pieceId = e2e.app.content.pieces.create({
    title: 'Recorded talk',
    platform: 'youtube',
    url: null,
    description: 'A talk recorded on video',
    transcript: TYPED,
    tags: ['talks'],
    sourceFileId: null,
  }).id;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function selectPiece(): Promise<void> {
  const { page } = e2e;
  await page.getByRole('button', { name: 'Workflows', exact: true }).click();
  await page.getByTestId('workflows-page').waitFor();
  await page.getByTestId('content-item').filter({ hasText: 'Recorded talk' }).click();
  await page.getByTestId('piece-details').getByText('Recorded talk').waitFor();
}

async function shoot(name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await e2e.page.setViewportSize({ width, height });
    await e2e.page.screenshot({ path: join(TEST_OUTPUT, `${name}-${width}.png`) });
  }
}

describe('a piece with a recording, its transcript versions and its media', () => {
  it('transcribes a dropped video in parts into a new version, and restores the typed one', async () => {
    const { page } = e2e;
    await selectPiece();
    await unfold(page, 'drops');
    const b64 = recording().toString('base64');
    await page.evaluate((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'talk.mp4', { type: 'video/mp4' }));
      const zone = document.querySelector('[data-testid="drop-zone"]')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, b64);
    await page.locator('[data-testid="drop-item"][data-status="registered"][data-name="talk.mp4"]').waitFor();

    const estimate = page.getByTestId('step-transcribe-estimate');
    await estimate.getByText(/≤ \$/).waitFor();
    expect(await estimate.textContent()).toMatch(/in 2 parts/);
    await page.getByTestId('step-transcribe-start').click();
    await page.locator('[data-testid="step-transcribe-run"][data-state="succeeded"]').waitFor();

    await openTab(page, 'transcript');
    const versions = page.getByTestId('transcript-version');
    await versions.nth(1).waitFor();
    expect(await versions.count()).toBe(2);
    expect(await page.getByTestId('transcript-text').inputValue()).not.toBe(TYPED);
    await shoot('piece-transcript');

    await page.getByTestId('transcript-restore-1').click();
    await versions.nth(2).waitFor();
    expect(await page.getByTestId('transcript-text').inputValue()).toBe(TYPED);
    expect(e2e.app.content.pieces.get(pieceId).transcript).toBe(TYPED);
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('lists the dropped recording with the piece again after a reload, until it is removed', async () => {
    const { page } = e2e;
    await page.reload();
    await selectPiece();
    await unfold(page, 'drops');
    const kept = page.locator('[data-testid="drop-item"][data-name="talk.mp4"]');
    await kept.getByText('Kept with this piece').waitFor();
    // The step is ready without dropping it again.
    await page.getByTestId('step-transcribe-estimate').getByText(/≤ \$/).waitFor();
    // Removed from the piece: gone after the next reload too (the registered file itself stays).
    await kept.getByRole('button', { name: /Remove talk\.mp4/ }).click();
    await kept.waitFor({ state: 'detached' });
    expect((await e2e.app.router.call('pieceFiles.list', { contentId: pieceId })).files).toEqual([]);
    await page.reload();
    await selectPiece();
    await page
      .getByTestId('step-transcribe')
      .getByText(/drop a recording/)
      .waitFor();
    expect(e2e.problems).toEqual([]);
  });

  it("plays the demo render in the gallery with ffmpeg's thumbnail", async () => {
    const { page, app } = e2e;
    // The bytes the HeyGen fake serves for every demo render, stored as a render job would store them.
    const bytes = fakeMp4();
    const path = join(app.content.media.directory(), 'demo-render.mp4');
    writeFileSync(path, bytes);
    app.content.media.create({
      kind: 'video',
      mime: 'video/mp4',
      path,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      durationSeconds: 2,
      contentId: pieceId,
      provider: 'heygen',
      demo: true,
    });
    await page.reload();
    await selectPiece();
    await openTab(page, 'media');
    const video = page.locator('[data-testid="media-video"][data-thumbnail="ready"]');
    await video.waitFor();
    expect(await video.getAttribute('poster')).toMatch(/^data:image\/jpeg;base64,/);
    // Playable: the browser reads its length from the moov box (the old fake had none and never loaded).
    const duration = await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<number>((resolve, reject) => {
          if (v.readyState >= 1) return resolve(v.duration);
          v.addEventListener('loadedmetadata', () => resolve(v.duration), { once: true });
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
          v.load();
        }),
    );
    expect(duration).toBeCloseTo(2, 0);
    expect(await page.getByTestId('gallery-download').getAttribute('download')).toBe('demo-render.mp4');
    await shoot('piece-media');
    expect(e2e.problems).toEqual([]);
  });

  it('says in Settings where ffmpeg was found', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByTestId('settings-recordings');
    await section.waitFor();
    await page
      .getByTestId('recordings-ffmpeg')
      .getByText(/ffmpeg: \/.*ffmpeg \(ffprobe: /)
      .waitFor();
    await section.screenshot({ path: join(TEST_OUTPUT, 'settings-recordings.png') });
    expect(e2e.problems).toEqual([]);
  });
});
