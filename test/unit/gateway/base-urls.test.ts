import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { baseUrlEnvName, createBaseUrls } from '../../../main/gateway/base-urls';

const descriptors = {
  heygen: { defaultBaseUrl: 'https://api.heygen.com', extraBaseUrls: { upload: 'https://upload.heygen.com/' } },
  openai: { defaultBaseUrl: 'https://api.openai.com/v1' },
};

describe('base URLs', () => {
  it('names env variables per provider and per extra host key', () => {
    expect(baseUrlEnvName('openai')).toBe('AICON_OPENAI_BASE_URL');
    expect(baseUrlEnvName('heygen', 'upload')).toBe('AICON_HEYGEN_UPLOAD_BASE_URL');
    expect(baseUrlEnvName('heygen', 'eu-upload')).toBe('AICON_HEYGEN_EU_UPLOAD_BASE_URL');
  });

  it('resolves settings, then env, then the descriptor default (trailing slash dropped)', () => {
    const settings: Record<string, string> = {};
    const env: Record<string, string> = {};
    const urls = createBaseUrls({ descriptors, env, settings: (p, k) => settings[`${p}/${k ?? ''}`] });
    expect(urls.resolve('openai')).toBe('https://api.openai.com/v1');
    expect(urls.resolve('heygen', 'upload')).toBe('https://upload.heygen.com');

    env.AICON_OPENAI_BASE_URL = 'http://127.0.0.1:5555/v1/';
    env.AICON_HEYGEN_UPLOAD_BASE_URL = 'http://127.0.0.1:6666';
    expect(urls.resolve('openai')).toBe('http://127.0.0.1:5555/v1');
    expect(urls.resolve('heygen', 'upload')).toBe('http://127.0.0.1:6666');
    expect(urls.resolve('heygen')).toBe('https://api.heygen.com');

    settings['openai/'] = 'https://eu.api.openai.com/v1';
    expect(urls.resolve('openai')).toBe('https://eu.api.openai.com/v1');
  });

  it('rejects malformed or credential-bearing overrides with a typed error naming the source', () => {
    const urls = createBaseUrls({
      descriptors,
      env: { AICON_OPENAI_BASE_URL: 'not a url', AICON_HEYGEN_BASE_URL: 'ftp://x' },
    });
    expect(() => urls.resolve('openai')).toThrowError(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('AICON_OPENAI_BASE_URL') }),
    );
    expect(() => urls.resolve('heygen')).toThrowError(AppError);
    const withCreds = createBaseUrls({ descriptors, env: {}, settings: () => 'https://user:pw@proxy.example' });
    expect(() => withCreds.resolve('openai')).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('fails with unavailable for an unknown provider or host key', () => {
    const urls = createBaseUrls({ descriptors, env: {} });
    expect(() => urls.resolve('exa')).toThrowError(expect.objectContaining({ code: 'unavailable' }));
    expect(() => urls.resolve('openai', 'upload')).toThrowError(expect.objectContaining({ code: 'unavailable' }));
  });
});
