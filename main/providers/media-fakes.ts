// Starts the six media/data provider fakes on loopback for demo mode (no keys): the base-URL overrides to
// point the gateway at them and the credentials each fake accepts. Nothing here reaches a network.
import type { Credential, ProviderId } from '../gateway/types';
import { APOLLO_FAKE_KEY, startApolloFake } from './apollo/fake';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from './elevenlabs/fake';
import { EXA_FAKE_KEY, startExaFake } from './exa/fake';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from './heygen/fake';
import { SENDGRID_FAKE_KEY, startSendGridFake } from './sendgrid/fake';
import { TWILIO_FAKE_ACCOUNT_SID, TWILIO_FAKE_AUTH_TOKEN, startTwilioFake } from './twilio/fake';

type MediaProvider = 'elevenlabs' | 'heygen' | 'exa' | 'twilio' | 'sendgrid' | 'apollo';

export interface MediaFakes {
  /** Base URL per provider and, for HeyGen's upload host, per "heygen:upload" (BaseUrls keys). */
  baseUrls: Record<MediaProvider | 'heygen:upload', string>;
  credentials: Record<MediaProvider, Credential>;
  close(): Promise<void>;
}

export const MEDIA_FAKE_CREDENTIALS: Record<MediaProvider, Credential> = {
  elevenlabs: { secret: ELEVENLABS_FAKE_KEY },
  heygen: { secret: HEYGEN_FAKE_KEY },
  exa: { secret: EXA_FAKE_KEY },
  twilio: { secret: TWILIO_FAKE_AUTH_TOKEN, accountId: TWILIO_FAKE_ACCOUNT_SID },
  sendgrid: { secret: SENDGRID_FAKE_KEY },
  apollo: { secret: APOLLO_FAKE_KEY },
};

export async function startMediaFakes(): Promise<MediaFakes> {
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
      // Apollo's real base URL carries the /api/v1 prefix; the fake serves the same paths.
      apollo: `${apollo.url}/api/v1`,
    },
    credentials: MEDIA_FAKE_CREDENTIALS,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

export const isMediaProvider = (id: ProviderId): id is MediaProvider => id in MEDIA_FAKE_CREDENTIALS;
