// Demo mode's providers: the ten loopback fakes (no keys, no network) behind one DemoProviders. Only the
// demo start path loads this module (a dynamic import), so the fakes and their recorded fixtures stay out
// of the real path's bundle.
import type { Credential } from '../gateway/types';
import { startAnthropicFake } from './anthropic/fake';
import { APOLLO_FAKE_KEY, startApolloFake } from './apollo/fake';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from './elevenlabs/fake';
import { EXA_FAKE_KEY, startExaFake } from './exa/fake';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from './heygen/fake';
import type { LlmProviderId } from './llm';
import type { MediaProviderId } from './media';
import { startOpenAIFake } from './openai/fake';
import { startOpenRouterFake } from './openrouter/fake';
import { startPerplexityFake } from './perplexity/fake';
import type { DemoProviders } from './registry';
import { SENDGRID_FAKE_KEY, startSendGridFake } from './sendgrid/fake';
import { startTwilioFake, TWILIO_FAKE_ACCOUNT_SID, TWILIO_FAKE_AUTH_TOKEN } from './twilio/fake';

export interface LlmDemoFakes {
  /** Base URL per provider, to hand to the gateway's BaseUrls in demo mode. */
  baseUrls: Record<LlmProviderId, string>;
  close(): Promise<void>;
}

/** Starts the four fakes on 127.0.0.1 (OS ports) with deterministic demo content and any key accepted. */
export async function startLlmDemoFakes(): Promise<LlmDemoFakes> {
  const fakes = await Promise.all([
    startOpenAIFake(),
    startAnthropicFake(),
    startPerplexityFake(),
    startOpenRouterFake(),
  ]);
  const [openai, anthropic, perplexity, openrouter] = fakes;
  return {
    baseUrls: {
      openai: openai.baseUrl,
      anthropic: anthropic.baseUrl,
      perplexity: perplexity.baseUrl,
      openrouter: openrouter.baseUrl,
    },
    close: async () => {
      await Promise.all(fakes.map((f) => f.close()));
    },
  };
}

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

const DEMO_LLM_KEY = 'demo-key-not-a-secret';

/** Starts every provider fake on 127.0.0.1 for demo mode. */
export async function startDemoProviders(): Promise<DemoProviders> {
  const [llm, media] = await Promise.all([startLlmDemoFakes(), startMediaDemoFakes()]);
  const urls: Record<string, string> = { ...llm.baseUrls, ...media.baseUrls };
  return {
    baseUrl: (provider, key) => urls[key ? `${provider}:${key}` : provider] ?? null,
    credential: (provider) =>
      provider in MEDIA_FAKE_CREDENTIALS
        ? MEDIA_FAKE_CREDENTIALS[provider as keyof typeof MEDIA_FAKE_CREDENTIALS]
        : { secret: DEMO_LLM_KEY },
    close: async () => {
      await Promise.all([llm.close(), media.close()]);
    },
  };
}
