// A loopback HTTP server toolkit for provider fakes: a route table, request recording and fault
// injection (status codes, delays, hangs, resets, truncated or stalled bodies, malformed JSON).
// Used by tests AND by the app's demo mode, so it depends on node:http only and binds 127.0.0.1.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { redactSecrets } from '../../core/redact';
import { answerStatusFault, corruptJson, findRoute, jsonOrUndefined, redactHeaders } from './fake-common';
import { formatSseComment, formatSseEvent } from './sse';

export interface FakeRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, or undefined when empty or invalid. */
  json(): unknown;
  /** Groups captured by a RegExp route path. */
  params: string[];
  /** 1-based count of requests this server has seen (deterministic ids in fakes). */
  seq: number;
}

export type Fault =
  /** Answers with this status (and body/headers) instead of running the route. */
  | { type: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  /** Waits before running the route (slow server; client timeouts). */
  | { type: 'delay'; ms: number }
  /** Reads the request, never answers (client timeout). */
  | { type: 'hang' }
  /** Destroys the socket before any response (connection error). */
  | { type: 'reset' }
  /** Cuts the response: JSON after `afterBytes` (default: half), SSE after `afterEvents` events (default 1). */
  | { type: 'truncate'; afterEvents?: number; afterBytes?: number }
  /** Like truncate, but the connection stays open and silent (idle timeout mid-body). */
  | { type: 'stall'; afterEvents?: number; afterBytes?: number }
  /** A 2xx whose JSON body (or first JSON SSE event) is cut into invalid JSON. */
  | { type: 'malformed_json' };

export interface FaultMatch {
  method?: string;
  /** Exact path or a pattern tested against the path. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  path: string;
  query: string;
  /** Request headers with credential-bearing values replaced by "[redacted]". */
  headers: Record<string, string>;
  bodyBytes: number;
  /** Small text bodies (JSON, forms; up to 64 KiB) with key-shaped strings redacted; null otherwise. */
  bodyText?: string | null;
  /** The route's authorize() verdict (true for public routes). */
  authorized: boolean;
  /** The injected fault that handled this request, if any. */
  fault: Fault['type'] | null;
}

export interface SseWriter {
  /** Writes one event (objects are JSON-encoded). Resolves false once the stream is cut or closed. */
  event(data: string | object, options?: { event?: string; id?: string }): Promise<boolean>;
  /** Writes a comment line such as `: OPENROUTER PROCESSING`. */
  comment(text: string): Promise<boolean>;
  end(): void;
}

export interface FakeReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  text(status: number, body: string, contentType?: string, headers?: Record<string, string>): void;
  /** Starts an SSE response; `intervalMs` paces events (realism, abort tests). */
  sse(headers?: Record<string, string>, intervalMs?: number): SseWriter;
}

/** One route of a fake; the request and reply types are the buffered server's or the streaming one's. */
export interface FakeRouteOf<Req, Reply> {
  method: string;
  path: string | RegExp;
  /** Public routes skip authorize() (e.g. Perplexity's GET /v1/models). */
  public?: boolean;
  handler(req: Req, reply: Reply): void | Promise<void>;
}

/** What both fake servers are started with. */
export interface FakeServerOptionsOf<Req, Reply> {
  routes: FakeRouteOf<Req, Reply>[];
  /** Whether the request carries an acceptable credential. Default: everything is authorized. */
  authorize?(req: Req): boolean;
  /** The provider's real 401 answer. */
  unauthorized?(req: Req, reply: Reply): void;
  /** Answer for an unknown route (default: JSON 404). */
  notFound?(req: Req, reply: Reply): void;
  /** The most body a request may have (default 64 MiB); see each server for what happens beyond it. */
  maxBodyBytes?: number;
  /** Most recent requests kept in `requests` (default 200). */
  maxRecorded?: number;
}

export type FakeRoute = FakeRouteOf<FakeRequest, FakeReply>;

export interface FakeServerOptions extends FakeServerOptionsOf<FakeRequest, FakeReply> {
  /** The answer to a request over maxBodyBytes (default: JSON 413). */
  tooLarge?(reply: FakeReply): void;
}

export interface FakeServer {
  /** Base URL such as http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  inject(fault: Fault, match?: FaultMatch): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function recordableText(headers: http.IncomingHttpHeaders, body: Buffer | 'too_large'): string | null {
  if (body === 'too_large' || body.length === 0 || body.length > 65_536) return null;
  const type = String(headers['content-type'] ?? '');
  if (type.startsWith('multipart/') || !/json|text|x-www-form-urlencoded/.test(type)) return null;
  return redactSecrets(body.toString('utf8'));
}

interface PendingFault {
  fault: Fault;
  match: FaultMatch;
  remaining: number;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

/** Builds the reply object for one request, applying a body-level fault (truncate/stall/malformed). */
function createReply(res: http.ServerResponse, fault: Fault | null, closed: () => boolean): FakeReply {
  let bytesWritten = 0;
  let events = 0;
  let cut = false;
  let corrupted = false;
  const bodyCut = fault?.type === 'truncate' || fault?.type === 'stall' ? fault : null;

  // Ends the body early: truncate closes the connection once the written bytes are flushed,
  // stall leaves it open and silent.
  const stop = (last: Buffer = Buffer.alloc(0)) => {
    cut = true;
    if (bodyCut?.type === 'truncate') res.write(last, () => res.destroy());
    else if (last.length > 0) res.write(last);
  };

  // Writes a body chunk, honouring a byte limit; returns false once the body was cut.
  const write = (chunk: string, byteLimit: number | undefined): boolean => {
    if (cut || closed()) return false;
    const buf = Buffer.from(chunk);
    if (byteLimit !== undefined && bytesWritten + buf.length > byteLimit) {
      const keep = Math.max(0, byteLimit - bytesWritten);
      bytesWritten += keep;
      stop(buf.subarray(0, keep));
      return false;
    }
    res.write(buf);
    bytesWritten += buf.length;
    return true;
  };

  const sendWhole = (status: number, body: string, headers: Record<string, string>) => {
    if (closed()) return;
    const buf = Buffer.from(body);
    res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
    if (bodyCut === null) {
      res.end(buf);
      return;
    }
    write(body, bodyCut.afterBytes ?? Math.floor(buf.length / 2));
  };

  return {
    json(status, body, headers = {}) {
      const text = JSON.stringify(body);
      sendWhole(status, fault?.type === 'malformed_json' && status < 300 ? corruptJson(text) : text, {
        'content-type': 'application/json',
        ...headers,
      });
    },
    text(status, body, contentType = 'text/plain; charset=utf-8', headers = {}) {
      // Replayed recordings are JSON served as text: malformed_json applies to them too.
      const corrupt = fault?.type === 'malformed_json' && status < 300 && contentType.includes('json');
      sendWhole(status, corrupt ? corruptJson(body) : body, { 'content-type': contentType, ...headers });
    },
    sse(headers = {}, intervalMs = 0) {
      if (!closed()) {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          ...headers,
        });
        res.flushHeaders();
      }
      const pace = () =>
        intervalMs > 0 ? new Promise<void>((r) => setTimeout(r, intervalMs).unref()) : Promise.resolve();
      const eventLimit = bodyCut !== null && bodyCut.afterBytes === undefined ? (bodyCut.afterEvents ?? 1) : undefined;
      return {
        async event(data, options = {}) {
          await pace();
          if (cut || closed()) return false;
          if (eventLimit !== undefined && events >= eventLimit) {
            stop();
            return false;
          }
          let text = typeof data === 'string' ? data : JSON.stringify(data);
          if (fault?.type === 'malformed_json' && !corrupted && text.startsWith('{')) {
            text = corruptJson(text);
            corrupted = true;
          }
          events++;
          return write(formatSseEvent(text, options), bodyCut?.afterBytes);
        },
        async comment(text) {
          await pace();
          return write(formatSseComment(text), bodyCut?.afterBytes);
        },
        end() {
          if (cut || closed()) return;
          if (eventLimit !== undefined) {
            // The cut point lies beyond the last event: still cut before the clean end.
            stop();
            return;
          }
          res.end();
        },
      };
    },
  };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sockets, timers and injected faults of one fake, and how it listens on loopback and closes: shared by both fake servers. */
export class FakeLifecycle {
  readonly pending: PendingFault[] = [];
  readonly sockets = new Set<Socket>();
  readonly timers = new Set<NodeJS.Timeout>();
  closing = false;

  /** Waits `ms`; the timer is cleared if the fake closes first. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Whether the response can no longer be written: the client left, the fake is closing or the socket is gone. */
  closedFor(res: http.ServerResponse): () => boolean {
    let clientGone = false;
    res.on('close', () => {
      clientGone = true;
    });
    return () => clientGone || this.closing || res.destroyed;
  }

  /** The next injected fault matching this request, used up once. */
  takeFault(method: string, path: string): Fault | null {
    const i = this.pending.findIndex((p) => p.remaining > 0 && matches(p.match, method, path));
    const hit = this.pending[i];
    if (hit === undefined) return null;
    hit.remaining--;
    if (hit.remaining === 0) this.pending.splice(i, 1);
    return hit.fault;
  }

  async listen(server: http.Server, requests: RecordedRequest[]): Promise<FakeServer> {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      requests,
      inject: (fault, match = {}) => {
        this.pending.push({ fault, match, remaining: match.times ?? 1 });
      },
      clearFaults: () => {
        this.pending.length = 0;
      },
      close: () => {
        this.closing = true;
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
        for (const s of this.sockets) s.destroy();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
}

/** Starts a fake provider server on 127.0.0.1 with an OS-assigned port. */
export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const life = new FakeLifecycle();
  const requests: RecordedRequest[] = [];
  const maxRecorded = options.maxRecorded ?? 200;
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let seq = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, maxBody);
    const closed = life.closedFor(res);
    const n = ++seq;
    const { route, params } = findRoute(options.routes, method, url.pathname);
    const fakeReq: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: body === 'too_large' ? Buffer.alloc(0) : body,
      params,
      seq: n,
      json: () => (body === 'too_large' ? undefined : jsonOrUndefined(body)),
    };
    const fault = life.takeFault(method, url.pathname);
    const authorized = route?.public === true || options.authorize === undefined || options.authorize(fakeReq);
    requests.push({
      seq: n,
      at: Date.now(),
      method,
      path: url.pathname,
      query: url.search,
      headers: redactHeaders(req.headers),
      bodyBytes: body === 'too_large' ? Number(req.headers['content-length'] ?? 0) || maxBody + 1 : body.length,
      bodyText: recordableText(req.headers, body),
      authorized,
      fault: fault?.type ?? null,
    });
    if (requests.length > maxRecorded) requests.shift();

    if (fault?.type === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'hang') return;
    if (fault?.type === 'delay') {
      await life.sleep(fault.ms);
      if (closed()) return;
    }
    const reply = createReply(res, fault, closed);
    if (fault?.type === 'status') {
      answerStatusFault(reply, fault);
      return;
    }
    if (body === 'too_large') {
      if (options.tooLarge) options.tooLarge(reply);
      else reply.json(413, { error: 'request too large' });
      return;
    }
    if (!authorized) {
      if (options.unauthorized) options.unauthorized(fakeReq, reply);
      else reply.json(401, { error: 'unauthorized' });
      return;
    }
    if (route === undefined) {
      if (options.notFound) options.notFound(fakeReq, reply);
      else reply.json(404, { error: `no fake route for ${method} ${url.pathname}` });
      return;
    }
    await route.handler(fakeReq, reply);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A handler bug must be visible to the client rather than hang it.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  return life.listen(server, requests);
}
