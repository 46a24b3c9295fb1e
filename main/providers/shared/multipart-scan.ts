// A streaming multipart/form-data reader for the fakes: yields each part's name, filename, content type,
// size and sha256 while holding at most one boundary's worth of bytes (plus small text fields), so a fake
// can accept a 200 MB voice sample or asset upload without buffering it.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface ScannedPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  bytes: number;
  sha256: string;
  /** The value of small non-file fields (≤ 64 KiB), else null. */
  text: string | null;
  /** A file part's bytes when the scan was asked to keep files up to this size (`keepFilesUpTo`), else null. */
  data: Buffer | null;
}

const TEXT_LIMIT = 64 * 1024;
const HEADER_LIMIT = 16 * 1024;

/** The boundary from a `multipart/form-data; boundary=…` content type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function parseHeaders(block: string): { name: string; filename: string | null; contentType: string | null } {
  let name = '';
  let filename: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split('\r\n')) {
    const [key, ...rest] = line.split(':');
    const value = rest.join(':').trim();
    if (key?.toLowerCase() === 'content-disposition') {
      name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
    } else if (key?.toLowerCase() === 'content-type') contentType = value;
  }
  return { name, filename, contentType };
}

class PartBuilder {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly text: Buffer[] = [];
  private readonly limit: number;

  constructor(
    private readonly head: { name: string; filename: string | null; contentType: string | null },
    keepFilesUpTo: number,
  ) {
    this.limit = head.filename === null ? TEXT_LIMIT : keepFilesUpTo;
  }

  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.bytes <= this.limit) this.text.push(chunk);
  }

  done(): ScannedPart {
    const kept = this.bytes <= this.limit ? Buffer.concat(this.text) : null;
    const text = this.head.filename === null && kept ? kept.toString('utf8') : null;
    const data = this.head.filename !== null ? kept : null;
    return { ...this.head, bytes: this.bytes, sha256: this.hash.digest('hex'), text, data };
  }
}

/** Reads a multipart body to the end. Throws on a malformed body (no opening boundary, oversized headers). */
export async function scanMultipart(
  body: Readable,
  boundary: string,
  opts: { keepFilesUpTo?: number } = {},
): Promise<ScannedPart[]> {
  const keepFilesUpTo = opts.keepFilesUpTo ?? 0;
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: ScannedPart[] = [];
  let pending: Buffer = Buffer.alloc(0);
  // Typed wide on purpose: `step` moves it along, which flow analysis does not see.
  let state = 'preamble' as 'preamble' | 'headers' | 'data' | 'epilogue';
  let current: PartBuilder | null = null;

  const step = (): boolean => {
    if (state === 'preamble') {
      const i = pending.indexOf(opening);
      if (i === -1) return false;
      pending = pending.subarray(i + opening.length);
      state = 'headers';
      return true;
    }
    if (state === 'headers') {
      if (pending.length < 2) return false;
      if (pending.subarray(0, 2).toString() === '--') {
        state = 'epilogue';
        return false;
      }
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) {
        if (pending.length > HEADER_LIMIT) throw new Error('multipart part headers too large');
        return false;
      }
      current = new PartBuilder(parseHeaders(pending.subarray(0, end).toString('utf8')), keepFilesUpTo);
      pending = pending.subarray(end + 4);
      state = 'data';
      return true;
    }
    if (state === 'data' && current !== null) {
      const i = pending.indexOf(delimiter);
      if (i === -1) {
        // Keep a tail that could be the start of a delimiter split across chunks.
        const safe = pending.length - (delimiter.length - 1);
        if (safe > 0) {
          current.add(pending.subarray(0, safe));
          pending = pending.subarray(safe);
        }
        return false;
      }
      current.add(pending.subarray(0, i));
      parts.push(current.done());
      current = null;
      pending = pending.subarray(i + delimiter.length);
      state = 'headers';
      return true;
    }
    return false;
  };

  for await (const chunk of body) {
    if (state === 'epilogue') continue;
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    while (step());
  }
  if (state !== 'epilogue') throw new Error('multipart body ended before its closing boundary');
  return parts;
}
