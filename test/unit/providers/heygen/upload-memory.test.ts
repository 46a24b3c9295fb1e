// A 100 MB video (HeyGen's legacy maximum) goes up as raw bytes streamed from disk: the process must not hold
// it. RSS is a coarse signal (freed buffers linger until GC), so the sharper check is the gap between bytes
// read from disk and bytes the fake has received: with streaming and backpressure it stays a few socket
// buffers wide; buffering the file would open it to the whole file.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { uploadAssetLegacy } from '../../../../main/providers/heygen';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from '../../../../main/providers/heygen/fake';
import { peakRssGrowth } from '../../../helpers/rss-sampler';
import { useFakeGateway } from '../shared/media-kit';
import { sparseFile, useTempDir } from '../shared/temp-files';

const MB = 1024 * 1024;
const dir = useTempDir('aicon-hg-mem-');
const t = useFakeGateway(startHeyGenFake, (fake) => ({ heygen: fake.url, 'heygen:upload': fake.upload.url }));

it('streams a 100 MB raw-bytes upload: bytes in flight stay small, memory far below the file size', async () => {
  const video = sparseFile(join(dir, 'clip.mp4'), 100 * MB);
  let read = 0;
  let maxInFlight = 0;
  const onProgress = (sent: number) => {
    read = sent;
    maxInFlight = Math.max(maxInFlight, read - (t.fake.upload.requests[0]?.bodyBytes ?? 0));
  };
  const { result, growthBytes } = await peakRssGrowth(() =>
    uploadAssetLegacy(t.gw.gateway, { secret: HEYGEN_FAKE_KEY }, { path: video, mimeType: 'video/mp4', onProgress }),
  );
  expect(result.value).toMatchObject({ fileType: 'video', imageKey: null });
  expect(t.fake.upload.requests[0]?.bodyBytes).toBe(100 * MB);
  expect(read).toBe(100 * MB);
  expect(maxInFlight).toBeLessThan(16 * MB);
  expect(growthBytes).toBeLessThan(90 * MB);
});
