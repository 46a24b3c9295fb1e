// The canary: a unique key goes in through IPC and must then be found only in the secret store —
// not in the SQLite file or its WAL/SHM, not in any IPC output, not in the logs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import type { Logger } from '../../../main/core/logger';
import type { Sender } from '../../../main/core/router';
import { chooseSecretStore } from '../../../main/vault/choose';
import { InMemorySecretStore } from '../../../main/vault/memory-store';
import { channels } from '../../../preload/contract';
import { httpHealthChecker, startFakeHealthServer, type FakeHealthServer } from './fake-health';
import { KEYS } from './setup';

const sender: Sender = { kind: 'web', authenticated: true };

let server: FakeHealthServer;
let dataDir: string;
let app: AppServices | null = null;
let logs: string[];
let consoleSpies: ReturnType<typeof vi.spyOn>[];

function captureLogger(): Logger {
  const line = (level: string) => (m: string, e?: unknown) =>
    logs.push(`${level} ${m} ${e instanceof Error ? `${e.message} ${e.stack}` : e === undefined ? '' : String(e)}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

beforeEach(async () => {
  server = await startFakeHealthServer();
  dataDir = mkdtempSync(join(tmpdir(), 'aicon-canary-'));
  logs = [];
  consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    vi
      .spyOn(console, m)
      .mockImplementation((...args: unknown[]) => void logs.push(`console.${m} ${args.map(String).join(' ')}`)),
  );
});
afterEach(async () => {
  app?.close();
  app = null;
  for (const s of consoleSpies) s.mockRestore();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under the data folder (database, -wal, -shm, anything else), as raw bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [{ path: p, bytes: readFileSync(p) }];
  });
}

function containsIn(bytes: Buffer, needle: string): boolean {
  return bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'));
}

describe('canary: a key is found only in the secret store', () => {
  it('survives every integrations channel without leaking to disk, IPC outputs or logs', async () => {
    const canary = `sk-proj-CANARY${randomBytes(16).toString('hex')}`;
    const second = `sk-proj-CANARYTWO${randomBytes(16).toString('hex')}`;
    const echoed = `sk-proj-CANARYECHO${randomBytes(16).toString('hex')}`;
    const twilioCanary = `CANARY${randomBytes(16).toString('hex')}`;
    server.behave(canary, 'ok');
    server.behave(second, 'ok');
    server.behave(echoed, 'bad_echo');
    server.behave(twilioCanary, 'ok');
    const store = new InMemorySecretStore();
    app = createApp({
      dataDir,
      mode: 'web',
      logger: captureLogger(),
      isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
      secretStore: store,
      healthChecker: httpHealthChecker(server.url),
      healthCheckIntervalMs: 0,
    });
    const outputs: unknown[] = [];
    const used = new Set<string>();
    const call = async (channel: string, input: unknown) => {
      used.add(channel);
      const result = await app!.router.dispatch(sender, channel, input);
      outputs.push(result);
      return result;
    };
    const data = <T>(r: Awaited<ReturnType<typeof call>>) => {
      if (!r.ok) throw new Error(`call failed: ${r.error.message}`);
      return r.data as T;
    };

    await call('integrations.list', {});
    const added = data<{ id: string }>(
      await call('integrations.add', {
        provider: 'openai',
        label: 'Canary',
        credential: { kind: 'api_key', apiKey: canary },
      }),
    );
    const other = data<{ id: string }>(
      await call('integrations.add', {
        provider: 'openai',
        label: 'Second',
        credential: { kind: 'api_key', apiKey: second },
      }),
    );
    data(
      await call('integrations.add', {
        provider: 'twilio',
        credential: { kind: 'twilio_auth_token', accountSid: KEYS.twilioAccountSid, authToken: twilioCanary },
      }),
    );
    // Failures: a provider that quotes the key back, a wrong-format key, a too-long key, an unknown field.
    expect(
      (await call('integrations.add', { provider: 'openai', credential: { kind: 'api_key', apiKey: echoed } })).ok,
    ).toBe(false);
    expect(
      (await call('integrations.add', { provider: 'anthropic', credential: { kind: 'api_key', apiKey: canary } })).ok,
    ).toBe(false);
    expect(
      (
        await call('integrations.add', {
          provider: 'openai',
          credential: { kind: 'api_key', apiKey: canary.repeat(40) },
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await call('integrations.add', {
          provider: 'openai',
          credential: { kind: 'api_key', apiKey: canary, extra: canary },
        })
      ).ok,
    ).toBe(false);
    expect(
      (await call('integrations.replace', { id: other.id, credential: { kind: 'api_key', apiKey: echoed } })).ok,
    ).toBe(false);

    data(await call('integrations.test', { id: added.id }));
    data(await call('integrations.checkAll', {}));
    data(await call('integrations.setDefault', { id: other.id }));
    data(
      await call('integrations.replace', {
        id: other.id,
        credential: { kind: 'api_key', apiKey: second },
        label: 'Second again',
      }),
    );
    data(await call('integrations.getBaseUrls', {}));
    data(await call('integrations.setBaseUrl', { provider: 'openai', url: server.url }));
    expect(
      (await call('integrations.setBaseUrl', { provider: 'openai', url: `https://x:${canary}@example.com` })).ok,
    ).toBe(false);
    data(await call('integrations.remove', { id: other.id }));
    const final = data<{ integrations: { id: string; maskedSuffix: string }[] }>(await call('integrations.list', {}));

    // Every integrations channel was exercised.
    expect([...used].sort()).toEqual(channels.filter((c) => c.startsWith('integrations.')).sort());
    // The renderer sees the masked suffix only.
    expect(final.integrations.find((v) => v.id === added.id)?.maskedSuffix).toBe(canary.slice(-4));

    // Main can still read it; the store holds it.
    expect((await app.integrations.getCredential({ provider: 'openai' })).secret).toBe(canary);
    expect(await store.get(added.id)).toBe(canary);

    const secrets = [canary, second, echoed, twilioCanary];
    const payloads = JSON.stringify(outputs);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.path.endsWith('-wal'))).toBe(true); // the WAL is scanned before any checkpoint
    for (const secret of secrets) {
      expect(payloads.includes(secret), 'IPC outputs').toBe(false);
      expect(
        logs.some((l) => l.includes(secret)),
        'logs',
      ).toBe(false);
      for (const f of files) expect(containsIn(f.bytes, secret), f.path).toBe(false);
    }
    app.close();
    app = null;
    for (const secret of secrets) {
      for (const f of filesUnder(dataDir)) expect(containsIn(f.bytes, secret), `${f.path} after close`).toBe(false);
    }
  });
});

describe('fallback: no keychain', () => {
  it('keeps keys in memory, says so in the list output, and writes no secret to disk', async () => {
    const noKeychain = async () => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    };
    const logger = captureLogger();
    app = createApp({
      dataDir,
      mode: 'web',
      logger,
      isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
      secretStore: chooseSecretStore({ logger, loadKeytar: noKeychain }).then((c) => c.store),
      healthChecker: httpHealthChecker(server.url),
      healthCheckIntervalMs: 0,
    });
    const listed = await app.router.dispatch(sender, 'integrations.list', {});
    expect(listed).toMatchObject({ ok: true, data: { vault: { backend: 'memory', persistent: false } } });
    expect(listed.ok && (listed.data as { vault: { warning: string | null } }).vault.warning).toMatch(/memory/);

    const key = `sk-proj-MEMORY${randomBytes(16).toString('hex')}`;
    server.behave(key, 'ok');
    const added = await app.router.dispatch(sender, 'integrations.add', {
      provider: 'openai',
      credential: { kind: 'api_key', apiKey: key },
    });
    expect(added).toMatchObject({ ok: true, data: { backend: 'memory', status: 'healthy' } });
    expect((await app.integrations.getCredential({ provider: 'openai' })).secret).toBe(key);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM vault_secrets').get()).toEqual({ n: 0 });
    for (const f of filesUnder(dataDir)) expect(containsIn(f.bytes, key), f.path).toBe(false);
    expect(logs.join('\n')).toMatch(/keychain unavailable/);
  });
});
