// Request bodies per attempt. A Readable (a file streamed from disk) is consumed by the first attempt, so it can
// only be retried when the request supplies a factory that opens a fresh stream: `body: () => createReadStream(p)`.
import { Readable } from 'node:stream';
import type { RequestBody, RequestBodySource } from './types';

export interface AttemptBody {
  body: RequestBody;
  /** Bytes when known without reading the body (null for streams and FormData unless the request says). */
  bytes: number | null;
}

export class BodyPlan {
  private used = false;

  constructor(private readonly source: RequestBodySource | undefined) {}

  /** Whether a later attempt could send the same body again. */
  get replayable(): boolean {
    return typeof this.source === 'function' || !(this.source instanceof Readable);
  }

  next(declaredBytes: number | undefined): AttemptBody {
    const body = typeof this.source === 'function' ? this.source() : (this.source ?? null);
    this.used = true;
    return { body, bytes: declaredBytes ?? knownBytes(body) };
  }

  /** Releases a stream that will never be sent (the call failed before its first attempt). */
  discard(): void {
    if (this.source instanceof Readable && !this.used) this.source.destroy();
  }
}

function knownBytes(body: RequestBody): number | null {
  if (body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return null;
}
