// A scripted loopback HTTP server for transport-level tests: each route answers with the next step of its
// script (the last step repeats), so "429, 429, then 200" or "headers, two SSE events, then a reset" are one
// line each. Provider fakes with routing and auth live in main/providers/shared/fake-server.ts; this one is
// about exact wire behaviour: raw chunks, pauses, resets mid-body, hangs.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { formatSseComment, formatSseEvent } from '../../main/providers/shared/sse';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Step =
  /** Headers, then the chunks with `gapMs` between them, then end the body cleanly, reset the socket, or go silent. */
  | {
      kind: 'reply';
      status: number;
      headers: Record<string, string>;
      chunks: Buffer[];
      delayMs: number;
      gapMs: number;
      then: 'end' | 'reset' | 'hang';
    }
  /** Destroy the connection before any response (ECONNRESET / "other side closed" on the client). */
  | { kind: 'reset' }
  /** Read the request and never answer (client headers timeout). */
  | { kind: 'hang' };

const reply = (status: number, body: string | Buffer, headers: Record<string, string> = {}, delayMs = 0): Step => {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    kind: 'reply',
    status,
    headers: { 'content-length': String(buf.length), ...headers },
    chunks: buf.length ? [buf] : [],
    delayMs,
    gapMs: 0,
    then: 'end',
  };
};

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  reply(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

export const text = (status: number, body: string, headers: Record<string, string> = {}): Step =>
  reply(status, body, { 'content-type': 'text/plain; charset=utf-8', ...headers });

/** A status with no body (SendGrid's 202). */
export const empty = (status: number, headers: Record<string, string> = {}): Step => reply(status, '', headers);

/** A 2xx whose body is cut mid-document. */
export const malformedJson = (status = 200): Step =>
  reply(status, '{"id":"x","usage":{"prompt_tok', { 'content-type': 'application/json' });

/** A throttling answer: 429 (or 529/503) with Retry-After seconds / HTTP date and/or OpenAI's retry-after-ms. */
export const throttled = (
  opts: { status?: number; retryAfter?: string; retryAfterMs?: number; body?: unknown } = {},
): Step =>
  json(
    opts.status ?? 429,
    opts.body ?? { error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
    {
      ...(opts.retryAfter !== undefined ? { 'retry-after': opts.retryAfter } : {}),
      ...(opts.retryAfterMs !== undefined ? { 'retry-after-ms': String(opts.retryAfterMs) } : {}),
    },
  );

export const delayed = (ms: number, step: Step): Step => (step.kind === 'reply' ? { ...step, delayMs: ms } : step);
export const reset = (): Step => ({ kind: 'reset' });
export const hang = (): Step => ({ kind: 'hang' });

export interface SseItem {
  data: string | object;
  event?: string;
  id?: string;
}

/**
 * An event stream. `chunkBytes` re-cuts the framed bytes into fixed-size chunks (boundaries fall anywhere,
 * including inside UTF-8 sequences and CRLFs); `then` decides how the stream ends.
 */
export function sse(
  items: Array<SseItem | { comment: string }>,
  opts: {
    chunkBytes?: number;
    gapMs?: number;
    then?: 'end' | 'reset' | 'hang';
    crlf?: boolean;
    headers?: Record<string, string>;
  } = {},
): Step {
  let framed = items
    .map((it) =>
      'comment' in it
        ? formatSseComment(it.comment)
        : formatSseEvent(typeof it.data === 'string' ? it.data : JSON.stringify(it.data), {
            event: it.event,
            id: it.id,
          }),
    )
    .join('');
  if (opts.crlf) framed = framed.replace(/\n/g, '\r\n');
  const bytes = Buffer.from(framed);
  const chunks: Buffer[] = [];
  if (opts.chunkBytes)
    for (let i = 0; i < bytes.length; i += opts.chunkBytes) chunks.push(bytes.subarray(i, i + opts.chunkBytes));
  else for (const it of framed.split(opts.crlf ? /(?<=\r\n\r\n)/ : /(?<=\n\n)/)) if (it) chunks.push(Buffer.from(it));
  return {
    kind: 'reply',
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...opts.headers },
    chunks,
    delayMs: 0,
    gapMs: opts.gapMs ?? 0,
    then: opts.then ?? 'end',
  };
}

export interface FakeHttpServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request in arrival order (the body fully read). */
  requests: ReceivedRequest[];
  /** Sets the script for "METHOD /path" (query ignored). Steps are used in order; the last one repeats. */
  on(route: string, ...steps: Step[]): FakeHttpServer;
  requestsTo(route: string): ReceivedRequest[];
  /** Resolves once `count` requests have fully arrived (an ordering point for tests, instead of a timer). */
  whenReceived(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeHttp(): Promise<FakeHttpServer> {
  const scripts = new Map<string, Step[]>();
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const play = async (step: Step, req: http.IncomingMessage, res: http.ServerResponse) => {
    if (step.kind === 'reset') return void req.socket.destroy();
    if (step.kind === 'hang') return;
    await wait(step.delayMs);
    if (res.destroyed) return;
    res.writeHead(step.status, step.headers);
    res.flushHeaders();
    for (const [i, chunk] of step.chunks.entries()) {
      if (i > 0) await wait(step.gapMs);
      if (res.destroyed) return;
      // Wait for the flush so each chunk leaves as its own write (chunk boundaries survive to the client).
      await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
    }
    if (step.then === 'end') res.end();
    else if (step.then === 'reset') await wait(step.gapMs).then(() => req.socket.destroy());
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      for (const w of waiters.filter((x) => requests.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const script = scripts.get(`${method} ${url.pathname}`);
      const step = script && script.length > 1 ? script.shift()! : script?.[0];
      if (!step)
        return void res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: `no script for ${method} ${url.pathname}` }));
      play(step, req, res).catch(() => req.socket.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const api: FakeHttpServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(route, ...steps) {
      scripts.set(route, steps);
      return api;
    },
    whenReceived(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
    requestsTo(route) {
      const [method, path] = route.split(' ');
      return requests.filter((r) => r.method === method && r.path === path);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
