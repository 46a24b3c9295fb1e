// OpenAI health check: GET /models is free, needs a valid key and touches no paid endpoint.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import type { CallOptions, HealthInfo } from '../shared/call';
import { listModels } from './client';

export async function checkOpenAIHealth(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<HealthInfo>> {
  const result = await listModels(gateway, credential, { operation: 'health', ...options });
  return { ...result, value: { endpoint: 'GET /models', detail: `${result.value.length} models` } };
}
