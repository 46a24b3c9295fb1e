// The media, messaging and data providers (Providers II): descriptors for the gateway registry, their
// health checks on free endpoints, and the loopback fakes that back demo mode (no keys, no network).
import type { Credential, Gateway, GatewayResult, ProviderDescriptor, ProviderId } from '../gateway/types';
import { apolloDescriptor } from './apollo/descriptor';
import { APOLLO_FAKE_KEY, startApolloFake } from './apollo/fake';
import { checkApolloHealth } from './apollo/health';
import { elevenlabsDescriptor } from './elevenlabs/descriptor';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from './elevenlabs/fake';
import { checkElevenLabsHealth } from './elevenlabs/health';
import { exaDescriptor } from './exa/descriptor';
import { EXA_FAKE_KEY, startExaFake } from './exa/fake';
import { checkExaHealth } from './exa/health';
import { heygenDescriptor } from './heygen/descriptor';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from './heygen/fake';
import { checkHeyGenHealth } from './heygen/health';
import { sendgridDescriptor } from './sendgrid/descriptor';
import { SENDGRID_FAKE_KEY, startSendGridFake } from './sendgrid/fake';
import { checkSendGridHealth } from './sendgrid/health';
import type { CallOptions, HealthInfo } from './shared/call';
import { twilioDescriptor } from './twilio/descriptor';
import { TWILIO_FAKE_ACCOUNT_SID, TWILIO_FAKE_AUTH_TOKEN, startTwilioFake } from './twilio/fake';
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

/** What each fake accepts. */
export const MEDIA_FAKE_CREDENTIALS: Record<MediaProviderId, Credential> = {
  elevenlabs: { secret: ELEVENLABS_FAKE_KEY },
  heygen: { secret: HEYGEN_FAKE_KEY },
  exa: { secret: EXA_FAKE_KEY },
  twilio: { secret: TWILIO_FAKE_AUTH_TOKEN, accountId: TWILIO_FAKE_ACCOUNT_SID },
  sendgrid: { secret: SENDGRID_FAKE_KEY },
  apollo: { secret: APOLLO_FAKE_KEY },
};

export interface MediaDemoFakes {
  /** Base URL per provider, plus HeyGen's upload host under "heygen:upload" (BaseUrls key "upload"). */
  baseUrls: Record<MediaProviderId | 'heygen:upload', string>;
  credentials: Record<MediaProviderId, Credential>;
  close(): Promise<void>;
}

/** Starts the six fakes on 127.0.0.1 (OS ports). */
export async function startMediaDemoFakes(): Promise<MediaDemoFakes> {
  const [elevenlabs, heygen, exa, twilio, sendgrid, apollo] = await Promise.all([
    startElevenLabsFake(),
    startHeyGenFake(),
    startExaFake(),
    startTwilioFake(),
    startSendGridFake(),
    startApolloFake(),
  ]);
  const servers = [elevenlabs, heygen, exa, twilio, sendgrid, apollo];
  return {
    baseUrls: {
      elevenlabs: elevenlabs.url,
      heygen: heygen.url,
      'heygen:upload': heygen.upload.url,
      exa: exa.url,
      twilio: twilio.url,
      sendgrid: sendgrid.url,
      // Apollo's base URL carries the /api/v1 prefix; the fake serves the same paths.
      apollo: `${apollo.url}/api/v1`,
    },
    credentials: MEDIA_FAKE_CREDENTIALS,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

export const isMediaProvider = (id: ProviderId): id is MediaProviderId => id in MEDIA_DESCRIPTORS;
