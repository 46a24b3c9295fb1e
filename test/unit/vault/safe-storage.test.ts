import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../main/vault/errors';
import { SafeStorageSecretStore } from '../../../main/vault/safe-storage-store';
import { openTempDb, type TempDb } from '../integrations/setup';
import { fakeSafeStorage } from './fake-safe-storage';

let t: TempDb;
afterEach(() => t?.dispose());

const SECRET = 'sk-proj-safe-storage-plaintext-canary-0123456789';

function fileBytes(path: string): string {
  const read = (p: string) => {
    try {
      return readFileSync(p).toString('latin1');
    } catch {
      return '';
    }
  };
  return read(path) + read(`${path}-wal`) + read(`${path}-shm`);
}

describe('SafeStorageSecretStore', () => {
  it('stores ciphertext only, round-trips and deletes', async () => {
    t = openTempDb();
    const store = new SafeStorageSecretStore({
      db: t.db,
      safeStorage: fakeSafeStorage({ backend: 'gnome_libsecret' }),
      allowBasicText: false,
    });
    await store.set('int_1', SECRET);
    expect(await store.get('int_1')).toBe(SECRET);
    const row = t.db.prepare('SELECT ciphertext, storage_backend AS backend FROM vault_secrets').get() as {
      ciphertext: Buffer;
      backend: string;
    };
    expect(row.backend).toBe('gnome_libsecret');
    expect(row.ciphertext.toString('latin1')).not.toContain(SECRET);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes(t.path)).not.toContain(SECRET);
    expect(await store.delete('int_1')).toBe(true);
    expect(await store.get('int_1')).toBeNull();
    expect(store.info()).toMatchObject({ backend: 'safe_storage', persistent: true, warning: null });
  });

  it('refuses basic_text without the explicit opt-in, and writes nothing', async () => {
    t = openTempDb();
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const store = new SafeStorageSecretStore({ db: t.db, safeStorage, allowBasicText: false });
    const error = await store.set('int_1', SECRET).catch((e: unknown) => e);
    expect(isVaultError(error) && error.kind).toBe('refused');
    expect((error as Error).message).toMatch(/basic_text/);
    expect(safeStorage.calls).toBe(0);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM vault_secrets').get()).toEqual({ n: 0 });
  });

  it('allows basic_text with the opt-in, and flags it with a warning', async () => {
    t = openTempDb();
    const store = new SafeStorageSecretStore({
      db: t.db,
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      allowBasicText: true,
    });
    await store.set('int_1', SECRET);
    expect(await store.get('int_1')).toBe(SECRET);
    expect(store.info().warning).toMatch(/basic_text/);
  });

  it('refuses when encryption is unavailable or the backend is not known yet', async () => {
    t = openTempDb();
    for (const safeStorage of [
      fakeSafeStorage({ backend: 'kwallet5', available: false }),
      fakeSafeStorage({ backend: 'unknown' }),
    ]) {
      const store = new SafeStorageSecretStore({ db: t.db, safeStorage, allowBasicText: true });
      const error = await store.set('int_1', SECRET).catch((e: unknown) => e);
      expect(isVaultError(error) && error.kind).toBe('refused');
    }
  });
});
