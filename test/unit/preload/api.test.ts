import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildApi, type Transport } from '../../../preload/api';
import { CallError, channels } from '../../../preload/contract';
import { REPO_ROOT } from '../../helpers/browser';

describe('preload API built from the contract', () => {
  it('exposes one named function per channel, grouped by namespace', () => {
    const api = buildApi({ invoke: vi.fn(), subscribe: vi.fn() }) as unknown as Record<string, Record<string, unknown>>;
    for (const c of channels) {
      const dot = c.indexOf('.');
      expect(typeof api[c.slice(0, dot)]?.[c.slice(dot + 1)]).toBe('function');
    }
  });

  it('keeps channels with a dotted method apart (budgets.caps.list and budgets.caps.set)', async () => {
    const invoke = vi.fn<Transport['invoke']>(async () => ({ ok: true, data: [] }));
    const api = buildApi({ invoke, subscribe: vi.fn() });
    await api.budgets['caps.list']({});
    await api.budgets['caps.set']({ provider: 'openai', endpoint: 'responses.create', capNanos: null });
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual(['budgets.caps.list', 'budgets.caps.set']);
  });

  it('resolves data on ok and throws a typed CallError otherwise', async () => {
    const invoke = vi.fn<Transport['invoke']>(async (channel, input) =>
      channel === 'system.ping'
        ? { ok: true, data: { echo: (input as { echo: string }).echo, at: 'now' } }
        : { ok: false, error: { code: 'not_found', message: 'gone' } },
    );
    const api = buildApi({ invoke, subscribe: vi.fn() });
    await expect(api.system.ping({ echo: 'a' })).resolves.toEqual({ echo: 'a', at: 'now' });
    const err = await api.system.status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect(err).toMatchObject({ code: 'not_found', message: 'gone' });
    expect(invoke).toHaveBeenCalledWith('system.status', {});
  });
});

describe('preload bundle (sandboxed: one CommonJS file)', () => {
  const bundle = readFileSync(join(REPO_ROOT, 'out/preload/index.cjs'), 'utf8');
  it('requires nothing but electron', () => {
    const required = new Set([...bundle.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });
  it('exposes the named API once and never ipcRenderer itself', () => {
    expect(bundle.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(bundle).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
