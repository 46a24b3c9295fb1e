// Measures an audio file's duration from its headers (no decoding, a few KiB read), for pricing
// transcriptions whose response carries no usage (OpenAI text/srt/vtt formats).
// Supported: WAV (RIFF), MP3 (Xing/Info/VBRI or CBR), FLAC (STREAMINFO), MP4/M4A (mvhd).
// Anything else (Ogg, WebM, unknown) yields undefined: the caller may supply a duration instead.
import { open, type FileHandle } from 'node:fs/promises';

interface Reader {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

async function wavDuration(r: Reader, head: Buffer): Promise<number | undefined> {
  let offset = 12;
  let byteRate: number | undefined;
  while (offset + 8 <= r.size) {
    const chunk = offset + 8 <= head.length ? head.subarray(offset, offset + 8) : await r.read(offset, 8);
    if (chunk.length < 8) return undefined;
    const id = chunk.toString('latin1', 0, 4);
    const size = chunk.readUInt32LE(4);
    if (id === 'fmt ') {
      const fmt = await r.read(offset + 8, 12);
      if (fmt.length < 12) return undefined;
      byteRate = fmt.readUInt32LE(8);
    } else if (id === 'data') {
      if (byteRate === undefined || byteRate === 0) return undefined;
      // Streaming writers leave 0 or 0xFFFFFFFF: fall back to "the rest of the file".
      const available = r.size - offset - 8;
      const dataSize = size === 0 || size === 0xffffffff || size > available ? available : size;
      return dataSize / byteRate;
    }
    offset += 8 + size + (size % 2); // chunks are word-aligned
  }
  return undefined;
}

const MP3_BITRATES: Record<string, number[]> = {
  // kbps by bitrate index for [MPEG1 L1, L2, L3] and [MPEG2/2.5 L1, L2/L3]
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

async function mp3Duration(r: Reader, head: Buffer): Promise<number | undefined> {
  let start = 0;
  if (head.toString('latin1', 0, 3) === 'ID3' && head.length >= 10) {
    const size =
      ((head.readUInt8(6) & 0x7f) << 21) |
      ((head.readUInt8(7) & 0x7f) << 14) |
      ((head.readUInt8(8) & 0x7f) << 7) |
      (head.readUInt8(9) & 0x7f);
    start = 10 + size + ((head.readUInt8(5) & 0x10) !== 0 ? 10 : 0);
  }
  const buf = start + 4096 <= head.length ? head.subarray(start) : await r.read(start, 4096);
  let i = 0;
  while (i + 4 <= buf.length && !(buf[i] === 0xff && (buf.readUInt8(i + 1) & 0xe0) === 0xe0)) i++;
  if (i + 4 > buf.length) return undefined;
  const b1 = buf.readUInt8(i + 1);
  const b2 = buf.readUInt8(i + 2);
  const b3 = buf.readUInt8(i + 3);
  const versionBits = (b1 >> 3) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
  const layerBits = (b1 >> 1) & 3; // 3 = L1, 2 = L2, 1 = L3
  if (versionBits === 1 || layerBits === 0) return undefined;
  const layer = 4 - layerBits;
  const mpeg1 = versionBits === 3;
  const table = mpeg1 ? MP3_BITRATES[`1-${layer}`] : MP3_BITRATES[layer === 1 ? '2-1' : '2-2'];
  const bitrate = (table?.[(b2 >> 4) & 15] ?? 0) * 1000;
  const sampleRate = MP3_SAMPLE_RATES[versionBits]?.[(b2 >> 2) & 3];
  if (sampleRate === undefined) return undefined;
  const samplesPerFrame = layer === 1 ? 384 : layer === 2 || mpeg1 ? 1152 : 576;
  const mono = ((b3 >> 6) & 3) === 3;
  // A Xing/Info (or VBRI) header in the first frame gives the exact frame count.
  const xingAt = i + 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = buf.toString('latin1', xingAt, xingAt + 4);
  if ((tag === 'Xing' || tag === 'Info') && xingAt + 12 <= buf.length && (buf.readUInt32BE(xingAt + 4) & 1) === 1) {
    return (buf.readUInt32BE(xingAt + 8) * samplesPerFrame) / sampleRate;
  }
  const vbriAt = i + 36;
  if (buf.toString('latin1', vbriAt, vbriAt + 4) === 'VBRI' && vbriAt + 18 <= buf.length) {
    return (buf.readUInt32BE(vbriAt + 14) * samplesPerFrame) / sampleRate;
  }
  if (bitrate === 0) return undefined;
  const tail = r.size >= 128 ? await r.read(r.size - 128, 3) : Buffer.alloc(0);
  const audioBytes = r.size - (start + i) - (tail.toString('latin1') === 'TAG' ? 128 : 0);
  return (audioBytes * 8) / bitrate;
}

function flacDuration(head: Buffer): number | undefined {
  // "fLaC", then the STREAMINFO block: 4-byte block header + 34 bytes; sample rate and total samples at +10.
  if (head.length < 8 + 18) return undefined;
  const info = head.subarray(8);
  const sampleRate = (info.readUInt8(10) << 12) | (info.readUInt8(11) << 4) | (info.readUInt8(12) >> 4);
  const totalSamples = (info.readUInt8(13) & 0x0f) * 2 ** 32 + info.readUInt32BE(14);
  return sampleRate === 0 || totalSamples === 0 ? undefined : totalSamples / sampleRate;
}

async function mp4Duration(r: Reader): Promise<number | undefined> {
  // Walk top-level boxes to `moov` (often at the end), then its children to `mvhd`.
  const findChild = async (
    from: number,
    to: number,
    type: string,
  ): Promise<{ offset: number; size: number } | undefined> => {
    let offset = from;
    while (offset + 8 <= to) {
      const h = await r.read(offset, 16);
      if (h.length < 8) return undefined;
      let size = h.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1 && h.length >= 16) {
        size = Number(h.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) size = to - offset;
      if (size < headerSize) return undefined;
      if (h.toString('latin1', 4, 8) === type) return { offset: offset + headerSize, size: size - headerSize };
      offset += size;
    }
    return undefined;
  };
  const moov = await findChild(0, r.size, 'moov');
  if (!moov) return undefined;
  const mvhd = await findChild(moov.offset, moov.offset + moov.size, 'mvhd');
  if (!mvhd) return undefined;
  const body = await r.read(mvhd.offset, 32);
  if (body.length < 20) return undefined;
  const v1 = body[0] === 1;
  const timescale = v1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
  const duration = v1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
  return timescale === 0 ? undefined : duration / timescale;
}

async function durationFrom(r: Reader): Promise<number | undefined> {
  const head = await r.read(0, 65_536);
  const magic = head.toString('latin1', 0, 4);
  let seconds: number | undefined;
  if (magic === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') seconds = await wavDuration(r, head);
  else if (magic === 'fLaC') seconds = flacDuration(head);
  else if (head.toString('latin1', 4, 8) === 'ftyp') seconds = await mp4Duration(r);
  else if (magic.startsWith('ID3') || (head.length > 1 && head[0] === 0xff && (head.readUInt8(1) & 0xe0) === 0xe0))
    seconds = await mp3Duration(r, head);
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** Duration in seconds read from the file's headers, or undefined when the format is not supported. */
export async function measureAudioDurationSeconds(path: string): Promise<number | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const fh = handle;
    const { size } = await fh.stat();
    return await durationFrom({
      size,
      async read(offset, length) {
        const out = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        if (out.length === 0) return out;
        const { bytesRead } = await fh.read(out, 0, out.length, offset);
        return out.subarray(0, bytesRead);
      },
    });
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The same measurement for audio already in memory (the fakes read uploads this way). */
export async function audioDurationFromBuffer(bytes: Buffer): Promise<number | undefined> {
  try {
    return await durationFrom({
      size: bytes.length,
      read: async (offset, length) =>
        bytes.subarray(Math.max(0, offset), Math.max(0, Math.min(bytes.length, offset + length))),
    });
  } catch {
    return undefined;
  }
}
