// Keys never leak: each provider's endpoint echoes the key it received in a 401 body (in the error fields that
// provider's classifier reads). The key values are not key-shaped, so only scrubbing by value can catch them:
// afterwards they appear nowhere on disk (database file and WAL), in an export, the log or an IPC answer.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import type { Logger } from '../../../main/core/logger';
import type { Credential, ProviderId } from '../../../main/gateway/types';
import { PAID_OPERATIONS } from './providers';

/** Per provider, a key in no known key shape (so the shape patterns cannot be what scrubs it). */
const KEYS = Object.fromEntries(
  PAID_OPERATIONS.map((op, i) => [op.provider, `Echo${op.provider}Key${i}q7Zx${'m'.repeat(12)}${i}`]),
) as Record<ProviderId, string>;

/** The secret a request carried, whatever the provider's auth scheme. */
function secretOf(headers: Record<string, string | string[] | undefined>): string {
  const auth = String(headers.authorization ?? '');
  if (auth.startsWith('Basic ')) return Buffer.from(auth.slice(6), 'base64').toString().split(':')[1] ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  return String(headers['x-api-key'] ?? headers['xi-api-key'] ?? '');
}

let server: Server;
let url: string;
const logs: string[] = [];
const logger: Logger = {
  info: (m) => logs.push(m),
  warn: (m) => logs.push(m),
  error: (m, e) => logs.push(`${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? '')}`),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = secretOf(req.headers);
      const message = `Invalid API key: ${key}`;
      // One body in every provider's error envelope (OpenAI/Anthropic/OpenRouter `error.message`, ElevenLabs
      // `detail`, HeyGen v3 `error`, Exa `error`, Twilio and Apollo `message`, SendGrid `errors[]`).
      const body = {
        error: { message, type: 'authentication_error', code: 'invalid_api_key' },
        detail: { status: 'invalid_api_key', message },
        message,
        code: 20003,
        status: 401,
        errors: [{ message, field: null }],
        requestId: 'echo',
        tag: 'INVALID_API_KEY',
      };
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': key }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function leaks(dir: string, app: AppServices, ipc: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  const haystacks: Array<[string, string]> = [
    ...files.map(
      (f) =>
        [join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name)).toString('latin1')] as [string, string],
    ),
    ['log', logs.join('\n')],
    ['ipc', ipc],
  ];
  void app;
  for (const [provider, key] of Object.entries(KEYS))
    for (const [where, text] of haystacks) if (text.includes(key)) found.push([provider, where]);
  return found;
}

describe('an echoing provider never gets a key stored, exported, logged or returned', () => {
  it('scrubs every provider key by value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aicon-redact-'));
    const app = createApp({
      dataDir: dir,
      mode: 'web',
      logger,
      isTrustedSender: () => true,
      healthCheckIntervalMs: 0,
      reconcileIntervalMs: 0,
    });
    try {
      app.providers.attachDemo({
        baseUrl: () => url,
        credential: (p): Credential =>
          p === 'twilio'
            ? { secret: KEYS.twilio, accountId: `AC${'a'.repeat(32)}` }
            : { secret: KEYS[p as ProviderId] },
        close: async () => {},
      });
      const errors: string[] = [];
      for (const op of PAID_OPERATIONS) {
        const e = await op.call(app, 1, dir).then(
          () => null,
          (err: unknown) => err,
        );
        expect(e, `${op.provider} should fail with the echoed 401`).not.toBeNull();
        errors.push(String((e as Error).message));
        await ((await app.providers.target(op.provider)).gateway as { flush(): Promise<void> }).flush();
      }
      const calls = await app.router.dispatch({ kind: 'web', authenticated: true } as never, 'ledger.calls', {});
      const detail = await app.router.dispatch({ kind: 'web', authenticated: true } as never, 'ledger.call', {
        id: (app.db.prepare('SELECT MAX(id) AS id FROM calls').get() as { id: number }).id,
      });
      const now = new Date();
      const exported = await app.router.call('export.start', {
        kind: 'calls',
        format: 'jsonl',
        from: new Date(now.getTime() - 86_400_000).toISOString(),
        to: new Date(now.getTime() + 86_400_000).toISOString(),
        timeZone: 'UTC',
      });
      for (
        let i = 0;
        i < 200 && (await app.router.call('export.status', { exportId: exported.exportId })).state === 'running';
        i++
      )
        await new Promise((r) => setTimeout(r, 20));
      // The echoed keys did reach the app (the errors carry the provider's message), scrubbed.
      expect(errors.join('\n')).toContain('[redacted]');
      expect(leaks(dir, app, JSON.stringify([calls, detail, errors]))).toEqual([]);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
