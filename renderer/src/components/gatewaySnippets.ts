// Copy-ready set-up for each official SDK (and curl) pointed at the local gateway: base URL + a virtual key.
export interface Snippet {
  id: string;
  label: string;
  code: string;
}

export function gatewaySnippets(url: string, key = 'process.env.AICON_KEY'): Snippet[] {
  const quoted = key.startsWith('process.env') ? key : `'${key}'`;
  const shellKey = key.startsWith('process.env') ? '$AICON_KEY' : key;
  return [
    {
      id: 'openai',
      label: 'openai',
      code: `import OpenAI from 'openai';\nconst openai = new OpenAI({ apiKey: ${quoted}, baseURL: '${url}/openai/v1' });`,
    },
    {
      id: 'anthropic',
      label: '@anthropic-ai/sdk',
      code: `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic({ apiKey: ${quoted}, baseURL: '${url}/anthropic' });`,
    },
    {
      id: 'elevenlabs',
      label: 'ElevenLabs',
      code: `import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';\nconst elevenlabs = new ElevenLabsClient({ apiKey: ${quoted}, baseUrl: '${url}/elevenlabs' });`,
    },
    {
      id: 'exa',
      label: 'exa-js',
      code: `import Exa from 'exa-js';\nconst exa = new Exa(${quoted}, '${url}/exa');`,
    },
    {
      id: 'twilio',
      label: 'twilio',
      code: `import twilio from 'twilio';\nconst client = twilio(process.env.TWILIO_ACCOUNT_SID, ${quoted});\nclient.api.baseUrl = '${url}/twilio';`,
    },
    {
      id: 'sendgrid',
      label: '@sendgrid/mail',
      code: `import { Client } from '@sendgrid/client';\nimport sgMail from '@sendgrid/mail';\nconst client = new Client();\nclient.setApiKey(${quoted});\nclient.setDefaultRequest('baseUrl', '${url}/sendgrid');\nsgMail.setClient(client);`,
    },
    {
      id: 'curl',
      label: 'curl',
      code: `curl ${url}/openai/v1/chat/completions \\\n  -H "Authorization: Bearer ${shellKey}" -H "Content-Type: application/json" \\\n  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'`,
    },
  ];
}
