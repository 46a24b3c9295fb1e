// One paid operation per provider (and the free status poll of a render), called the way the app calls them:
// the real clients over the real gateway and cost services, against the demo fakes.
import { join } from 'node:path';
import type { AppServices } from '../../../main/app';
import type { ProviderId } from '../../../main/gateway/types';
import { createMessage } from '../../../main/providers/anthropic/client';
import { matchPerson } from '../../../main/providers/apollo/client';
import { textToSpeech } from '../../../main/providers/elevenlabs/client';
import { search } from '../../../main/providers/exa/client';
import { generateVideoV3 } from '../../../main/providers/heygen/client';
import { createChatCompletion } from '../../../main/providers/openai/client';
import { createChatCompletion as openRouterChat } from '../../../main/providers/openrouter/client';
import { createSonarCompletion } from '../../../main/providers/perplexity/client';
import { sendMail } from '../../../main/providers/sendgrid/client';
import { sendSms } from '../../../main/providers/twilio/client';

export interface PaidOperation {
  provider: ProviderId;
  name: string;
  call(app: AppServices, i: number, dir: string): Promise<unknown>;
}

const target = (app: AppServices, p: ProviderId) => app.providers.target(p);

export const PAID_OPERATIONS: PaidOperation[] = [
  {
    provider: 'openai',
    name: 'chat completion',
    call: async (app, i) => {
      const t = await target(app, 'openai');
      return createChatCompletion(t.gateway, t.credential, {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `question ${i}` }],
        maxOutputTokens: 200,
      });
    },
  },
  {
    provider: 'anthropic',
    name: 'message',
    call: async (app, i) => {
      const t = await target(app, 'anthropic');
      return createMessage(t.gateway, t.credential, {
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: `question ${i}` }],
        maxTokens: 200,
      });
    },
  },
  {
    provider: 'perplexity',
    name: 'sonar completion',
    call: async (app, i) => {
      const t = await target(app, 'perplexity');
      return createSonarCompletion(t.gateway, t.credential, {
        model: 'sonar',
        prompt: `question ${i}`,
        maxTokens: 200,
      });
    },
  },
  {
    provider: 'openrouter',
    name: 'chat completion',
    call: async (app, i) => {
      const t = await target(app, 'openrouter');
      return openRouterChat(t.gateway, t.credential, {
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: `question ${i}` }],
        maxOutputTokens: 200,
      });
    },
  },
  {
    provider: 'elevenlabs',
    name: 'text to speech',
    call: async (app, i, dir) => {
      const t = await target(app, 'elevenlabs');
      return textToSpeech(t.gateway, t.credential, {
        voiceId: '21m00Tcm4TlvDq8ikWAM',
        text: `Line number ${i} of the script, spoken.`,
        modelId: 'eleven_multilingual_v2',
        outputPath: join(dir, `speech-${i}.mp3`),
      });
    },
  },
  {
    provider: 'heygen',
    name: 'v3 render submit',
    call: async (app, i) => {
      const t = await target(app, 'heygen');
      return generateVideoV3(t.gateway, t.credential, {
        type: 'avatar',
        avatar_id: 'Daisy-inskirt-20220818',
        script: `Take ${i}: a short line for the avatar to say.`,
        voice_id: '1bd001e7e50f421d891986aad5158bc8',
      });
    },
  },
  {
    provider: 'exa',
    name: 'search',
    call: async (app, i) => {
      const t = await target(app, 'exa');
      return search(t.gateway, t.credential, { query: `topic ${i}`, numResults: 5 });
    },
  },
  {
    provider: 'twilio',
    name: 'SMS',
    call: async (app, i) => {
      const t = await target(app, 'twilio');
      return sendSms(t.gateway, t.credential, { to: '+14155550100', from: '+14155550199', body: `Reminder ${i}` });
    },
  },
  {
    provider: 'sendgrid',
    name: 'mail send',
    call: async (app, i) => {
      const t = await target(app, 'sendgrid');
      return sendMail(t.gateway, t.credential, {
        personalizations: [{ to: [{ email: `fan${i}@example.com` }] }],
        from: { email: 'orders@example.com' },
        subject: `Episode ${i}`,
        content: [{ type: 'text/plain', value: 'New episode is out.' }],
      });
    },
  },
  {
    provider: 'apollo',
    name: 'people match',
    call: async (app, i) => {
      const t = await target(app, 'apollo');
      return matchPerson(t.gateway, t.credential, { first_name: 'Tim', last_name: `Zheng${i}`, domain: 'apollo.io' });
    },
  },
];
