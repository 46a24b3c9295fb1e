// A 100 MB video (HeyGen's legacy maximum) goes up as raw bytes streamed from disk: the process must not hold
// it. RSS is a coarse signal (freed buffers linger until GC), so the sharper check is the gap between bytes
// read from disk and bytes the fake has received: with streaming and backpressure it stays a few socket
// buffers wide; buffering the file would open it to the whole file.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { HEYGEN_FAKE_KEY, startHeyGenFake, uploadAssetLegacy } from '../../../../main/providers/heygen';
import { startMediaGateway } from '../../../helpers/media-gateway';
import { peakRssGrowth } from '../../../helpers/rss-sampler';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'aicon-hg-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('streams a 100 MB raw-bytes upload: bytes in flight stay small, memory far below the file size', async () => {
  const video = join(dir, 'clip.mp4');
  writeFileSync(video, '');
  truncateSync(video, 100 * MB); // sparse: costs no disk, reads as zeros
  const fake = await startHeyGenFake();
  const gw = startMediaGateway({ heygen: fake.url, 'heygen:upload': fake.upload.url });
  let read = 0;
  let maxInFlight = 0;
  const onProgress = (sent: number) => {
    read = sent;
    maxInFlight = Math.max(maxInFlight, read - (fake.upload.requests[0]?.bodyBytes ?? 0));
  };
  try {
    const { result, growthBytes } = await peakRssGrowth(() => uploadAssetLegacy(gw.gateway, { secret: HEYGEN_FAKE_KEY }, { path: video, mimeType: 'video/mp4', onProgress }));
    expect(result.value).toMatchObject({ fileType: 'video', imageKey: null });
    expect(fake.upload.requests[0]?.bodyBytes).toBe(100 * MB);
    expect(read).toBe(100 * MB);
    expect(maxInFlight).toBeLessThan(16 * MB);
    expect(growthBytes).toBeLessThan(90 * MB);
  } finally {
    await gw.close();
    await fake.close();
  }
});
