// What the local gateway refuses, and how: in the provider's own error shape with a status its SDK understands.
import { request } from 'node:http';
import OpenAI from 'openai';
import Exa from 'exa-js';
import { describe, expect, it } from 'vitest';
import { localGatewayFixture } from './harness';

const g = localGatewayFixture();

/** A raw loopback request (fetch cannot set Host or Origin freely). */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  const u = new URL(g.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const rowCount = () => g.rows().length;

describe('virtual keys', () => {
  it('a key over its hard daily budget is refused with the provider shape and 429 (OpenAI SDK: RateLimitError)', async () => {
    const { secret } = g.app.localGateway.mint({ name: 'tiny-budget', providers: ['openai'], budgetDayNanos: 1 });
    const client = new OpenAI({ apiKey: secret, baseURL: `${g.url}/openai/v1`, maxRetries: 0 });
    const before = rowCount();
    const err = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('aicon_budget_exceeded');
    expect(e.message).toMatch(/daily budget/);
    expect(e.headers.get('x-should-retry')).toBe('false');
    expect(rowCount()).toBe(before); // refused before anything was sent or billed
  });

  it('spend tagged with the key counts: once over budget, the next call is refused (exa-js sees its own error shape)', async () => {
    // Room for exactly one search's worst case (one request at Exa's list price): the first fits, and once its
    // cost is ledgered under the key, the second cannot.
    const worst = g.app.cost.pricer.price({
      provider: 'exa',
      model: 'search:auto',
      units: { requests: 1 },
      at: new Date(),
      endpoint: 'search',
      estimated: true,
    }).costNanos;
    expect(worst).toBeGreaterThan(0);
    const { secret } = g.app.localGateway.mint({
      name: 'exa-budget',
      providers: ['exa'],
      budgetMonthNanos: (worst ?? 0) + 1,
    });
    const exa = new Exa(secret, `${g.url}/exa`);
    const first = await exa.search('first search', { numResults: 1 });
    expect(first.results.length).toBeGreaterThan(0);
    const spent = g.app.localGateway.keysWithSpend().find((k) => k.name === 'exa-budget');
    expect(spent?.spentMonthNanos).toBeGreaterThan(1);
    expect(spent?.spentMonthNanos).toBeLessThanOrEqual((worst ?? 0) + 1);
    const err = (await exa.search('second search', { numResults: 1 }).catch((e: unknown) => e)) as Error & {
      statusCode?: number;
    };
    expect(err).toBeInstanceOf(Error);
    expect(err.statusCode).toBe(429);
    expect(err.message).toMatch(/monthly budget/);
    expect(g.rows("p.client = 'exa-budget'")).toHaveLength(1);
  });

  it('a revoked key fails with 401 (OpenAI SDK: AuthenticationError)', async () => {
    const { key, secret } = g.app.localGateway.mint({ name: 'revoked', providers: ['openai'] });
    g.app.localGateway.keys.revoke(key.id);
    const client = new OpenAI({ apiKey: secret, baseURL: `${g.url}/openai/v1`, maxRetries: 0 });
    const err = await client.models.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as Error).message).toMatch(/revoked/);
  });

  it('a key not allowed on a provider is refused with 403', async () => {
    const { secret } = g.app.localGateway.mint({ name: 'openai-only', providers: ['openai'] });
    const res = await raw('/anthropic/v1/models', { host: new URL(g.url).host, 'x-api-key': secret });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('a real provider key sent to the gateway is refused and never forwarded', async () => {
    const before = rowCount();
    const res = await raw('/openai/v1/models', {
      host: new URL(g.url).host,
      authorization: 'Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789',
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.message).toMatch(/real provider key/);
    expect(res.body).not.toContain('sk-proj-abcdef');
    expect(rowCount()).toBe(before);
  });
});

describe('pass-through', () => {
  it('an unknown path passes through and is ledgered unpriced with status and bytes, never $0', async () => {
    const boundary = 'aiconboundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nGateway voice\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n${'x'.repeat(4096)}\r\n--${boundary}--\r\n`;
    const res = await raw(
      '/elevenlabs/v1/voices/add',
      {
        host: new URL(g.url).host,
        'xi-api-key': g.secret,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(Buffer.byteLength(body)),
      },
      'POST',
      body,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).voice_id).toBeTruthy();
    const row = g.last('elevenlabs');
    expect(row.client).toBe(g.keyName);
    expect(row.operation).toBe('gateway');
    expect(row.endpoint).toBe('POST /v1/voices/add');
    expect(row.status).toBe(200);
    expect(row.request_bytes).toBe(Buffer.byteLength(body));
    expect(row.response_bytes).toBe(Buffer.byteLength(res.body));
    expect(row.cost_source).toBe('unpriced');
    expect(row.cost_nanos).toBeNull();
  });

  it('the provider error status and body reach the client unchanged', async () => {
    const res = await raw(
      '/openai/v1/chat/completions',
      { host: new URL(g.url).host, authorization: `Bearer ${g.secret}`, 'content-type': 'application/json' },
      'POST',
      JSON.stringify({ messages: [{ role: 'user', content: 'no model' }] }),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.param).toBe('model');
    const row = g.last('openai');
    expect(row.status).toBe(400);
    expect(row.error_code).toMatch(/^bad_request/);
  });
});

describe('loopback security', () => {
  it('a request carrying a browser Origin is refused', async () => {
    const before = rowCount();
    const res = await raw('/openai/v1/models', {
      host: new URL(g.url).host,
      origin: 'https://evil.example',
      authorization: `Bearer ${g.secret}`,
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/web page/);
    expect(rowCount()).toBe(before);
  });

  it('an allowed origin passes', async () => {
    await g.app.localGateway.update({ allowedOrigins: ['http://localhost:5173'] });
    const res = await raw('/openai/v1/models', {
      host: new URL(g.url).host,
      origin: 'http://localhost:5173',
      authorization: `Bearer ${g.secret}`,
    });
    expect(res.status).toBe(200);
    expect(g.last('openai').cost_source).toBe('computed'); // a free list: priced 0, not unpriced
    await g.app.localGateway.update({ allowedOrigins: [] });
  });

  it('a foreign Host header (DNS rebinding) is refused', async () => {
    const res = await raw('/openai/v1/models', { host: 'attacker.example:80', authorization: `Bearer ${g.secret}` });
    expect(res.status).toBe(421);
  });

  it('a taken port is reported clearly, not thrown', async () => {
    const port = Number(new URL(g.url).port);
    const { createApp } = await import('../../../main/app');
    const { silentLogger } = await import('../../../main/core/logger');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aicon-lgw-port-'));
    const other = createApp({
      dataDir: dir,
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: () => true,
      healthCheckIntervalMs: 0,
      gatewayPort: port,
    });
    try {
      const status = await other.localGateway.apply();
      expect(status.running).toBe(false);
      expect(status.error).toMatch(new RegExp(`Port ${port} .* already in use`));
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
