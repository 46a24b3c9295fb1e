// Anthropic health check: GET /v1/models is free and validates the key and anthropic-version.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import type { CallOptions, HealthInfo } from '../shared/call';
import { listModels } from './client';

export async function checkAnthropicHealth(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<HealthInfo>> {
  const result = await listModels(gateway, credential, { operation: 'health', ...options });
  return { ...result, value: { endpoint: 'GET /v1/models', detail: `${result.value.length} models` } };
}
