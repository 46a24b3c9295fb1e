// A multipart upload the gateway must look into before it is sent (an audio transcription, whose worst case
// comes from the audio's duration): written to a private file as it arrives, so memory stays flat, then sent
// from that file byte for byte.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledUpload {
  file: string;
  bytes: number;
  /** The multipart text fields (model, prompt, ...) and where the file part's bytes start; null when none. */
  fields: Record<string, string>;
  fileStart: number | null;
  /** Where the file part's bytes end (exclusive); null when its end lies in the unread middle (then: the end). */
  fileEnd: number | null;
  discard(): Promise<void>;
}

/** How far into the upload the text fields before the file part, and the file part's headers, are looked for. */
const HEAD_BYTES = 1024 * 1024;
/** How much of the end is read for fields sent after the file part (the SDKs send them in any order). */
const TAIL_BYTES = 256 * 1024;

export async function spoolUpload(body: Readable, dir: string, contentType: string): Promise<SpooledUpload> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${randomUUID()}.upload`);
  const discard = () => rm(file, { force: true });
  try {
    await pipeline(body, createWriteStream(file, { mode: 0o600 }));
    const bytes = (await stat(file)).size;
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const scanned = boundary
      ? await scanParts(file, bytes, boundary[1] ?? boundary[2] ?? '')
      : { fields: {}, fileStart: null, fileEnd: null };
    return { file, bytes, ...scanned, discard };
  } catch (e) {
    await discard();
    throw e;
  }
}

/**
 * The text fields and the file part's start, from the upload's head and tail only: a part wholly inside either is
 * read; the audio between them is never loaded. A boundary is chosen so that it does not occur in the content.
 */
async function scanParts(
  file: string,
  bytes: number,
  boundary: string,
): Promise<Pick<SpooledUpload, 'fields' | 'fileStart' | 'fileEnd'>> {
  const fh = await open(file, 'r');
  try {
    const read = async (at: number, length: number) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, bytes - at)));
      await fh.read(buf, 0, buf.length, at);
      return buf;
    };
    const head = await read(0, HEAD_BYTES);
    const tailAt = Math.max(head.length, bytes - TAIL_BYTES);
    const tail = await read(tailAt, TAIL_BYTES);
    const fields: Record<string, string> = {};
    let fileStart: number | null = null;
    let fileEnd: number | null = null;
    const delimiter = Buffer.from(`--${boundary}`);
    for (const [buf, base] of [
      [head, 0],
      [tail, tailAt],
    ] as const) {
      let at = buf.indexOf(delimiter);
      while (at !== -1) {
        // The first delimiter after the file part's start ends it (less the "\r\n" before the delimiter).
        if (fileStart !== null && fileEnd === null && base + at > fileStart) fileEnd = base + at - 2;
        const partStart = at + delimiter.length + 2; // past "\r\n"
        const headersEnd = buf.indexOf('\r\n\r\n', partStart);
        if (headersEnd === -1) break;
        const headers = buf.toString('latin1', partStart, headersEnd);
        const name = /name="([^"]*)"/i.exec(headers)?.[1];
        const next = buf.indexOf(delimiter, headersEnd + 4);
        if (/filename=/i.test(headers)) fileStart ??= base + headersEnd + 4;
        else if (name !== undefined && next !== -1) fields[name] = buf.toString('utf8', headersEnd + 4, next - 2);
        at = next;
      }
    }
    return { fields, fileStart, fileEnd };
  } finally {
    await fh.close();
  }
}
