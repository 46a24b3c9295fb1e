// A small deterministic ISO-BMFF file for the HeyGen fake's downloads: an `ftyp` box (isom/mp41, which
// file-type sniffers report as video/mp4) followed by an `mdat` payload derived from the video id. It is a
// container with the right magic, not a playable movie (no `moov`).
import { createHash } from 'node:crypto';

function box(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

export function fakeMp4(videoId: string, payloadBytes = 64 * 1024): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41', 'latin1')]),
  );
  const seed = createHash('sha256').update(videoId).digest();
  const payload = Buffer.alloc(payloadBytes);
  for (let i = 0; i < payloadBytes; i += seed.length) seed.copy(payload, i);
  return Buffer.concat([ftyp, box('mdat', payload)]);
}
