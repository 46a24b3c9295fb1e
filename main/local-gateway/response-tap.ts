// Watches a provider response on its way to the client without holding it: chunks are passed on as they arrive
// (SSE chunk by chunk, audio and video with flat memory) while a copy feeds the meter: a JSON body up to a cap,
// an SSE parser, or just the byte count.
import { Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

type ZlibTransform = Transform;
import { SseParser } from '../gateway/sse';
import type { SseEvent } from '../gateway/types';

/** Bodies kept for metering: usage JSON is small; an error body is read only for its message. */
export const JSON_CAPTURE_LIMIT = 8 * 1024 * 1024;

export type TapMode = { kind: 'json' } | { kind: 'sse'; onEvent: (e: SseEvent) => void } | { kind: 'count' };

export class ResponseTap extends Transform {
  bytes = 0;
  private chunks: Buffer[] = [];
  private kept = 0;
  /** The JSON copy overflowed the cap (metered as unknown instead). */
  overflow = false;
  private readonly parser: SseParser | null;
  private readonly decoder: ZlibTransform | null;
  private decodedDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly mode: TapMode,
    contentEncoding: string | undefined,
    /** Drops whole SSE events from what the client sees (the usage chunk the gateway asked for). */
    private readonly dropEvent?: (raw: string) => boolean,
  ) {
    super();
    this.parser = mode.kind === 'sse' ? new SseParser(mode.onEvent) : null;
    this.decoder = mode.kind === 'count' ? null : decoderFor(contentEncoding);
    if (this.decoder) {
      const decoder = this.decoder;
      decoder.on('data', (c: Buffer) => this.observe(c));
      this.decodedDone = new Promise((resolve) => {
        decoder.on('end', resolve);
        decoder.on('error', () => {
          this.overflow = true;
          resolve();
        });
      });
    }
  }

  private pendingEvents = '';

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.decoder) this.decoder.write(chunk);
    else this.observe(chunk);
    if (!this.dropEvent) {
      done(null, chunk);
      return;
    }
    // Filtering needs whole events: pass on every complete event now, hold only the unfinished tail.
    this.pendingEvents += chunk.toString('utf8');
    const out: string[] = [];
    let end = this.pendingEvents.indexOf('\n\n');
    while (end >= 0) {
      const raw = this.pendingEvents.slice(0, end + 2);
      this.pendingEvents = this.pendingEvents.slice(end + 2);
      if (!this.dropEvent(raw)) out.push(raw);
      end = this.pendingEvents.indexOf('\n\n');
    }
    done(null, out.length ? Buffer.from(out.join(''), 'utf8') : undefined);
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingEvents !== '' && !this.dropEvent?.(this.pendingEvents)) this.push(this.pendingEvents);
    this.pendingEvents = '';
    this.decoder?.end();
    done();
  }

  private observe(c: Buffer): void {
    if (this.parser) this.parser.push(c);
    else if (this.mode.kind === 'json' && !this.overflow) {
      this.kept += c.length;
      if (this.kept > JSON_CAPTURE_LIMIT) {
        this.overflow = true;
        this.chunks = [];
      } else this.chunks.push(c);
    }
  }

  /** After the body ended: the (decoded) JSON text, or null when it overflowed the cap. */
  async text(): Promise<string | null> {
    await this.decodedDone;
    return this.overflow ? null : Buffer.concat(this.chunks).toString('utf8');
  }

  /** After the body ended: flushes the SSE parser (its last event may lack the closing blank line). */
  async endEvents(): Promise<void> {
    await this.decodedDone;
    this.parser?.end();
  }
}

function decoderFor(encoding: string | undefined): ZlibTransform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}
