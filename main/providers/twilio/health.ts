// Key check on a free endpoint: GET /2010-04-01/Accounts/{Sid}.json proves the SID + token (or API key)
// pair and reports whether the account is active, suspended or closed. Nothing is sent or billed.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import { accountSidOf } from './client';
import { parseAccount, type TwilioAccount } from './usage';

export async function checkTwilioHealth(
  gateway: Gateway,
  credential: Credential,
  signal?: AbortSignal,
): Promise<GatewayResult<TwilioAccount>> {
  return gateway.json(
    {
      provider: 'twilio',
      operation: 'health',
      endpoint: 'account.fetch',
      method: 'GET',
      path: `/2010-04-01/Accounts/${accountSidOf(credential)}.json`,
      idempotent: true,
      free: true,
      credential,
      timeoutMs: 10_000,
      ...(signal ? { signal } : {}),
    },
    (body) => parseAccount(body),
  );
}
