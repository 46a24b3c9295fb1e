// Perplexity health check. The only free endpoint, GET /v1/models, needs no auth: it proves the
// API is reachable but cannot prove the key (every authenticated endpoint is paid).
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import type { CallOptions, HealthInfo } from '../shared/call';
import { listAgentModels } from './client';

export async function checkPerplexityHealth(
  gateway: Gateway,
  credential: Credential,
  options: CallOptions = {},
): Promise<GatewayResult<HealthInfo>> {
  const result = await listAgentModels(gateway, credential, { operation: 'health', ...options });
  return {
    ...result,
    value: {
      endpoint: 'GET /v1/models',
      detail: `${result.value.length} models (reachable; the key is only proven by a paid call)`,
    },
  };
}
