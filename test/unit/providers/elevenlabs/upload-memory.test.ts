// A 200 MB voice sample goes up as a multipart part read lazily from disk: the process must not hold it.
// RSS still moves by tens of MB (freed socket and file buffers linger until GC), but stays far below the file.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ELEVENLABS_FAKE_KEY, cloneVoice, startElevenLabsFake } from '../../../../main/providers/elevenlabs';
import { startMediaGateway } from '../../../helpers/media-gateway';
import { peakRssGrowth } from '../../../helpers/rss-sampler';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'aicon-el-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('streams a 200 MB multipart upload with memory far below the file size (client and fake in one process)', async () => {
  const sample = join(dir, 'long-sample.wav');
  writeFileSync(sample, '');
  truncateSync(sample, 200 * MB); // sparse: costs no disk, reads as zeros
  const fake = await startElevenLabsFake();
  const gw = startMediaGateway({ elevenlabs: fake.url });
  try {
    const { result, growthBytes } = await peakRssGrowth(() =>
      cloneVoice(gw.gateway, { secret: ELEVENLABS_FAKE_KEY }, { name: 'Big', samples: [{ path: sample, mimeType: 'audio/wav' }] }),
    );
    expect(result.value.voiceId).toBe('c38kUX8pkfYO2kHyqfFy');
    expect(fake.state.clones[0]?.files[0]?.bytes).toBe(200 * MB);
    // Buffering the file anywhere (client FormData, gateway, fake) would add at least 200 MB.
    expect(growthBytes).toBeLessThan(100 * MB);
  } finally {
    await gw.close();
    await fake.close();
  }
});
