// Streams provider output (TTS audio, rendered video) to disk without buffering it: bytes are hashed on the
// way through, written to a `.part` file and renamed into place only when complete, so a cut download never
// leaves a file that looks finished.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SavedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Counts and hashes bytes in passing; fails the pipeline once `maxBytes` is exceeded. */
class HashingCounter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new Error(`body larger than ${this.maxBytes} bytes`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export interface SaveOptions {
  /** Refuse bodies beyond this size (default: no limit). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Writes one or more readables, in order, into `path` (via `path.part`); returns size and sha256. */
export async function saveStreams(
  sources: Iterable<Readable> | AsyncIterable<Readable>,
  path: string,
  options: SaveOptions = {},
): Promise<SavedFile> {
  const tmp = `${path}.part`;
  const counter = new HashingCounter(options.maxBytes ?? Number.POSITIVE_INFINITY);
  const out = createWriteStream(tmp);
  const pipelineOptions = options.signal ? { signal: options.signal } : {};
  try {
    await pipeline(
      async function* concat() {
        for await (const source of sources) yield* source;
      },
      counter,
      out,
      pipelineOptions,
    );
    await rename(tmp, path);
  } catch (e) {
    // The write stream opens its file asynchronously: wait until it is closed, or the rm below can
    // run before the open and leave a stray `.part` behind.
    out.destroy();
    if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()));
    await rm(tmp, { force: true });
    throw e;
  }
  return { path, bytes: counter.bytes, sha256: counter.hash.digest('hex') };
}

/** Streams one body to `path`. */
export function saveStream(body: Readable, path: string, options: SaveOptions = {}): Promise<SavedFile> {
  return saveStreams([body], path, options);
}

/** Concatenates files already on disk into `path` (streamed), then deletes the pieces. */
export async function joinFiles(pieces: string[], path: string): Promise<SavedFile> {
  const saved = await saveStreams(
    (function* open() {
      for (const p of pieces) yield createReadStream(p);
    })(),
    path,
  );
  await Promise.all(pieces.map((p) => rm(p, { force: true })));
  return saved;
}
