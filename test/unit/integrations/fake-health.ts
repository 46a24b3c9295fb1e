// A loopback fake "free health endpoint" and an undici checker for it, so the manager's path is
// real HTTP. Error bodies follow the recorded formats in test/fixtures/refs/examples:
// 401 sendgrid/error-401.json, 403 apollo/error-403-API_INACCESSIBLE.json, 429 sendgrid/error-429.json.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { ProviderError, type ProviderErrorKind } from '../../../main/gateway/types';
import type { HealthChecker } from '../../../main/integrations/health';

export type KeyBehaviour = 'ok' | 'bad' | 'bad_echo' | 'no_access' | 'rate_limited' | 'server' | 'hang';

export interface FakeHealthServer {
  url: string;
  /** How the server answers a given secret (unknown secrets get 401). */
  behave(secret: string, behaviour: KeyBehaviour): void;
  /** Basic-auth usernames seen (Twilio: Account SID or API key SID). */
  usernames: string[];
  hits: number;
  close(): Promise<void>;
}

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

function answer(behaviour: KeyBehaviour, secret: string): { status: number; body: string } {
  switch (behaviour) {
    case 'ok':
      return json(200, { ok: true });
    case 'bad':
      return json(401, { errors: [{ message: 'authorization required', field: 'null' }] });
    case 'bad_echo':
      // Some providers quote the key back in the error; the app must never pass that on.
      return json(401, {
        error: {
          message: `Incorrect API key provided: ${secret}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    case 'no_access':
      return json(403, {
        error:
          'This API key is not authorized to access api/v1/mixed_people/api_search. Request an API key from your administrator that includes this endpoint in its configured scope.',
        error_code: 'API_INACCESSIBLE',
      });
    case 'rate_limited':
      return json(429, { errors: [{ field: null, message: 'too many requests' }] });
    case 'server':
      return json(500, { errors: [{ message: 'internal error' }] });
    case 'hang':
      throw new Error('hang is handled by not answering');
  }
}

function credentialsOf(authorization: string | undefined): { user: string | null; secret: string } {
  if (authorization?.startsWith('Bearer ')) return { user: null, secret: authorization.slice(7) };
  if (authorization?.startsWith('Basic ')) {
    const [user = '', secret = ''] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    return { user, secret };
  }
  return { user: null, secret: '' };
}

export async function startFakeHealthServer(): Promise<FakeHealthServer> {
  const behaviours = new Map<string, KeyBehaviour>();
  const state = { hits: 0, usernames: [] as string[] };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    const { user, secret } = credentialsOf(req.headers.authorization);
    if (user) state.usernames.push(user);
    const behaviour = behaviours.get(secret) ?? 'bad';
    if (behaviour === 'hang') return; // never answers; the client's deadline must fire
    const { status, body } = answer(behaviour, secret);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    behave: (secret, behaviour) => behaviours.set(secret, behaviour),
    get usernames() {
      return state.usernames;
    },
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const KIND_BY_STATUS: Record<number, ProviderErrorKind> = { 401: 'auth', 403: 'permission', 429: 'rate_limited' };

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[]; error?: string | { message?: string } };
    if (body.errors?.[0]?.message) return body.errors[0].message;
    if (typeof body.error === 'string') return body.error;
    if (body.error?.message) return body.error.message;
  } catch {
    /* plain-text body */
  }
  return text.slice(0, 200);
}

/** What the lead's real binding does through the gateway, reduced to one GET over undici. */
export function httpHealthChecker(baseUrl: string): HealthChecker {
  return async (provider, credential, signal) => {
    const started = performance.now();
    const user = credential.keyId ?? credential.accountId;
    const authorization = user
      ? `Basic ${Buffer.from(`${user}:${credential.secret}`).toString('base64')}`
      : `Bearer ${credential.secret}`;
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${baseUrl}/health/${provider}`, { headers: { authorization }, signal });
    } catch (e) {
      if (signal.aborted) throw e;
      throw new ProviderError({
        provider,
        kind: 'network',
        message: e instanceof Error ? e.message : String(e),
        cause: e,
      });
    }
    const text = await res.body.text();
    const latencyMs = performance.now() - started;
    if (res.statusCode === 200) return { ok: true, latencyMs };
    const kind = KIND_BY_STATUS[res.statusCode] ?? (res.statusCode >= 500 ? 'server' : 'bad_request');
    return { ok: false, kind, message: messageOf(text) };
  };
}
