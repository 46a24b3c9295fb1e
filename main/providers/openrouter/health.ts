// OpenRouter health check: GET /key is free, proves the key and reports its remaining credit.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import type { CallOptions, HealthInfo } from '../shared/call';
import { getKeyInfo } from './client';

const usd = (nanos: number) => `$${(nanos / 1e9).toFixed(2)}`;

export async function checkOpenRouterHealth(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<HealthInfo>> {
  const result = await getKeyInfo(gateway, credential, { operation: 'health', ...options });
  const k = result.value;
  const detail =
    k.limitNanos === null
      ? `no credit limit; ${usd(k.usageNanos ?? 0)} used`
      : `${usd(k.limitRemainingNanos ?? 0)} of ${usd(k.limitNanos)} left${k.limitReset ? ` (resets ${k.limitReset})` : ''}`;
  return { ...result, value: { endpoint: 'GET /key', detail } };
}
