// Every keychain call is bounded: a locked keyring can show a prompt and wait forever.
import { VaultError } from './errors';

export async function withTimeout<T>(work: () => Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new VaultError('timeout', `${what} did not answer within ${ms} ms (is the keyring locked?)`)),
      ms,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
