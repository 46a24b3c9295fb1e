// Key check on a free endpoint: GET /v3/scopes lists what the key may do (SendGrid bills by plan, so no
// read costs anything) and tells whether it can send mail at all. Not in the saved mail spec: documented
// in SendGrid's API Keys / scopes reference.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import { parseScopes, type SendGridScopes } from './usage';

export async function checkSendGridHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<SendGridScopes>> {
  return gateway.json(
    {
      provider: 'sendgrid',
      operation: 'health',
      endpoint: 'scopes',
      method: 'GET',
      path: '/v3/scopes',
      idempotent: true,
      free: true,
      credential,
      timeoutMs: 10_000,
      ...(signal ? { signal } : {}),
    },
    (body) => parseScopes(body),
  );
}
