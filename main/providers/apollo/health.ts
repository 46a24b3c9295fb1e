// Key check on a free endpoint: GET /users/api_profile costs 0 credits (the official CLI's auth check) and
// answers 401 text/plain for a bad key. Apollo adds no rate-limit headers to 401/403 answers.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import { getApiProfile } from './client';
import type { ApiProfile } from './usage';

export async function checkApolloHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<ApiProfile>> {
  return getApiProfile(gateway, credential, { timeoutMs: 10_000, ...(signal ? { signal } : {}) });
}
