// Web mode: the same router behind a loopback HTTP server. 127.0.0.1 only, a random per-launch
// token (exchanged once for a SameSite=Strict cookie), Host and Origin checks, strict CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import { parseByteRange } from '../core/byte-range';
import type { Router } from '../core/router';
import { SECURITY_HEADERS } from '../core/security';
import { contentTypeFor, resolveStaticFile } from '../core/static-files';

export const SESSION_COOKIE = 'aicon_session';
const MAX_BODY_BYTES = 1024 * 1024;

export interface WebServerOptions {
  router: Router;
  events: EventBus;
  rendererDir: string;
  logger: Logger;
  port?: number;
  token?: string;
  /** POST /api/upload: streams a dropped file's bytes into the data folder (main/files/upload.ts). */
  uploads?: (req: IncomingMessage, query: URLSearchParams) => Promise<{ status: number; body: unknown }>;
  /** Generated media by id (audio, video) for in-app playback at /media/<id>; null when unknown. */
  media?: (id: string) => { path: string; mime: string } | null;
  /** Finished exports by export id (never by path), downloaded at /exports/<id>; null when unknown or unfinished. */
  exports?: (exportId: string) => { path: string; fileName: string; contentType: string } | null;
}

export interface WebServer {
  server: Server;
  port: number;
  origin: string;
  token: string;
  /** The URL to open: carries the token once; the server swaps it for a cookie. */
  launchUrl: string;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const tooLarge = () => Object.assign(new Error('Request body too large'), { status: 413 });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume(); // discard; the 413 answer closes the connection
      return reject(tooLarge());
    }
    let size = 0;
    let overflow = false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) overflow = true;
      if (!overflow) chunks.push(c);
    });
    req.on('end', () => (overflow ? reject(tooLarge()) : resolveBody(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

async function serveMediaFile(req: IncomingMessage, res: ServerResponse, path: string, mime: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return send(res, 404, 'Media file is missing from the data folder');
  }
  const range = parseByteRange(req.headers.range, size);
  const base = { ...SECURITY_HEADERS, 'Content-Type': mime, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  if (range.kind === 'unsatisfiable')
    return send(res, 416, 'Range not satisfiable', 'text/plain', { 'Content-Range': `bytes */${size}` });
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  res.writeHead(range.kind === 'partial' ? 206 : 200, {
    ...base,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  createReadStream(path, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}

/** RFC 6266 attachment header: an ASCII fallback name plus the exact UTF-8 name. */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  file: { path: string; fileName: string; contentType: string },
): Promise<void> {
  let size: number;
  try {
    size = (await stat(file.path)).size;
  } catch {
    return send(res, 404, 'The export file is no longer in the data folder');
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': file.contentType,
    'Content-Length': String(size),
    'Content-Disposition': attachment(file.fileName),
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

const decodeSegment = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const isAuthenticated = (req: IncomingMessage): boolean => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && safeEqual(auth.slice(7), token)) return true;
    const c = cookie(req, SESSION_COOKIE);
    return c !== null && safeEqual(c, token);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: only our own loopback Host names are served.
    if (!allowedHosts().has(req.headers.host ?? ''))
      return send(res, 421, 'Misdirected request: unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Forbidden: cross-origin request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === '/favicon.ico') return send(res, 204, '');

    // First open: trade the launch token for an HttpOnly cookie, then drop it from the address bar.
    const launchToken = url.searchParams.get('token');
    if (req.method === 'GET' && launchToken !== null) {
      if (!safeEqual(launchToken, token))
        return send(res, 401, 'Invalid token. Open the URL printed by the start command.');
      url.searchParams.delete('token');
      return send(res, 302, '', 'text/plain', {
        Location: url.pathname + url.search,
        'Set-Cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }

    if (!isAuthenticated(req))
      return send(res, 401, 'Unauthorized. Open the URL printed by the start command (it carries a one-time token).');

    if (url.pathname === '/api/upload' && opts.uploads) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'POST' });
      const { status, body } = await opts.uploads(req, url.searchParams);
      // A refused upload may leave unread body bytes: close rather than reuse the connection.
      if (status !== 200) res.setHeader('Connection', 'close');
      return sendJson(res, status, body);
    }

    if (url.pathname.startsWith('/media/') && opts.media) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const id = decodeSegment(url.pathname.slice('/media/'.length));
      if (id === null) return send(res, 400, 'Malformed %-escape in the media id');
      const file = opts.media(id);
      if (!file) return send(res, 404, 'No such media file');
      return serveMediaFile(req, res, file.path, file.mime);
    }

    if (url.pathname.startsWith('/exports/') && opts.exports) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'GET, HEAD' });
      // Looked up by id only: a path-like id is just an unknown id.
      const id = decodeSegment(url.pathname.slice('/exports/'.length));
      const file = id === null ? null : opts.exports(id);
      if (!file) return send(res, 404, 'No finished export with that id');
      return serveDownload(req, res, file);
    }

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'Expected application/json');
      const channel = decodeSegment(url.pathname.slice('/api/call/'.length));
      if (channel === null)
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_input', message: 'Malformed %-escape in the channel name' },
        });
      let input: unknown;
      try {
        const raw = await readBody(req);
        input = raw === '' ? {} : JSON.parse(raw);
      } catch (e) {
        const status = (e as { status?: number }).status ?? 400;
        if (status === 413) res.setHeader('Connection', 'close');
        return sendJson(res, status, {
          ok: false,
          error: {
            code: 'invalid_input',
            message: status === 413 ? 'Request body too large (1 MiB max)' : 'Body is not valid JSON',
          },
        });
      }
      const result = await opts.router.dispatch({ kind: 'web', authenticated: true }, channel, input);
      return sendJson(res, 200, result);
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const unsubscribe = opts.events.subscribe((name, payload) => {
        res.write(`event: message\ndata: ${JSON.stringify({ name, payload })}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const file = resolveStaticFile(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.logger.error('web: request failed', e);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    origin,
    token,
    launchUrl: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
