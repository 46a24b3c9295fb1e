// A 200 MB voice sample goes up as a multipart part read lazily from disk: the process must not hold it.
// RSS still moves by tens of MB (freed socket and file buffers linger until GC), but stays far below the file.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cloneVoice } from '../../../../main/providers/elevenlabs';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from '../../../../main/providers/elevenlabs/fake';
import { peakRssGrowth } from '../../../helpers/rss-sampler';
import { useFakeGateway } from '../shared/media-kit';
import { sparseFile, useTempDir } from '../shared/temp-files';

const MB = 1024 * 1024;
const dir = useTempDir('aicon-el-mem-');
const t = useFakeGateway(startElevenLabsFake, (fake) => ({ elevenlabs: fake.url }));

it('streams a 200 MB multipart upload with memory far below the file size (client and fake in one process)', async () => {
  const sample = sparseFile(join(dir, 'long-sample.wav'), 200 * MB);
  const { result, growthBytes } = await peakRssGrowth(() =>
    cloneVoice(
      t.gw.gateway,
      { secret: ELEVENLABS_FAKE_KEY },
      { name: 'Big', samples: [{ path: sample, mimeType: 'audio/wav' }] },
    ),
  );
  expect(result.value.voiceId).toBe('c38kUX8pkfYO2kHyqfFy');
  expect(t.fake.state.clones[0]?.files[0]?.bytes).toBe(200 * MB);
  // Buffering the file anywhere (client FormData, gateway, fake) would add at least 200 MB.
  expect(growthBytes).toBeLessThan(100 * MB);
});
