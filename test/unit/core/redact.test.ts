import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../main/core/redact';

describe('redactSecrets', () => {
  it.each([
    ['openai key', 'failed with sk-proj-abcdefghijklmnop1234 today'],
    ['anthropic key', 'key sk-ant-api03-AAAAAAAAAAAAAAAAAAAA'],
    ['openrouter key', 'sk-or-v1-0123456789abcdef0123'],
    ['perplexity key', 'pplx-0123456789abcdef0123'],
    ['sendgrid key', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz012'],
    ['bearer header', 'Authorization: Bearer abc.def.ghi-123456'],
    ['named value', '{"xi-api-key":"0123456789abcdef"}'],
  ])('removes a %s', (_name, text) => {
    const out = redactSecrets(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(
      /abcdefghijklmnop1234|AAAAAAAAAAAAAAAAAAAA|0123456789abcdef0123|abc\.def\.ghi|0123456789abcdef"/,
    );
  });
  it('leaves ordinary text alone', () => {
    const text = 'GET /v1/models 200 in 120 ms (model gpt-4.1-nano, 1234 tokens)';
    expect(redactSecrets(text)).toBe(text);
  });
});
