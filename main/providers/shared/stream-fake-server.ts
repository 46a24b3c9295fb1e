// A loopback fake-server variant for media providers: routes may read the request body as a stream (large
// uploads are hashed and counted, never buffered) and answer with binary bodies (TTS audio, rendered video).
// Same fault vocabulary, recording and FakeServer handle as fake-server.ts, which buffers every request body
// and answers JSON/text/SSE only. Used by tests AND demo mode: node:http only, bound to 127.0.0.1.
import http from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { answerStatusFault, corruptJson, findRoute, jsonOrUndefined, redactHeaders } from './fake-common';
import {
  FakeLifecycle,
  type Fault,
  type FakeRouteOf,
  type FakeServer,
  type FakeServerOptionsOf,
  type RecordedRequest,
} from './fake-server';

export interface StreamFakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  params: string[];
  seq: number;
  /** The request body, unread. Read it once: either this, `buffer()` or `json()`. */
  stream: Readable;
  /** The whole body; rejects with 'too_large' beyond the server's maxBodyBytes. */
  buffer(): Promise<Buffer>;
  /** The body as JSON, or undefined when empty or invalid. */
  json(): Promise<unknown>;
}

export interface StreamFakeReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  text(status: number, body: string, contentType?: string, headers?: Record<string, string>): void;
  /** A binary body: a Buffer (sent with its length) or a Readable (chunked). */
  binary(status: number, body: Buffer | Readable, contentType: string, headers?: Record<string, string>): void;
}

export type StreamFakeRoute = FakeRouteOf<StreamFakeRequest, StreamFakeReply>;

/**
 * authorize() sees headers and query only (the body is still unread); maxBodyBytes limits `buffer()`/`json()`
 * (a 413), streamed bodies have no limit.
 */
export type StreamFakeServerOptions = FakeServerOptionsOf<StreamFakeRequest, StreamFakeReply>;

/** Reply helpers applying a body-level fault (truncate, stall, malformed_json). */
function createReply(res: http.ServerResponse, fault: Fault | null, closed: () => boolean): StreamFakeReply {
  const cut = fault?.type === 'truncate' || fault?.type === 'stall' ? fault : null;
  const finish = (buf: Buffer) => {
    if (cut === null) {
      res.end(buf);
      return;
    }
    const keep = buf.subarray(0, cut.afterBytes ?? Math.floor(buf.length / 2));
    if (cut.type === 'truncate') res.write(keep, () => res.destroy());
    else res.write(keep);
  };
  const whole = (status: number, buf: Buffer, headers: Record<string, string>) => {
    if (closed()) return;
    res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
    finish(buf);
  };
  return {
    json(status, body, headers = {}) {
      let text = JSON.stringify(body);
      if (fault?.type === 'malformed_json' && status < 300) text = corruptJson(text);
      whole(status, Buffer.from(text), { 'content-type': 'application/json', ...headers });
    },
    text(status, body, contentType = 'text/plain; charset=utf-8', headers = {}) {
      whole(status, Buffer.from(body), { 'content-type': contentType, ...headers });
    },
    binary(status, body, contentType, headers = {}) {
      if (Buffer.isBuffer(body)) {
        whole(status, body, { 'content-type': contentType, ...headers });
        return;
      }
      if (closed()) {
        body.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': contentType, ...headers });
      if (cut === null) {
        body.pipe(res);
        return;
      }
      // Forward up to the cut point, then stop (truncate: close; stall: stay silent).
      let sent = 0;
      const limit = cut.afterBytes ?? 1024;
      body.on('data', (chunk: Buffer) => {
        if (sent >= limit) return;
        const keep = chunk.subarray(0, limit - sent);
        sent += keep.length;
        res.write(keep);
        if (sent >= limit) {
          body.destroy();
          if (cut.type === 'truncate') res.destroy();
        }
      });
    },
  };
}

/** Starts the server on 127.0.0.1 with an OS-assigned port. */
export async function startStreamFakeServer(options: StreamFakeServerOptions): Promise<FakeServer> {
  const life = new FakeLifecycle();
  const requests: RecordedRequest[] = [];
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxRecorded = options.maxRecorded ?? 200;
  let seq = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const closed = life.closedFor(res);
    const n = ++seq;
    const record: RecordedRequest = {
      seq: n,
      at: Date.now(),
      method,
      path: url.pathname,
      query: url.search,
      headers: redactHeaders(req.headers),
      bodyBytes: 0,
      authorized: true,
      fault: null,
    };
    // Counts body bytes as the handler (or the drain below) reads them.
    const counted = new Transform({
      transform(chunk: Buffer, _enc, done) {
        record.bodyBytes += chunk.length;
        done(null, chunk);
      },
    });
    req.pipe(counted);
    let consumed = false;
    const take = (): Readable => {
      if (consumed) throw new Error('request body already read');
      consumed = true;
      return counted;
    };
    const buffer = async (): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of take()) {
        size += (c as Buffer).length;
        if (size > maxBody) throw new Error('too_large');
        chunks.push(c as Buffer);
      }
      return Buffer.concat(chunks);
    };
    const drain = () => {
      if (!consumed) take().resume();
    };
    const { route, params } = findRoute(options.routes, method, url.pathname);
    const fakeReq: StreamFakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      params,
      seq: n,
      get stream() {
        return take();
      },
      buffer,
      json: async () => jsonOrUndefined(await buffer()),
    };
    const fault = life.takeFault(method, url.pathname);
    record.fault = fault?.type ?? null;
    record.authorized = route?.public === true || options.authorize === undefined || options.authorize(fakeReq);
    requests.push(record);
    if (requests.length > maxRecorded) requests.shift();

    if (fault?.type === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'hang') {
      drain();
      return;
    }
    if (fault?.type === 'delay') {
      await life.sleep(fault.ms);
      if (closed()) return;
    }
    const reply = createReply(res, fault, closed);
    if (fault?.type === 'status') {
      drain();
      answerStatusFault(reply, fault);
      return;
    }
    if (!record.authorized) {
      drain();
      if (options.unauthorized) options.unauthorized(fakeReq, reply);
      else reply.json(401, { error: 'unauthorized' });
      return;
    }
    if (route === undefined) {
      drain();
      if (options.notFound) options.notFound(fakeReq, reply);
      else reply.json(404, { error: `no fake route for ${method} ${url.pathname}` });
      return;
    }
    await route.handler(fakeReq, reply);
    drain();
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const tooLarge = err instanceof Error && err.message === 'too_large';
        res.writeHead(tooLarge ? 413 : 500, { 'content-type': 'text/plain' });
      }
      res.end(`fake server error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  return life.listen(server, requests);
}
