// Minimal, valid audio containers built in memory (silence), for duration measurement and uploads.

/** PCM WAV: 16-bit mono silence of the given length. */
export function wavBytes(seconds: number, sampleRate = 8000): Buffer {
  const dataSize = Math.round(seconds * sampleRate) * 2;
  const b = Buffer.alloc(44 + dataSize);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataSize, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2, 28); // byte rate
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataSize, 40);
  return b;
}

/** CBR MPEG-1 Layer III at 128 kbps / 44.1 kHz, preceded by an empty ID3v2 tag: `frames` frames of zeros. */
export function mp3CbrBytes(frames: number): Buffer {
  const frameSize = Math.floor((144 * 128_000) / 44_100); // 417 bytes, no padding
  const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(frameSize);
  frame.set([0xff, 0xfb, 0x90, 0x00]); // sync, MPEG1 L3, 128 kbps, 44.1 kHz, stereo
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

/** VBR MP3 whose first frame carries a Xing header announcing `frames` frames. */
export function mp3XingBytes(frames: number): Buffer {
  const first = Buffer.alloc(417);
  first.set([0xff, 0xfb, 0x90, 0x00]);
  const xingAt = 4 + 32; // MPEG1 stereo side info
  first.write('Xing', xingAt, 'latin1');
  first.writeUInt32BE(1, xingAt + 4); // frames field present
  first.writeUInt32BE(frames, xingAt + 8);
  return Buffer.concat([first, Buffer.alloc(417 * 3)]);
}

/** FLAC with a STREAMINFO block only. */
export function flacBytes(totalSamples: number, sampleRate: number): Buffer {
  const b = Buffer.alloc(4 + 4 + 34);
  b.write('fLaC', 0, 'latin1');
  b.writeUInt32BE(0x80000022, 4); // last block, STREAMINFO, length 34
  const info = 8;
  b[info + 10] = (sampleRate >> 12) & 0xff;
  b[info + 11] = (sampleRate >> 4) & 0xff;
  b[info + 12] = ((sampleRate & 0x0f) << 4) | (1 << 1); // 2 channels-1 = 1 in bits 3..1, bps high bit 0
  b[info + 13] = (15 << 4) | Math.floor(totalSamples / 2 ** 32); // bps low bits, samples high nibble
  b.writeUInt32BE(totalSamples % 2 ** 32, info + 14);
  return b;
}

/** MP4/M4A with ftyp, an mdat and a trailing moov/mvhd (version 0). */
export function m4aBytes(duration: number, timescale: number): Buffer {
  const box = (type: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(8 + body.length, 0);
    h.write(type, 4, 'latin1');
    return Buffer.concat([h, body]);
  };
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(duration, 16);
  return Buffer.concat([
    box('ftyp', Buffer.from('M4A \0\0\0\0', 'latin1')),
    box('mdat', Buffer.alloc(256)),
    box('moov', box('mvhd', mvhd)),
  ]);
}
