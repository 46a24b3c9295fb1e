// The local gateway's HTTP listener: 127.0.0.1 only, separate from the UI server (no cookie, no token: callers
// authenticate with virtual keys). The Host header must name the loopback listener (DNS rebinding), and a
// request carrying a browser Origin is refused unless that origin is allowed in Settings.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusalResponse } from './refusals';

export const LOOPBACK_HOST = '127.0.0.1';

export interface ListenerOptions {
  port: number;
  allowedOrigins: () => readonly string[];
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  onError(message: string): void;
}

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/** Host names a loopback client may use for this listener. */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`;
}

function refuse(res: ServerResponse, status: 403 | 421, message: string): void {
  const out = refusalResponse(null, { kind: 'forbidden', message });
  res.writeHead(status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
  res.end(out.body);
}

/** Starts listening; rejects with a clear message when the port is taken. */
export function startListener(o: ListenerOptions): Promise<Listener> {
  let port = o.port;
  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, port)) {
      refuse(res, 421, 'AICON gateway: unexpected Host header; call http://127.0.0.1:<port>/ directly');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !o.allowedOrigins().includes(origin)) {
      refuse(
        res,
        403,
        `AICON gateway: requests from a web page (${origin.slice(0, 80)}) are refused; allow the origin in Settings`,
      );
      return;
    }
    o.handle(req, res).catch((e: unknown) => {
      o.onError(`local gateway: request failed: ${e instanceof Error ? e.message : 'unknown error'}`);
      if (!res.headersSent) {
        const out = refusalResponse(null, { kind: 'unavailable', message: 'AICON gateway: internal error' });
        res.writeHead(503, out.headers);
        res.end(out.body);
      } else res.destroy();
    });
  });
  // Long generations and uploads: the provider's own timeouts apply, not Node's defaults.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `Port ${o.port} on ${LOOPBACK_HOST} is already in use; choose another gateway port in Settings`
            : `The gateway could not listen on ${LOOPBACK_HOST}:${o.port}: ${e.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(o.port, LOOPBACK_HOST, () => {
      server.off('error', onError);
      port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
