// Request handling both loopback fakes (buffered fake-server.ts and streaming stream-fake-server.ts) do the
// same way: what a recorded request keeps of its headers, which route serves it, how an injected status
// fault answers and how a malformed_json fault breaks a body.
import type http from 'node:http';

const SECRET_HEADERS = /^(authorization|x-api-key|xi-api-key|api-key|x-goog-api-key|proxy-authorization|cookie)$/i;

/** Request headers with credential-bearing values replaced by "[redacted]" (multi-valued ones joined). */
export function redactHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.test(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Cuts a JSON text inside the document so no JSON parser can accept it. */
export function corruptJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
}

/** A request body parsed as JSON, or undefined when empty or invalid (fakes answer those with the provider's own error). */
export function jsonOrUndefined(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The first route for this method and path, and the groups a RegExp path captured. */
export function findRoute<R extends { method: string; path: string | RegExp }>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R | undefined; params: string[] } {
  const route = routes.find(
    (r) => r.method.toUpperCase() === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
  );
  const params = route !== undefined && route.path instanceof RegExp ? (route.path.exec(path)?.slice(1) ?? []) : [];
  return { route, params };
}

/** The fields of an injected `status` fault (see Fault in fake-server.ts, which imports this module). */
interface StatusFault {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
}

interface StatusReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  text(status: number, body: string, contentType?: string, headers?: Record<string, string>): void;
}

/** Answers an injected status fault: a string body verbatim (JSON content type unless the fault names one), an object as JSON. */
export function answerStatusFault(reply: StatusReply, fault: StatusFault): void {
  const body = fault.body ?? '';
  if (typeof body === 'string')
    reply.text(fault.status, body, fault.headers?.['content-type'] ?? 'application/json', fault.headers);
  else reply.json(fault.status, body, fault.headers);
}
