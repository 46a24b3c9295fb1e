// Per-provider credential shapes: checked before any network call so a typo fails fast and locally.
// Lenient where formats vary (prefix + length + charset); messages never echo the value.
import type { AuthKind, CredentialInput, IntegrationProvider } from '../../preload/contract/integrations';
import { PROVIDER_DISPLAY_NAMES } from '../../preload/contract/integrations';
import { AppError } from '../core/errors';
import type { Credential } from '../gateway/types';

interface KeyRule {
  prefix?: string;
  pattern: RegExp;
  hint: string;
}

const TOKEN = /^[A-Za-z0-9_-]{16,}$/;
const PRINTABLE = /^[\x21-\x7e]{16,}$/;

const KEY_RULES: Record<Exclude<IntegrationProvider, 'twilio'>, KeyRule> = {
  openai: { prefix: 'sk-', pattern: PRINTABLE, hint: 'OpenAI keys start with "sk-"' },
  anthropic: { prefix: 'sk-ant-', pattern: PRINTABLE, hint: 'Anthropic keys start with "sk-ant-"' },
  perplexity: { prefix: 'pplx-', pattern: PRINTABLE, hint: 'Perplexity keys start with "pplx-"' },
  openrouter: { prefix: 'sk-or-', pattern: PRINTABLE, hint: 'OpenRouter keys start with "sk-or-"' },
  elevenlabs: {
    pattern: TOKEN,
    hint: 'ElevenLabs keys are letters, digits, "_" or "-" (e.g. "sk_…" or 32 hex characters)',
  },
  heygen: { pattern: PRINTABLE, hint: 'HeyGen keys are one word of at least 16 characters' },
  exa: { pattern: TOKEN, hint: 'Exa keys are letters, digits and "-" (usually a UUID)' },
  sendgrid: {
    prefix: 'SG.',
    pattern: /^SG\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/,
    hint: 'SendGrid keys look like "SG.<id>.<secret>"',
  },
  apollo: { pattern: TOKEN, hint: 'Apollo keys are letters, digits, "_" or "-"' },
};

const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const TWILIO_API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const TWILIO_SECRET = /^[A-Za-z0-9]{16,}$/;

/** A checked credential plus the metadata we keep about it (never the secret). */
export interface ValidCredential {
  authKind: AuthKind;
  credential: Credential;
  accountId: string | null;
  keyId: string | null;
}

const invalid = (message: string) => new AppError('invalid_input', message, { reason: 'bad_format' });

function checkKey(provider: IntegrationProvider, rule: KeyRule, key: string): void {
  const name = PROVIDER_DISPLAY_NAMES[provider];
  if (/\s/.test(key)) throw invalid(`The ${name} key contains spaces or line breaks; paste it again without them.`);
  if (key.length < 16) throw invalid(`The ${name} key is too short to be a real key.`);
  if (rule.prefix && !key.startsWith(rule.prefix))
    throw invalid(`This does not look like a ${name} key: ${rule.hint}.`);
  if (!rule.pattern.test(key)) throw invalid(`This does not look like a ${name} key: ${rule.hint}.`);
}

function checkTwilio(field: string, value: string, pattern: RegExp, hint: string): void {
  if (!pattern.test(value)) throw invalid(`Twilio ${field} is not valid: ${hint}.`);
}

export function validateCredential(provider: IntegrationProvider, input: CredentialInput): ValidCredential {
  if (provider !== 'twilio') {
    if (input.kind !== 'api_key') throw invalid(`${PROVIDER_DISPLAY_NAMES[provider]} takes an API key.`);
    const key = input.apiKey.trim();
    checkKey(provider, KEY_RULES[provider], key);
    return { authKind: 'api_key', credential: { secret: key }, accountId: null, keyId: null };
  }
  if (input.kind === 'api_key')
    throw invalid('Twilio needs an Account SID with an auth token, or an API key SID with its secret.');
  const accountSid = input.accountSid.trim();
  checkTwilio('Account SID', accountSid, TWILIO_ACCOUNT_SID, '"AC" followed by 32 hex characters');
  if (input.kind === 'twilio_auth_token') {
    const token = input.authToken.trim();
    checkTwilio('auth token', token, TWILIO_SECRET, 'letters and digits only, at least 16');
    return {
      authKind: 'twilio_auth_token',
      credential: { secret: token, accountId: accountSid },
      accountId: accountSid,
      keyId: null,
    };
  }
  const keySid = input.apiKeySid.trim();
  const keySecret = input.apiKeySecret.trim();
  checkTwilio('API key SID', keySid, TWILIO_API_KEY_SID, '"SK" followed by 32 hex characters');
  checkTwilio('API key secret', keySecret, TWILIO_SECRET, 'letters and digits only, at least 16');
  return {
    authKind: 'twilio_api_key',
    credential: { secret: keySecret, accountId: accountSid, keyId: keySid },
    accountId: accountSid,
    keyId: keySid,
  };
}

/** Last 4 characters; nothing for short values, where 4 characters would give away too much. */
export function maskedSuffix(secret: string): string {
  return secret.length >= 16 ? secret.slice(-4) : '';
}
