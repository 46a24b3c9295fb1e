import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioDurationFromBuffer, measureAudioDurationSeconds } from '../../../../main/providers/shared/audio-duration';
import { flacBytes, m4aBytes, mp3CbrBytes, mp3XingBytes, wavBytes } from './audio-fixtures';
import { useTempDir } from './temp-files';

const dir = useTempDir('aicon-audio-');

function file(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('audio duration from headers', () => {
  it('WAV: data size / byte rate', async () => {
    expect(await measureAudioDurationSeconds(file('a.wav', wavBytes(3.5)))).toBe(3.5);
    expect(await audioDurationFromBuffer(wavBytes(2, 16000))).toBe(2);
  });

  it('WAV with a streaming (0xFFFFFFFF) data size uses the rest of the file', async () => {
    const b = wavBytes(1.25);
    b.writeUInt32LE(0xffffffff, 40);
    expect(await audioDurationFromBuffer(b)).toBe(1.25);
  });

  it('MP3 CBR: audio bytes * 8 / bitrate, skipping the ID3v2 tag', async () => {
    const frames = 100;
    const seconds = await measureAudioDurationSeconds(file('a.mp3', mp3CbrBytes(frames)));
    expect(seconds).toBeCloseTo((frames * 417 * 8) / 128_000, 9);
  });

  it('MP3 VBR: the Xing frame count', async () => {
    expect(await audioDurationFromBuffer(mp3XingBytes(1000))).toBeCloseTo((1000 * 1152) / 44_100, 9);
  });

  it('FLAC: total samples / sample rate', async () => {
    expect(await audioDurationFromBuffer(flacBytes(441_000, 44_100))).toBe(10);
  });

  it('M4A: mvhd duration / timescale, moov after mdat', async () => {
    expect(await measureAudioDurationSeconds(file('a.m4a', m4aBytes(90_000, 1000)))).toBe(90);
  });

  it('unknown formats, empty and missing files give undefined', async () => {
    expect(await audioDurationFromBuffer(Buffer.from('OggS\0\0\0\0\0\0\0\0'))).toBeUndefined();
    expect(await audioDurationFromBuffer(Buffer.alloc(0))).toBeUndefined();
    expect(await audioDurationFromBuffer(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined();
    expect(await measureAudioDurationSeconds(join(dir, 'missing.wav'))).toBeUndefined();
  });
});
