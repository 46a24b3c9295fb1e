// The media, messaging and data providers (Providers II): descriptors for the gateway registry, their
// health checks on free endpoints. The loopback fakes that back demo mode live in ./demo.ts.
import type { Credential, Gateway, GatewayResult, ProviderDescriptor } from '../gateway/types';
import { apolloDescriptor } from './apollo/descriptor';
import { checkApolloHealth } from './apollo/health';
import { elevenlabsDescriptor } from './elevenlabs/descriptor';
import { checkElevenLabsHealth } from './elevenlabs/health';
import { exaDescriptor } from './exa/descriptor';
import { checkExaHealth } from './exa/health';
import { heygenDescriptor } from './heygen/descriptor';
import { checkHeyGenHealth } from './heygen/health';
import { sendgridDescriptor } from './sendgrid/descriptor';
import { checkSendGridHealth } from './sendgrid/health';
import type { CallOptions, HealthInfo } from './shared/call';
import { twilioDescriptor } from './twilio/descriptor';
import { checkTwilioHealth } from './twilio/health';

export type MediaProviderId = 'elevenlabs' | 'heygen' | 'exa' | 'twilio' | 'sendgrid' | 'apollo';

export const MEDIA_DESCRIPTORS: Record<MediaProviderId, ProviderDescriptor> = {
  elevenlabs: elevenlabsDescriptor,
  heygen: heygenDescriptor,
  exa: exaDescriptor,
  twilio: twilioDescriptor,
  sendgrid: sendgridDescriptor,
  apollo: apolloDescriptor,
};

export type MediaHealthCheck = (
  gateway: Gateway,
  credential: Credential,
  options?: Pick<CallOptions, 'signal'>,
) => Promise<GatewayResult<HealthInfo>>;

const asHealth = <T>(r: GatewayResult<T>, endpoint: string, detail: (v: T) => string): GatewayResult<HealthInfo> => ({
  ...r,
  value: { endpoint, detail: detail(r.value) },
});

/**
 * Each check calls a free endpoint only and is ledgered at $0. Exa has none: its check is a key-format test that
 * sends nothing (attempts 0), so an Exa key is only proven by its first search.
 */
export const MEDIA_HEALTH_CHECKS: Record<MediaProviderId, MediaHealthCheck> = {
  elevenlabs: async (g, c, o) =>
    asHealth(
      await checkElevenLabsHealth(g, c, o?.signal),
      'GET /v1/user',
      (u) => `${u.tier} plan, ${u.creditsLeft} credits left`,
    ),
  heygen: async (g, c, o) =>
    asHealth(await checkHeyGenHealth(g, c, o?.signal), 'GET /v3/users/me', (a) =>
      a.walletBalanceNanos !== null
        ? `$${(a.walletBalanceNanos / 1e9).toFixed(2)} in the wallet`
        : `${a.billingType ?? 'unknown'} billing`,
    ),
  exa: async (_g, c) => {
    const h = checkExaHealth(c);
    return {
      value: { endpoint: 'none (format check)', detail: h.note },
      callId: 'local-format-check',
      attempts: 0,
      costNanos: 0,
      costSource: 'computed',
      provider: 'exa',
      model: null,
      latencyMs: 0,
    };
  },
  twilio: async (g, c, o) =>
    asHealth(
      await checkTwilioHealth(g, c, o?.signal),
      'GET /2010-04-01/Accounts/{Sid}.json',
      (a) => `${a.type ?? 'account'} ${a.status}`,
    ),
  sendgrid: async (g, c, o) =>
    asHealth(await checkSendGridHealth(g, c, o?.signal), 'GET /v3/scopes', (s) =>
      s.canSendMail ? `${s.scopes.length} scopes, can send mail` : `${s.scopes.length} scopes, cannot send mail`,
    ),
  apollo: async (g, c, o) =>
    asHealth(
      await checkApolloHealth(g, c, o?.signal),
      'GET /users/api_profile',
      (p) => `team ${p.teamId ?? 'unknown'}`,
    ),
};
