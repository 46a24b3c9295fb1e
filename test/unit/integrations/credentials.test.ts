import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/core/errors';
import { maskedSuffix, validateCredential } from '../../../main/integrations/credentials';
import type { CredentialInput, IntegrationProvider } from '../../../preload/contract/integrations';
import { KEYS } from './setup';

const apiKey = (key: string): CredentialInput => ({ kind: 'api_key', apiKey: key });

function rejection(provider: IntegrationProvider, input: CredentialInput): string {
  try {
    validateCredential(provider, input);
  } catch (e) {
    if (isAppError(e)) {
      expect(e.code).toBe('invalid_input');
      return e.message;
    }
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('validateCredential', () => {
  it('accepts well-formed keys for every API-key provider, trimming pasted whitespace', () => {
    const good: [IntegrationProvider, string][] = [
      ['openai', 'sk-proj-AbCdEf0123456789_abcdefgh'],
      ['anthropic', 'sk-ant-api03-AbCdEf0123456789-abc'],
      ['perplexity', 'pplx-0123456789abcdef0123456789abcdef'],
      ['openrouter', 'sk-or-v1-0123456789abcdef0123456789'],
      ['elevenlabs', 'sk_0123456789abcdef0123456789abcdef0123456789abcd'],
      ['elevenlabs', '0123456789abcdef0123456789abcdef'],
      ['heygen', 'NmQ0ZjY1YjQ5ZmYyNDk1MmIxOTVkNjE2Y2FmYjQ1ZjktMTcyMA=='],
      ['exa', '3f1c2b8e-5a4d-4c6e-9b7a-1d2e3f4a5b6c'],
      ['sendgrid', KEYS.sendgrid('abc')],
      ['apollo', 'AbCdEfGhIjKlMnOpQrStUv'],
    ];
    for (const [provider, key] of good) {
      const v = validateCredential(provider, apiKey(`  ${key}\n`));
      expect(v).toEqual({ authKind: 'api_key', credential: { secret: key }, accountId: null, keyId: null });
    }
  });

  it('rejects wrong prefixes, spaces, short keys and wrong credential kinds without echoing the value', () => {
    const cases: [IntegrationProvider, CredentialInput, RegExp][] = [
      ['openai', apiKey('pk-live-0123456789abcdefghijkl'), /sk-/],
      ['anthropic', apiKey('sk-proj-0123456789abcdefghijkl'), /sk-ant-/],
      ['openrouter', apiKey('sk-proj-0123456789abcdefghijkl'), /sk-or-/],
      ['perplexity', apiKey('0123456789abcdefghijklmnop'), /pplx-/],
      ['sendgrid', apiKey('SG.onlyonepart0123456789'), /SG\./],
      ['openai', apiKey('sk-proj-0123 456789abcdefghijkl'), /spaces/],
      ['apollo', apiKey('Ab12Cd34'), /too short/],
      [
        'openai',
        { kind: 'twilio_auth_token', accountSid: KEYS.twilioAccountSid, authToken: KEYS.twilioSecret('t') },
        /API key/,
      ],
      ['twilio', apiKey('sk-proj-0123456789abcdefghijkl'), /Account SID/],
    ];
    for (const [provider, input, hint] of cases) {
      const message = rejection(provider, input);
      expect(message).toMatch(hint);
      const secret =
        input.kind === 'api_key'
          ? input.apiKey
          : input.kind === 'twilio_auth_token'
            ? input.authToken
            : input.apiKeySecret;
      expect(message).not.toContain(secret.trim());
    }
  });

  it('builds Twilio credentials for auth tokens and API keys', () => {
    const token = KEYS.twilioSecret('authtoken');
    expect(
      validateCredential('twilio', { kind: 'twilio_auth_token', accountSid: KEYS.twilioAccountSid, authToken: token }),
    ).toEqual({
      authKind: 'twilio_auth_token',
      credential: { secret: token, accountId: KEYS.twilioAccountSid },
      accountId: KEYS.twilioAccountSid,
      keyId: null,
    });
    const secret = KEYS.twilioSecret('apisecret');
    expect(
      validateCredential('twilio', {
        kind: 'twilio_api_key',
        accountSid: KEYS.twilioAccountSid,
        apiKeySid: KEYS.twilioKeySid,
        apiKeySecret: secret,
      }),
    ).toEqual({
      authKind: 'twilio_api_key',
      credential: { secret, accountId: KEYS.twilioAccountSid, keyId: KEYS.twilioKeySid },
      accountId: KEYS.twilioAccountSid,
      keyId: KEYS.twilioKeySid,
    });
    expect(rejection('twilio', { kind: 'twilio_auth_token', accountSid: 'AC123', authToken: token })).toMatch(
      /Account SID/,
    );
    expect(
      rejection('twilio', {
        kind: 'twilio_api_key',
        accountSid: KEYS.twilioAccountSid,
        apiKeySid: KEYS.twilioAccountSid,
        apiKeySecret: secret,
      }),
    ).toMatch(/API key SID/);
  });

  it('masks to the last 4 characters, and shows nothing of short values', () => {
    expect(maskedSuffix('sk-proj-0123456789abcdef')).toBe('cdef');
    expect(maskedSuffix('short-secret')).toBe('');
  });
});
