// Deterministic audio for the ElevenLabs fake: valid silent MP3 frames (MPEG-1/2 Layer III, zero side info
// decodes as silence), raw PCM s16le silence, and G.711 µ-law / A-law silence bytes. Players and file-type
// sniffers accept these; their length follows the text the way speech would (~15 characters per second).
const MP3: Record<string, { header: number[]; frameBytes: number; frameSeconds: number }> = {
  // MPEG-1 Layer III, mono, no CRC: 0xFFFB, bitrate index, 44.1 kHz; 1152 samples per frame.
  mp3_44100_32: { header: [0xff, 0xfb, 0x10, 0xc0], frameBytes: 104, frameSeconds: 1152 / 44_100 },
  mp3_44100_64: { header: [0xff, 0xfb, 0x50, 0xc0], frameBytes: 208, frameSeconds: 1152 / 44_100 },
  mp3_44100_96: { header: [0xff, 0xfb, 0x70, 0xc0], frameBytes: 313, frameSeconds: 1152 / 44_100 },
  mp3_44100_128: { header: [0xff, 0xfb, 0x90, 0xc0], frameBytes: 417, frameSeconds: 1152 / 44_100 },
  mp3_44100_192: { header: [0xff, 0xfb, 0xb0, 0xc0], frameBytes: 626, frameSeconds: 1152 / 44_100 },
  // MPEG-2 Layer III at 22.05 kHz, 32 kbps: 576 samples per frame.
  mp3_22050_32: { header: [0xff, 0xf3, 0x40, 0xc0], frameBytes: 104, frameSeconds: 576 / 22_050 },
};

export interface FakeAudio {
  bytes: Buffer;
  contentType: string;
}

/** Seconds of speech a text would take (about 150 words a minute), bounded to keep fakes light. */
export const speechSeconds = (characters: number): number => Math.min(120, Math.max(0.5, characters / 15));

/** Silent audio of `seconds` in an ElevenLabs output format; null for formats the fake does not produce (opus). */
export function silentAudio(format: string, seconds: number): FakeAudio | null {
  const mp3 = MP3[format];
  if (mp3) {
    const frames = Math.max(1, Math.ceil(seconds / mp3.frameSeconds));
    const bytes = Buffer.alloc(frames * mp3.frameBytes);
    for (let f = 0; f < frames; f++) bytes.set(mp3.header, f * mp3.frameBytes);
    return { bytes, contentType: 'audio/mpeg' };
  }
  const pcm = /^pcm_(\d+)$/.exec(format);
  if (pcm) return { bytes: Buffer.alloc(Math.ceil(seconds * Number(pcm[1])) * 2), contentType: 'audio/pcm' };
  if (format === 'ulaw_8000')
    return { bytes: Buffer.alloc(Math.ceil(seconds * 8000), 0xff), contentType: 'audio/basic' };
  if (format === 'alaw_8000')
    return { bytes: Buffer.alloc(Math.ceil(seconds * 8000), 0xd5), contentType: 'audio/alaw' };
  return null;
}
