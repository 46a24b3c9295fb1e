// The gallery's extras: a video's thumbnail is one JPEG frame by ffmpeg (cached beside the video), audio has
// none; "Show in folder" reaches the desktop's file manager with the file's path, and says no in web mode.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { fakeMp4 } from '../../../main/providers/heygen/fake-video';
import { wavBytes } from '../files/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'aicon-gallery-'));
const shown: string[] = [];
const open = (showInFolder?: (path: string) => void) =>
  createApp({
    dataDir: join(dir, showInFolder ? 'desktop' : 'web'),
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    ...(showInFolder ? { showInFolder } : {}),
  });
const desktop = open((p) => shown.push(p));
const web = open();
afterAll(async () => {
  await desktop.close();
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});

function store(app: ReturnType<typeof open>, name: string, bytes: Buffer, kind: 'video' | 'audio') {
  const path = join(app.content.media.directory(), name);
  writeFileSync(path, bytes);
  return app.content.media.create({
    kind,
    mime: kind === 'video' ? 'video/mp4' : 'audio/wav',
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}

it('thumbnails a video with one JPEG frame, cached; audio has none', async () => {
  const video = store(desktop, 'clip.mp4', fakeMp4(), 'video');
  const { dataUrl } = await desktop.router.call('media.thumbnail', { id: video.id });
  expect(dataUrl).toMatch(/^data:image\/jpeg;base64,/);
  const jpeg = Buffer.from(dataUrl!.split(',')[1]!, 'base64');
  expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  expect(existsSync(`${desktop.content.media.pathOf(video.id)}.thumb.jpg`)).toBe(true);
  const audio = store(desktop, 'voice.wav', wavBytes(8_000), 'audio');
  expect(await desktop.router.call('media.thumbnail', { id: audio.id })).toEqual({ dataUrl: null });
});

it('shows the file in its folder on the desktop, and says no in web mode', async () => {
  const a = store(desktop, 'shown.mp4', fakeMp4(), 'video');
  expect(await desktop.router.call('media.reveal', { id: a.id })).toEqual({ revealed: true });
  expect(shown).toEqual([desktop.content.media.pathOf(a.id)]);
  const b = store(web, 'web.mp4', fakeMp4(), 'video');
  expect(await web.router.call('media.reveal', { id: b.id })).toEqual({ revealed: false });
});
