import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../main/core/errors';
import type { Logger } from '../../../main/core/logger';
import type { HealthChecker } from '../../../main/integrations/health';
import { IntegrationManager, type IntegrationManagerOptions } from '../../../main/integrations/manager';
import { KeytarSecretStore, type KeytarLike } from '../../../main/vault/keytar-store';
import { InMemorySecretStore } from '../../../main/vault/memory-store';
import type { SecretStore } from '../../../main/vault/types';
import { httpHealthChecker, startFakeHealthServer, type FakeHealthServer } from './fake-health';
import { KEYS, openTempDb, type TempDb } from './setup';

let server: FakeHealthServer;
let t: TempDb;
let clock: { ms: number };
const managers: IntegrationManager[] = [];

beforeEach(async () => {
  server = await startFakeHealthServer();
  t = openTempDb();
  clock = { ms: Date.parse('2026-11-23T10:00:00Z') };
});
afterEach(async () => {
  for (const m of managers.splice(0)) m.close();
  await server.close();
  t.dispose();
});

const quietLogger: Logger = { info() {}, warn() {}, error() {} };

/** Counts writes so a test can prove that a failed add stored nothing. */
class CountingStore extends InMemorySecretStore {
  sets = 0;
  override async set(account: string, secret: string): Promise<void> {
    this.sets += 1;
    return super.set(account, secret);
  }
}

function makeManager(over: Partial<IntegrationManagerOptions> = {}) {
  const store = new CountingStore();
  const manager = new IntegrationManager({
    db: t.db,
    store,
    healthChecker: httpHealthChecker(server.url),
    logger: quietLogger,
    now: () => new Date(clock.ms),
    checkTimeoutMs: 2_000,
    breaker: { threshold: 3, cooldownMs: 60_000 },
    ...over,
  });
  managers.push(manager);
  return { manager, store: (over.store as SecretStore | undefined) ?? store, counting: store };
}

const rowCount = () => (t.db.prepare('SELECT COUNT(*) AS n FROM integrations').get() as { n: number }).n;

async function addOpenAi(
  manager: IntegrationManager,
  tag: string,
  extra: { label?: string; makeDefault?: boolean } = {},
) {
  const key = KEYS.openai(tag);
  server.behave(key, 'ok');
  return {
    key,
    view: await manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: key }, ...extra }),
  };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe('IntegrationManager.add', () => {
  it('checks the key over HTTP, stores the secret in the store and only metadata in SQLite', async () => {
    const { manager, store } = makeManager();
    const { key, view } = await addOpenAi(manager, 'personal', { label: 'Personal' });
    expect(view).toMatchObject({
      provider: 'openai',
      label: 'Personal',
      authKind: 'api_key',
      maskedSuffix: key.slice(-4),
      backend: 'memory',
      isDefault: true,
      status: 'healthy',
      lastError: null,
      lastCheckAt: '2026-11-23T10:00:00.000Z',
    });
    expect(view.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await store.get(view.id)).toBe(key);
    expect(JSON.stringify(t.db.prepare('SELECT * FROM integrations').all())).not.toContain(key);
    expect(await manager.getCredential({ provider: 'openai' })).toEqual({ secret: key, integrationId: view.id });
    expect(await manager.getCredential({ integrationId: view.id })).toEqual({ secret: key, integrationId: view.id });
  });

  it('stores nothing when the check fails, and says why in the provider’s words', async () => {
    const { manager, counting } = makeManager({ checkTimeoutMs: 150 });
    const cases = [
      { behaviour: 'bad', code: 'provider_error', reason: 'bad_key', said: 'authorization required' },
      { behaviour: 'no_access', code: 'provider_error', reason: 'no_access', said: 'not authorized to access' },
      { behaviour: 'rate_limited', code: 'rate_limited', reason: 'rate_limited', said: 'too many requests' },
      { behaviour: 'server', code: 'unavailable', reason: 'provider_down', said: 'internal error' },
      { behaviour: 'hang', code: 'unavailable', reason: 'timeout', said: 'no answer within 150 ms' },
    ] as const;
    for (const [i, c] of cases.entries()) {
      const key = KEYS.openai(`case${i}`);
      server.behave(key, c.behaviour);
      const e = await failure(manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: key } }));
      expect(e.code, c.behaviour).toBe(c.code);
      expect(e.details).toMatchObject({ reason: c.reason, provider: 'openai' });
      expect(e.message).toContain(c.said);
      expect(e.message).toContain('Nothing was stored');
      expect(e.message).not.toContain(key);
    }
    expect(rowCount()).toBe(0);
    expect(counting.sets).toBe(0);
  });

  it('reports no network when the provider cannot be reached', async () => {
    const { manager, counting } = makeManager({ healthChecker: httpHealthChecker('http://127.0.0.1:1') });
    const e = await failure(
      manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: KEYS.openai('net') } }),
    );
    expect(e.code).toBe('unavailable');
    expect(e.details).toMatchObject({ reason: 'no_network' });
    expect(rowCount()).toBe(0);
    expect(counting.sets).toBe(0);
  });

  it('never passes on a key the provider quoted back', async () => {
    const { manager } = makeManager();
    const key = KEYS.openai('echoed');
    server.behave(key, 'bad_echo');
    const e = await failure(manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: key } }));
    expect(e.message).toContain('Incorrect API key provided');
    expect(JSON.stringify(e.toShape())).not.toContain(key);
  });

  it('rejects a malformed key before any network call', async () => {
    const { manager } = makeManager();
    const e = await failure(
      manager.add({ provider: 'anthropic', credential: { kind: 'api_key', apiKey: 'sk-proj-not-an-anthropic-key' } }),
    );
    expect(e.code).toBe('invalid_input');
    expect(server.hits).toBe(0);
  });

  it('refuses to add keys when no health checker is bound', async () => {
    const { manager, counting } = makeManager({ healthChecker: null });
    const e = await failure(
      manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: KEYS.openai('x') } }),
    );
    expect(e.code).toBe('unavailable');
    expect(counting.sets).toBe(0);
    expect(rowCount()).toBe(0);
  });

  it('adds Twilio API keys: the key SID authenticates, the Account SID is kept for the path', async () => {
    const { manager } = makeManager();
    const secret = KEYS.twilioSecret('apikeysecret');
    server.behave(secret, 'ok');
    const view = await manager.add({
      provider: 'twilio',
      credential: {
        kind: 'twilio_api_key',
        accountSid: KEYS.twilioAccountSid,
        apiKeySid: KEYS.twilioKeySid,
        apiKeySecret: secret,
      },
    });
    expect(server.usernames).toEqual([KEYS.twilioKeySid]);
    expect(view).toMatchObject({
      authKind: 'twilio_api_key',
      accountId: KEYS.twilioAccountSid,
      keyId: KEYS.twilioKeySid,
      maskedSuffix: secret.slice(-4),
    });
    expect(await manager.getCredential({ provider: 'twilio' })).toEqual({
      secret,
      accountId: KEYS.twilioAccountSid,
      keyId: KEYS.twilioKeySid,
      integrationId: view.id,
    });
  });
});

describe('several keys per provider', () => {
  it('keeps one default: first key, makeDefault, setDefault, and promotion when the default is removed', async () => {
    const { manager, store } = makeManager();
    const personal = await addOpenAi(manager, 'personal', { label: 'Personal' });
    clock.ms += 1_000;
    const client = await addOpenAi(manager, 'client', { label: 'Client work' });
    expect(client.view.isDefault).toBe(false);
    expect((await manager.getCredential({ provider: 'openai' })).secret).toBe(personal.key);

    await manager.setDefault(client.view.id);
    expect((await manager.getCredential({ provider: 'openai' })).secret).toBe(client.key);
    expect((await manager.list()).filter((v) => v.isDefault).map((v) => v.id)).toEqual([client.view.id]);

    clock.ms += 1_000;
    const third = await addOpenAi(manager, 'third', { makeDefault: true });
    expect(third.view.isDefault).toBe(true);

    await manager.remove(third.view.id);
    expect(await store.get(third.view.id)).toBeNull();
    const after = await manager.list();
    expect(after.map((v) => [v.label, v.isDefault])).toEqual([
      ['Personal', true],
      ['Client work', false],
    ]);
    await manager.remove(personal.view.id);
    await manager.remove(client.view.id);
    await expect(manager.getCredential({ provider: 'openai' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(manager.remove('int_missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('replace swaps the secret after a successful check, and keeps the old one when the check fails', async () => {
    const { manager, store } = makeManager();
    const { key, view } = await addOpenAi(manager, 'old', { label: 'Old' });
    const bad = KEYS.openai('badnew');
    server.behave(bad, 'bad');
    await expect(manager.replace(view.id, { kind: 'api_key', apiKey: bad })).rejects.toMatchObject({
      details: { reason: 'bad_key' },
    });
    expect(await store.get(view.id)).toBe(key);

    const fresh = KEYS.openai('fresh');
    server.behave(fresh, 'ok');
    const replaced = await manager.replace(view.id, { kind: 'api_key', apiKey: fresh }, 'Renewed');
    expect(replaced).toMatchObject({
      id: view.id,
      label: 'Renewed',
      maskedSuffix: fresh.slice(-4),
      isDefault: true,
      status: 'healthy',
    });
    expect(await store.get(view.id)).toBe(fresh);
  });
});

describe('health checks', () => {
  it('checkAll records status, and the breaker skips a failing key after 3 failures until the cooldown', async () => {
    const { manager } = makeManager();
    const good = await addOpenAi(manager, 'good');
    const dying = await addOpenAi(manager, 'dying');
    server.behave(dying.key, 'bad');

    for (let i = 0; i < 3; i++) expect(await manager.checkAll()).toEqual({ checked: 2, skipped: 0 });
    const hits = server.hits;
    expect(await manager.checkAll()).toEqual({ checked: 1, skipped: 1 });
    expect(server.hits).toBe(hits + 1);

    const views = await manager.list();
    const dead = views.find((v) => v.id === dying.view.id)!;
    expect(dead).toMatchObject({
      status: 'failing',
      lastError: { reason: 'bad_key', kind: 'auth', message: 'authorization required' },
    });
    expect(dead.checksPausedUntil).toBe(new Date(clock.ms + 60_000).toISOString());
    expect(views.find((v) => v.id === good.view.id)).toMatchObject({
      status: 'healthy',
      lastError: null,
      checksPausedUntil: null,
    });

    // An explicit test goes through; a fixed key closes the breaker.
    server.behave(dying.key, 'ok');
    expect(await manager.test(dying.view.id)).toMatchObject({
      status: 'healthy',
      lastError: null,
      checksPausedUntil: null,
    });
    expect(await manager.checkAll()).toEqual({ checked: 2, skipped: 0 });
  });

  it('tries again after the cooldown', async () => {
    const { manager } = makeManager();
    const k = await addOpenAi(manager, 'flaky');
    server.behave(k.key, 'server');
    for (let i = 0; i < 3; i++) await manager.checkAll();
    expect(await manager.checkAll()).toEqual({ checked: 0, skipped: 1 });
    clock.ms += 60_000;
    expect(await manager.checkAll()).toEqual({ checked: 1, skipped: 0 });
    expect((await manager.list())[0]).toMatchObject({ status: 'failing', lastError: { reason: 'provider_down' } });
  });

  it('runs on a schedule that can be stopped', async () => {
    let calls = 0;
    const counting: HealthChecker = async () => {
      calls += 1;
      return { ok: true, latencyMs: 1 };
    };
    const { manager } = makeManager({ healthChecker: counting });
    await manager.add({ provider: 'openai', credential: { kind: 'api_key', apiKey: KEYS.openai('sched') } });
    const afterAdd = calls;
    manager.startSchedule(5);
    const deadline = Date.now() + 5_000;
    while (calls < afterAdd + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(calls).toBeGreaterThanOrEqual(afterAdd + 2);
    manager.stopSchedule();
    const stoppedAt = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(stoppedAt);
  });

  it('marks a key unavailable when its secret vanished from the store', async () => {
    const { manager, store } = makeManager();
    const { view } = await addOpenAi(manager, 'vanish');
    await store.delete(view.id);
    await expect(manager.getCredential({ provider: 'openai' })).rejects.toMatchObject({
      code: 'unavailable',
      details: { reason: 'key_missing' },
    });
    expect(await manager.test(view.id)).toMatchObject({ status: 'unavailable', lastError: { reason: 'key_missing' } });
  });
});

describe('backends across sessions', () => {
  it('drops memory-held keys from an earlier session, and flags keychain keys when the keychain is gone', async () => {
    const first = makeManager();
    await addOpenAi(first.manager, 'memory');

    const items = new Map<string, string>();
    const keytar: KeytarLike = {
      getPassword: async (_s, a) => items.get(a) ?? null,
      setPassword: async (_s, a, p) => void items.set(a, p),
      deletePassword: async (_s, a) => items.delete(a),
    };
    const withKeychain = makeManager({ store: new KeytarSecretStore({ keytar }) });
    expect(await withKeychain.manager.list()).toEqual([]); // the memory key died with its session
    const { view } = await addOpenAi(withKeychain.manager, 'keychain');
    expect(view.backend).toBe('keychain');

    const later = makeManager(); // keychain unavailable now: memory store
    const [row] = await later.manager.list();
    expect(row).toMatchObject({
      id: view.id,
      backend: 'keychain',
      status: 'unavailable',
      lastError: { reason: 'key_missing' },
    });
    await expect(later.manager.getCredential({ provider: 'openai' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
