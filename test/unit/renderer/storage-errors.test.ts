// A storage failure from any channel reaches the app-wide banner with main's message (what to do), not a generic one.
import { describe, expect, it, vi } from 'vitest';
import { buildApi, type Transport } from '../../../preload/api';
import { CallError } from '../../../preload/contract';
import { reportStorageErrors, type StorageProblem } from '../../../renderer/src/storageErrors';

const DISK_FULL = 'The disk holding the data folder is full. Free some space and try again; nothing was saved.';

describe('renderer storage-error reporting', () => {
  it('reports a storage error with its kind and advice, rethrows it unchanged, and ignores other errors', async () => {
    const invoke = vi.fn<Transport['invoke']>(async (channel) =>
      channel === 'budgets.list'
        ? { ok: false, error: { code: 'storage', message: DISK_FULL, details: { kind: 'disk_full' } } }
        : channel === 'system.status'
          ? { ok: false, error: { code: 'not_found', message: 'gone' } }
          : { ok: true, data: [] },
    );
    const seen: StorageProblem[] = [];
    const api = reportStorageErrors(buildApi({ invoke, subscribe: vi.fn() }), (p) => seen.push(p));

    const err = await api.budgets.list({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect(err).toMatchObject({ code: 'storage', message: DISK_FULL });
    expect(seen).toEqual([{ kind: 'disk_full', message: DISK_FULL }]);

    await expect(api.system.status()).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.budgets['caps.list']({})).resolves.toEqual([]);
    expect(seen).toHaveLength(1);
    expect(typeof api.events.on).toBe('function');
  });
});
