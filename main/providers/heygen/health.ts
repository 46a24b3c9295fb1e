// Key check on free endpoints: GET /v3/users/me (balance, billing type), or the legacy
// GET /v2/user/remaining_quota for accounts on the old API plans. Neither starts or bills a render.
import type { Credential, Gateway, GatewayResult, Metered } from '../../gateway/types';
import { parseRemainingQuota, parseUserMe, type HeyGenAccount, type RemainingQuota } from './usage';

export async function checkHeyGenHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<HeyGenAccount>> {
  return check(gateway, credential, 'users.me', '/v3/users/me', parseUserMe, signal);
}

export async function checkHeyGenLegacyHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<RemainingQuota>> {
  return check(gateway, credential, 'user.remaining_quota', '/v2/user/remaining_quota', parseRemainingQuota, signal);
}

async function check<T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  path: string,
  parse: (b: unknown) => Metered<T>,
  signal?: AbortSignal,
) {
  return gateway.json(
    {
      provider: 'heygen',
      operation: 'health',
      endpoint,
      method: 'GET',
      path,
      idempotent: true,
      free: true,
      credential,
      timeoutMs: 10_000,
      ...(signal ? { signal } : {}),
    },
    (body) => parse(body),
  );
}
