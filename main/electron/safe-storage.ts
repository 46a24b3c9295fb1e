// Adapts Electron's safeStorage to the vault's SafeStorageLike. Electron glue: type-checked only here.
// Uses the async API (Electron >= 42): the sync calls can block the main thread on a locked keyring.
import { safeStorage } from 'electron';
import type { SafeStorageLike } from '../vault/safe-storage-store';

export function electronSafeStorage(): SafeStorageLike {
  return {
    isEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    // getSelectedStorageBackend exists on Linux only; elsewhere the OS store is always the real one.
    getSelectedStorageBackend: () =>
      process.platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : process.platform === 'darwin'
          ? 'macos_keychain'
          : 'windows_dpapi',
    encryptString: (plainText) => safeStorage.encryptStringAsync(plainText),
    decryptString: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
  };
}
