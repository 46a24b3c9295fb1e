// Request bodies per attempt. A Readable (a file streamed from disk) is consumed by the first attempt, so it can
// only be retried when the request supplies a factory that opens a fresh stream: `body: () => createReadStream(p)`.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { RequestBody, RequestBodySource } from './types';

export interface AttemptBody {
  body: Exclude<RequestBody, FormData>;
  /** Bytes when known without reading the body (null for streams and FormData unless the request says). */
  bytes: number | null;
  /** Set for multipart bodies: the content-type carrying this attempt's boundary. */
  contentType: string | null;
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
    if (body instanceof FormData) return encodeMultipart(body, declaredBytes);
    return { body, bytes: declaredBytes ?? knownBytes(body), contentType: null };
  }

  /** Releases a stream that will never be sent (the call failed before its first attempt). */
  discard(): void {
    if (this.source instanceof Readable && !this.used) this.source.destroy();
  }
}

/**
 * Node's global FormData belongs to Node's bundled undici, which the npm undici 7 we dispatch with cannot encode.
 * Node's own Response encodes it (streaming Blob/File parts, e.g. fs.openAsBlob, from disk); done per attempt,
 * so a retry gets a fresh stream.
 */
function encodeMultipart(form: FormData, declaredBytes: number | undefined): AttemptBody {
  const encoded = new Response(form);
  const stream = encoded.body as unknown as NodeReadableStream<Uint8Array>;
  return {
    body: Readable.fromWeb(stream),
    bytes: declaredBytes ?? null,
    contentType: encoded.headers.get('content-type'),
  };
}

function knownBytes(body: RequestBody): number | null {
  if (body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return null;
}
