import { describe, expect, it } from 'vitest';
import { isVaultError, VaultError } from '../../../main/vault/errors';
import { KeytarSecretStore, type KeytarLike } from '../../../main/vault/keytar-store';
import { InMemorySecretStore } from '../../../main/vault/memory-store';

/** A keytar stand-in backed by a Map, to test the adapter without a keyring. */
function mapKeytar(): KeytarLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getPassword: async (s, a) => items.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}/${a}`),
  };
}

const hanging: KeytarLike = {
  getPassword: () => new Promise(() => undefined),
  setPassword: () => new Promise(() => undefined),
  deletePassword: () => new Promise(() => undefined),
};

describe('InMemorySecretStore', () => {
  it('round-trips and deletes, and says it is not persistent with a warning', async () => {
    const store = new InMemorySecretStore();
    await store.set('a', 'secret-value-1');
    expect(await store.get('a')).toBe('secret-value-1');
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeNull();
    expect(await store.delete('a')).toBe(false);
    expect(store.info()).toMatchObject({ backend: 'memory', persistent: false });
    expect(store.info().warning).toMatch(/memory/i);
  });
});

describe('KeytarSecretStore', () => {
  it('uses the service name and the account id', async () => {
    const keytar = mapKeytar();
    const store = new KeytarSecretStore({ keytar, service: 'AICON Studio' });
    await store.set('int_1', 'value-1');
    expect([...keytar.items.keys()]).toEqual(['AICON Studio/int_1']);
    expect(await store.get('int_1')).toBe('value-1');
    expect(await store.delete('int_1')).toBe(true);
    expect(store.info()).toMatchObject({ backend: 'keychain', persistent: true, warning: null });
  });

  it('turns a hanging keychain into a typed timeout, fast, for every call', async () => {
    const store = new KeytarSecretStore({ keytar: hanging, timeoutMs: 30 });
    for (const call of [() => store.get('x'), () => store.set('x', 'y'), () => store.delete('x')]) {
      const started = Date.now();
      const error = await call().catch((e: unknown) => e);
      expect(isVaultError(error) && error.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('wraps backend errors as VaultError("failed") without key-shaped text', async () => {
    const keytar = mapKeytar();
    keytar.setPassword = async () => {
      throw new Error('Cannot create an item in a locked collection (token sk-abcdefghijklmnopqrstuvwxyz)');
    };
    const error = await new KeytarSecretStore({ keytar }).set('a', 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('failed');
    expect((error as VaultError).message).toContain('locked collection');
    expect((error as VaultError).message).not.toContain('sk-abcdefghijklmnopqrstuvwxyz');
  });
});
