// The demo render's video is a real movie: ffprobe reads H.264 video and AAC sound, 2 s long, with the moov
// box ahead of mdat so a player can start before the whole file arrived (the old fake had no moov at all).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fakeMp4 } from '../../../../main/providers/heygen/fake-video';

const dir = mkdtempSync(join(tmpdir(), 'aicon-fake-video-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('is a small, playable, fast-start MP4', () => {
  const bytes = fakeMp4();
  expect(bytes.length).toBeLessThan(16 * 1024);
  const path = join(dir, 'demo.mp4');
  writeFileSync(path, bytes);
  const probe = JSON.parse(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'json', path],
      { encoding: 'utf8' },
    ),
  ) as { format: { duration: string }; streams: { codec_name: string; width?: number; height?: number }[] };
  expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  expect(probe.streams.find((s) => s.codec_name === 'h264')).toMatchObject({ width: 160, height: 90 });
  expect(Number(probe.format.duration)).toBeCloseTo(2, 1);
  const moov = bytes.indexOf('moov', 0, 'latin1');
  const mdat = bytes.indexOf('mdat', 0, 'latin1');
  expect(moov).toBeGreaterThan(0);
  expect(moov).toBeLessThan(mdat);
});
