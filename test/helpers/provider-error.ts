// The ProviderError a gateway or provider call rejects with, for asserting on its kind, code and status.
import { ProviderError } from '../../main/gateway/types';

/** Resolves to the call's ProviderError; success or any other error fails the test. */
export async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error('expected a ProviderError');
}
