// The profile manager: demo in its own data folder, switching without a restart, keys kept in the real vault
// and used for real calls (also from the demo profile), backups and a validated, restart-free restore.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger';
import { demoTargetOf, seedDemoIfEmpty } from '../../../main/demo/seed';
import { demoDataDir, ProfileManager } from '../../../main/profiles/manager';
import { createChatCompletion } from '../../../main/providers/openai/client';
import { type OpenAIFake, startOpenAIFake } from '../../../main/providers/openai/fake';
import { InMemorySecretStore } from '../../../main/vault/memory-store';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const web = { kind: 'web', authenticated: true } as const;
const KEY = `sk-proj-${'real'.padEnd(40, 'k')}`;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function open(startIn: 'real' | 'demo') {
  const rootDir = mkdtempSync(join(tmpdir(), 'aicon-profiles-'));
  const m = await ProfileManager.open({
    rootDir,
    startIn,
    app: {
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
      secretStore: new InMemorySecretStore(),
      healthCheckIntervalMs: 0,
      now: () => new Date(NOW),
    },
    seedDemo: (app) => void seedDemoIfEmpty(demoTargetOf(app), { days: 10, now: NOW, callsPerDay: 120 }),
  });
  cleanup.push(async () => {
    await m.close();
    rmSync(rootDir, { recursive: true, force: true });
  });
  return { m, rootDir };
}

async function call<T>(m: ProfileManager, channel: string, input: unknown = {}): Promise<T> {
  const r = await m.router.dispatch(web, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.data as T;
}

type Summary = { totals: { attempts: number; costNanos: number } };
const summary = (m: ProfileManager) =>
  call<Summary>(m, 'ledger.summary', {
    from: new Date(NOW - 30 * 86_400_000).toISOString(),
    to: new Date(NOW).toISOString(),
    timeZone: 'UTC',
  });

async function openaiFake(): Promise<OpenAIFake> {
  const fake = await startOpenAIFake({ apiKey: KEY });
  cleanup.push(() => fake.close());
  return fake;
}

describe('demo profile', () => {
  it('starts in demo with its own data folder; the real profile gets no demo rows', async () => {
    const { m, rootDir } = await open('demo');
    expect(m.state()).toMatchObject({
      active: 'demo',
      switchable: true,
      dataDir: demoDataDir(rootDir),
      realDataDir: rootDir,
    });
    expect((await summary(m)).totals.attempts).toBeGreaterThan(500);
    expect((await call<{ demo: boolean }>(m, 'system.status')).demo).toBe(true);
    expect(m.realServices.db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    expect(existsSync(join(demoDataDir(rootDir), 'aicon.sqlite'))).toBe(true);
  });

  it('leaves demo without a restart: the real budget is not touched by demo spend', async () => {
    const { m } = await open('demo');
    const demoSpend = (await summary(m)).totals.costNanos;
    expect(demoSpend).toBeGreaterThan(20e9);
    const state = await call<{ active: string }>(m, 'profile.switch', { to: 'real' });
    expect(state.active).toBe('real');
    expect((await call<{ demo: boolean }>(m, 'system.status')).demo).toBe(false);
    await call(m, 'budgets.create', { scope: 'overall', period: 'month', limitNanos: 20e9, mode: 'hard' });
    const [status] = await call<Array<{ percentUsed: number; spentNanos: number }>>(m, 'budgets.status');
    expect(status).toMatchObject({ percentUsed: 0, spentNanos: 0 });
    expect((await summary(m)).totals.attempts).toBe(0);
    // Back into demo: the demo history is still there, the real budget is not.
    await call(m, 'profile.switch', { to: 'demo' });
    expect((await summary(m)).totals.costNanos).toBe(demoSpend);
    expect(await call<unknown[]>(m, 'budgets.list')).toEqual([]);
  });

  it('stores a key added in demo in the real vault, and the demo profile makes real calls with it', async () => {
    const fake = await openaiFake();
    const { m } = await open('demo');
    await call(m, 'integrations.setBaseUrl', { provider: 'openai', url: `${fake.url}/v1` });
    const added = await call<{ id: string; status: string }>(m, 'integrations.add', {
      provider: 'openai',
      credential: { kind: 'api_key', apiKey: KEY },
    });
    expect(added.status).toBe('healthy');
    // Kept by the real profile: its database has the row, the demo database has none.
    expect(m.realServices.db.prepare('SELECT id FROM integrations').all()).toEqual([{ id: added.id }]);
    expect(m.active.db.prepare('SELECT COUNT(*) AS n FROM integrations').get()).toEqual({ n: 0 });

    // In demo, OpenAI has a real key: the call is real (not marked demo) and lands in the real ledger.
    const target = await m.active.providers.target('openai');
    expect(target.demo).toBe(false);
    const before = fake.requests.length;
    await createChatCompletion(target.gateway, target.credential, {
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'hi' }],
      maxOutputTokens: 50,
    });
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/v1/chat/completions']);
    const chatRows = (db: typeof m.active.db) =>
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM calls c JOIN call_profiles p ON p.id = c.profile_id
            WHERE p.provider = 'openai' AND p.endpoint LIKE '%chat%' AND c.call_id NOT LIKE 'demo-%'`,
        )
        .get() as { n: number };
    await target.gateway.flush();
    expect(chatRows(m.realServices.db)).toEqual({ n: 1 });
    expect(chatRows(m.active.db)).toEqual({ n: 0 });
    // A provider without a real key still goes to the built-in fake, marked demo.
    expect((await m.active.providers.target('anthropic')).demo).toBe(true);

    // After leaving demo the same key serves the real profile.
    await call(m, 'profile.switch', { to: 'real' });
    const list = await call<{ integrations: Array<{ id: string }> }>(m, 'integrations.list');
    expect(list.integrations.map((i) => i.id)).toEqual([added.id]);
    const tested = await call<{ status: string }>(m, 'integrations.test', { id: added.id });
    expect(tested.status).toBe('healthy');
    expect(fake.requests.at(-1)?.path).toBe('/v1/models');
  });
});

describe('backups', () => {
  it('backs up with the online API, refuses a damaged file, and restores without a restart', async () => {
    const { m, rootDir } = await open('real');
    await call(m, 'budgets.create', { scope: 'overall', period: 'month', limitNanos: 5e9, mode: 'soft' });
    const backup = await call<{ name: string; sizeBytes: number }>(m, 'profile.backup');
    expect(backup.sizeBytes).toBeGreaterThan(0);
    await call(m, 'budgets.create', { scope: 'overall', period: 'day', limitNanos: 1e9, mode: 'soft' });
    expect(await call<unknown[]>(m, 'budgets.list')).toHaveLength(2);

    writeFileSync(join(rootDir, 'backups', 'broken.sqlite'), 'not a database at all');
    const bad = await m.router.dispatch(web, 'profile.restore', { name: 'broken.sqlite' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call<unknown[]>(m, 'budgets.list')).toHaveLength(2);
    const traversal = await m.router.dispatch(web, 'profile.restore', { name: '../aicon.sqlite' });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const restored = await call<{ restored: string; safetyCopy: { name: string } }>(m, 'profile.restore', {
      name: backup.name,
    });
    expect(restored.restored).toBe(backup.name);
    expect(restored.safetyCopy.name).toMatch(/before-restore/);
    const budgets = await call<Array<{ period: string }>>(m, 'budgets.list');
    expect(budgets.map((b) => b.period)).toEqual(['month']);
    const { backups } = await call<{ backups: Array<{ name: string }> }>(m, 'profile.backups');
    expect(backups.map((b) => b.name)).toEqual(expect.arrayContaining([backup.name, restored.safetyCopy.name]));
  });
});
