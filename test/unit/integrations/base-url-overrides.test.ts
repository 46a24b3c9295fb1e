import { afterEach, describe, expect, it } from 'vitest';
import { createBaseUrls } from '../../../main/gateway/base-urls';
import { BaseUrlOverrides, baseUrlSettingsReader } from '../../../main/integrations/base-url-overrides';
import { createSettingsStore } from '../../../main/system/settings';
import { openTempDb, type TempDb } from './setup';

let t: TempDb;
afterEach(() => t?.dispose());

function make(env: Record<string, string> = {}) {
  t = openTempDb();
  const settings = createSettingsStore(t.db, () => new Date(0));
  const overrides = new BaseUrlOverrides({
    settings,
    env,
    defaultUrl: (p) => (p === 'openai' ? 'https://api.openai.com/v1' : null),
  });
  return { settings, overrides };
}

describe('BaseUrlOverrides', () => {
  it('resolves override > environment > default, and clears back', () => {
    const { overrides } = make({ AICON_OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1' });
    expect(overrides.entry('openai')).toEqual({
      provider: 'openai',
      override: null,
      fromEnv: 'http://127.0.0.1:9999/v1',
      defaultUrl: 'https://api.openai.com/v1',
      effective: 'http://127.0.0.1:9999/v1',
    });
    expect(overrides.set('openai', ' https://proxy.example.com/openai/v1/ ').effective).toBe(
      'https://proxy.example.com/openai/v1',
    );
    expect(overrides.set('openai', null)).toMatchObject({ override: null, effective: 'http://127.0.0.1:9999/v1' });
    expect(overrides.list().map((e) => e.provider)).toHaveLength(10);
  });

  it('rejects non-http(s) URLs, embedded credentials, queries and junk', () => {
    const { overrides } = make();
    for (const bad of [
      'ftp://example.com',
      'javascript:alert(1)',
      'https://user:sk-secret@example.com',
      'https://x.example/v1?key=abc',
      'not a url',
    ]) {
      expect(() => overrides.set('openai', bad)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    expect(overrides.entry('openai').override).toBeNull();
  });

  it('is what the gateway reads through createBaseUrls', () => {
    const { settings, overrides } = make();
    const urls = createBaseUrls({
      descriptors: { openai: { defaultBaseUrl: 'https://api.openai.com/v1' } },
      settings: baseUrlSettingsReader(settings),
      env: {},
    });
    expect(urls.resolve('openai')).toBe('https://api.openai.com/v1');
    overrides.set('openai', 'http://127.0.0.1:8080/v1');
    expect(urls.resolve('openai')).toBe('http://127.0.0.1:8080/v1');
  });
});
