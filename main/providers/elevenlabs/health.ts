// Key check on a free endpoint: GET /v1/user proves the key and reports the plan and credits left
// without spending any. A 401 `quota_exceeded` never comes from here (nothing is billed).
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import { parseUser, type ElevenLabsUser } from './usage';

export async function checkElevenLabsHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<ElevenLabsUser>> {
  return gateway.json(
    {
      provider: 'elevenlabs',
      operation: 'health',
      endpoint: 'user',
      method: 'GET',
      path: '/v1/user',
      idempotent: true,
      free: true,
      credential,
      timeoutMs: 10_000,
      ...(signal ? { signal } : {}),
    },
    (body) => parseUser(body),
  );
}
