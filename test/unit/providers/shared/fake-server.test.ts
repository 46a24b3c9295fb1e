import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeServer, type FakeServer } from '../../../../main/providers/shared/fake-server';
import { sseEvents } from './sse-events';

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(): Promise<FakeServer> {
  server = await startFakeServer({
    routes: [
      {
        method: 'GET',
        path: '/json',
        handler: (_req, reply) => reply.json(200, { hello: 'world', list: [1, 2, 3, 4, 5, 6, 7, 8] }),
      },
      { method: 'GET', path: '/public', public: true, handler: (_req, reply) => reply.json(200, { ok: true }) },
      {
        method: 'POST',
        path: /^\/echo\/(\w+)$/,
        handler: (req, reply) => reply.json(200, { param: req.params[0], body: req.json(), seq: req.seq }),
      },
      {
        method: 'GET',
        path: '/stream',
        handler: async (_req, reply) => {
          const sse = reply.sse();
          await sse.comment('PROCESSING');
          for (let i = 1; i <= 3; i++) if (!(await sse.event({ n: i }, { event: 'tick' }))) return;
          await sse.event('[DONE]');
          sse.end();
        },
      },
    ],
    authorize: (req) => req.headers.authorization === 'Bearer good-key-123456',
    unauthorized: (_req, reply) => reply.json(401, { error: { message: 'bad key' } }),
  });
  return server;
}

const auth = { authorization: 'Bearer good-key-123456' };

describe('fake server toolkit', () => {
  it('binds 127.0.0.1 on an OS port, routes by method/path/RegExp and records redacted requests', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await request(`${s.url}/echo/abc`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(r.statusCode).toBe(200);
    expect(await r.body.json()).toEqual({ param: 'abc', body: { x: 1 }, seq: 1 });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({
      method: 'POST',
      path: '/echo/abc',
      bodyBytes: 7,
      bodyText: '{"x":1}',
      authorized: true,
      fault: null,
    });
    expect(s.requests[0]?.headers.authorization).toBe('[redacted]');
  });

  it('answers an unauthorized request with the configured body, except on public routes', async () => {
    const s = await start();
    const bad = await request(`${s.url}/json`, { headers: { authorization: 'Bearer wrong' } });
    expect(bad.statusCode).toBe(401);
    expect(await bad.body.json()).toEqual({ error: { message: 'bad key' } });
    const pub = await request(`${s.url}/public`);
    expect(pub.statusCode).toBe(200);
    await pub.body.dump();
    const missing = await request(`${s.url}/nope`, { headers: auth });
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it('injects a status fault with headers for a limited number of matching requests', async () => {
    const s = await start();
    s.inject(
      { type: 'status', status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '2' } },
      { path: '/json', times: 2 },
    );
    for (let i = 0; i < 2; i++) {
      const r = await request(`${s.url}/json`, { headers: auth });
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBe('2');
      expect(await r.body.json()).toEqual({ error: 'slow down' });
    }
    const ok = await request(`${s.url}/json`, { headers: auth });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
    expect(s.requests.map((r) => r.fault)).toEqual(['status', 'status', null]);
  });

  it('serves a raw non-JSON status body as given', async () => {
    const s = await start();
    s.inject({
      type: 'status',
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const r = await request(`${s.url}/json`, { headers: auth });
    expect(r.statusCode).toBe(502);
    expect(r.headers['content-type']).toBe('text/html');
    expect(await r.body.text()).toBe('<html>Bad gateway</html>');
  });

  it('corrupts a JSON body on malformed_json', async () => {
    const s = await start();
    s.inject({ type: 'malformed_json' });
    const r = await request(`${s.url}/json`, { headers: auth });
    expect(r.statusCode).toBe(200);
    const text = await r.body.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('truncates a JSON body mid-way (the client sees a premature close)', async () => {
    const s = await start();
    s.inject({ type: 'truncate' });
    const r = await request(`${s.url}/json`, { headers: auth });
    expect(r.statusCode).toBe(200);
    await expect(r.body.text()).rejects.toThrow();
  });

  it('truncates an SSE stream after N events', async () => {
    const s = await start();
    s.inject({ type: 'truncate', afterEvents: 2 });
    const r = await request(`${s.url}/stream`, { headers: auth });
    expect(r.headers['content-type']).toBe('text/event-stream');
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of r.body) text += String(chunk);
      })(),
    ).rejects.toThrow();
    expect(sseEvents(text).map((e) => e.data)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('streams SSE with comments and events, and malformed_json corrupts the first JSON event', async () => {
    const s = await start();
    const clean = await request(`${s.url}/stream`, { headers: auth });
    const cleanText = await clean.body.text();
    expect(cleanText.startsWith(': PROCESSING\n\n')).toBe(true);
    expect(sseEvents(cleanText)).toEqual([
      { event: 'tick', data: '{"n":1}', id: null },
      { event: 'tick', data: '{"n":2}', id: null },
      { event: 'tick', data: '{"n":3}', id: null },
      { event: null, data: '[DONE]', id: null },
    ]);
    s.inject({ type: 'malformed_json' });
    const bad = await request(`${s.url}/stream`, { headers: auth });
    const events = sseEvents(await bad.body.text());
    expect(() => JSON.parse(events[0]?.data ?? '')).toThrow();
    expect(events[1]?.data).toBe('{"n":2}');
  });

  it('hangs, stalls and resets so clients can exercise timeouts and connection errors', async () => {
    const s = await start();
    s.inject({ type: 'hang' });
    await expect(request(`${s.url}/json`, { headers: auth, headersTimeout: 100 })).rejects.toThrow(/timeout/i);
    s.inject({ type: 'stall', afterEvents: 1 });
    const stalled = await request(`${s.url}/stream`, { headers: auth, bodyTimeout: 100 });
    await expect(stalled.body.text()).rejects.toThrow(/timeout/i);
    s.inject({ type: 'reset' });
    await expect(request(`${s.url}/json`, { headers: auth })).rejects.toThrow();
  });

  it('delays a response by the given time', async () => {
    const s = await start();
    // undici's timeouts tick coarsely (~0.5 s), so the delay is made much longer than the timeout.
    s.inject({ type: 'delay', ms: 5000 });
    await expect(request(`${s.url}/json`, { headers: auth, headersTimeout: 200 })).rejects.toThrow(/timeout/i);
    s.inject({ type: 'delay', ms: 20 });
    const r = await request(`${s.url}/json`, { headers: auth });
    expect(r.statusCode).toBe(200);
    await r.body.dump();
  });
});
