// Exa has no free endpoint: every documented call (search, contents, findSimilar, answer) is billed, and it
// publishes no account, usage or key-info route. The cheapest real check would be a 1-result search
// (~$0.005), which a background health check must not spend. So health is a format check only: the key is
// proven on its first real call (a 401 then marks the integration bad). Documented limitation.
import type { Credential } from '../../gateway/types';
import { ProviderError } from '../../gateway/types';

export interface ExaHealth {
  /** Always 'format_only': nothing was sent to Exa. */
  verified: 'format_only';
  note: string;
}

/** Exa keys are UUIDs in practice; anything that is not letters, digits and dashes is surely wrong. */
const KEY_SHAPE = /^[A-Za-z0-9-]{16,128}$/;

export function checkExaHealth(credential: Credential): ExaHealth {
  if (!KEY_SHAPE.test(credential.secret.trim())) {
    throw new ProviderError({
      provider: 'exa',
      kind: 'auth',
      message: 'this does not look like an Exa API key (letters, digits and dashes)',
      providerCode: 'key_format',
    });
  }
  return { verified: 'format_only', note: 'Exa has no free endpoint; the key is verified by its first search.' };
}
