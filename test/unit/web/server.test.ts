import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger';
import { SESSION_COOKIE, startWebServer, type WebServer } from '../../../main/web/server';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
let web: WebServer;

beforeAll(async () => {
  app = createTestApp();
  const rendererDir = join(app.dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(app.dataDir, 'secret.txt'), 'outside the renderer folder');
  const clip = join(app.dataDir, 'clip.wav');
  writeFileSync(clip, Buffer.from(Array.from({ length: 100 }, (_, i) => i)));
  web = await startWebServer({
    router: app.router,
    events: app.events,
    rendererDir,
    logger: silentLogger,
    media: (id) => (id === 'clip' ? { path: clip, mime: 'audio/wav' } : null),
  });
});
afterAll(async () => {
  await web.close();
  app.dispose();
});

const call = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  request(`${web.origin}${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: { host: `127.0.0.1:${web.port}`, ...init.headers },
    body: init.body,
  });

const authed = (): Record<string, string> => ({ authorization: `Bearer ${web.token}` });
const postJson = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('web mode server', () => {
  it('binds to loopback only with a long random token', () => {
    expect(web.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(web.token.length).toBeGreaterThanOrEqual(40);
    expect(web.launchUrl).toBe(`${web.origin}/?token=${web.token}`);
  });

  it('rejects requests without the token, static and API alike', async () => {
    expect((await call('/')).statusCode).toBe(401);
    const r = await call('/api/call/system.ping', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"echo":"x"}',
    });
    expect(r.statusCode).toBe(401);
    const wrong = await call('/api/call/system.ping', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.statusCode).toBe(401);
    expect((await call('/?token=wrong')).statusCode).toBe(401);
  });

  it('swaps the launch token for an HttpOnly SameSite=Strict cookie and strips it from the URL', async () => {
    const r = await call(`/?token=${web.token}`);
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe('/');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain(`${SESSION_COOKIE}=`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await call('/', { headers: { cookie: `${SESSION_COOKIE}=${web.token}` } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('<title>t</title>');
  });

  it('rejects a foreign Host header (DNS rebinding) even with the token', async () => {
    const r = await request(`${web.origin}/api/call/system.ping`, {
      method: 'POST',
      headers: {
        host: `evil.example:${web.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${web.token}`,
      },
      body: '{"echo":"x"}',
    });
    expect(r.statusCode).toBe(421);
  });

  it('rejects a foreign Origin even with the token', async () => {
    const r = await postJson('system.ping', { echo: 'x' }, { origin: 'https://evil.example' });
    expect(r.statusCode).toBe(403);
    const ok = await postJson('system.ping', { echo: 'x' }, { origin: web.origin });
    expect(ok.statusCode).toBe(200);
  });

  it('serves the strict CSP and hardening headers on every response', async () => {
    for (const r of [
      await call('/'),
      await call('/', { headers: authed() }),
      await postJson('system.ping', { echo: 'x' }),
    ]) {
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      await r.body.dump();
    }
  });

  it('routes calls through the real router with typed results', async () => {
    const ok = await postJson('system.status', {});
    const body = (await ok.body.json()) as { ok: boolean; data: { mode: string; database: { schemaVersion: number } } };
    expect(body.ok).toBe(true);
    expect(body.data.mode).toBe('web');
    expect(body.data.database.schemaVersion).toBeGreaterThan(0);
    const bad = (await (await postJson('system.ping', { echo: 7 })).body.json()) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = (await (await postJson('nope.nope', {})).body.json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('answers malformed JSON, wrong content type and oversized bodies with clear errors', async () => {
    const malformed = await call('/api/call/system.ping', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}` },
      body: '{nope',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await malformed.body.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const text = await call('/api/call/system.ping', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${web.token}` },
      body: 'x',
    });
    expect(text.statusCode).toBe(415);
    await text.body.dump();
    const huge = await postJson('system.ping', { echo: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    await huge.body.dump();
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const r = await call(path, { headers: authed() });
      const body = await r.body.text();
      expect(body).not.toContain('outside the renderer folder');
    }
    const js = await call('/assets/app.js', { headers: authed() });
    expect(js.headers['content-type']).toMatch(/javascript/);
    await js.body.dump();
  });

  it('answers /favicon.ico without an error', async () => {
    expect((await call('/favicon.ico')).statusCode).toBe(204);
  });

  it('streams generated media with byte ranges for seeking, behind the token', async () => {
    expect((await call('/media/clip')).statusCode).toBe(401);
    const full = await call('/media/clip', { headers: authed() });
    expect(full.statusCode).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect((await full.body.arrayBuffer()).byteLength).toBe(100);
    const part = await call('/media/clip', { headers: { ...authed(), range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/100');
    expect([...new Uint8Array(await part.body.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const bad = await call('/media/clip', { headers: { ...authed(), range: 'bytes=500-' } });
    expect(bad.statusCode).toBe(416);
    await bad.body.dump();
    const missing = await call('/media/nope', { headers: authed() });
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });
});
