// Web mode's export download: GET /exports/<exportId> serves a finished export by id only, behind the same
// token/cookie and Host checks as everything else, as an attachment with the right type and exact bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger';
import { demoTargetOf, seedDemoData } from '../../../main/demo/seed';
import { SESSION_COOKIE, startWebServer, type WebServer } from '../../../main/web/server';
import type { ExportProgress } from '../../../preload/contract/export';
import { createTestApp, type TestApp } from '../../helpers/app';

const NOW = Date.parse('2026-11-23T12:00:00Z');
let app: TestApp;
let web: WebServer;

beforeAll(async () => {
  app = createTestApp();
  seedDemoData(demoTargetOf(app), { days: 20, now: NOW, callsPerDay: 50 });
  writeFileSync(join(app.dataDir, 'secret.txt'), 'outside the exports folder');
  web = await startWebServer({
    router: app.router,
    events: app.events,
    rendererDir: join(__dirname),
    logger: silentLogger,
    exports: (id) => app.exportFile(id),
  });
});
afterAll(async () => {
  await web.close();
  await app.dispose();
});

const get = (path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' | 'POST' = 'GET') =>
  request(`${web.origin}${path}`, { method, headers: { host: `127.0.0.1:${web.port}`, ...headers } });
const cookie = () => ({ cookie: `${SESSION_COOKIE}=${web.token}` });

async function finishedExport(format: 'csv' | 'jsonl'): Promise<ExportProgress> {
  let exportId = '';
  const done = new Promise<ExportProgress>((resolve) => {
    const off = app.events.subscribe((name, payload) => {
      const p = payload as ExportProgress;
      if (name === 'export.progress' && p.exportId === exportId && p.state !== 'running') {
        off();
        resolve(p);
      }
    });
  });
  const r = await app.router.dispatch({ kind: 'web', authenticated: true }, 'export.start', {
    kind: 'calls',
    format,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-23T00:00:00Z',
    timeZone: 'UTC',
  });
  if (!r.ok) throw new Error(r.error.message);
  exportId = (r.data as ExportProgress).exportId;
  return done;
}

describe('GET /exports/<exportId>', () => {
  it('downloads a finished CSV export as an attachment, byte for byte', async () => {
    const done = await finishedExport('csv');
    expect(done).toMatchObject({
      state: 'done',
      downloadUrl: `/exports/${done.exportId}`,
      fileName: 'aicon-calls-2026-11-01_2026-11-22.csv',
      revealable: false,
    });
    const r = await get(done.downloadUrl!, cookie());
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="${done.fileName}"; filename*=UTF-8''${done.fileName}`,
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const body = Buffer.from(await r.body.arrayBuffer());
    expect(body.equals(readFileSync(done.path!))).toBe(true);
    expect(Number(r.headers['content-length'])).toBe(body.length);
    expect(body.toString('utf8').trimEnd().split('\r\n').length - 1).toBe(done.rowsWritten);
  });

  it('serves JSONL as ndjson, and HEAD without a body', async () => {
    const done = await finishedExport('jsonl');
    const r = await get(done.downloadUrl!, { authorization: `Bearer ${web.token}` }, 'HEAD');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(await r.body.text()).toBe('');
  });

  it('requires the session token and our Host, like every other route', async () => {
    const done = await finishedExport('csv');
    const anonymous = await get(done.downloadUrl!);
    expect(anonymous.statusCode).toBe(401);
    expect(await anonymous.body.text()).not.toContain('cost_nanos');
    const wrongToken = await get(done.downloadUrl!, { cookie: `${SESSION_COOKIE}=nope` });
    expect(wrongToken.statusCode).toBe(401);
    const rebound = await request(`${web.origin}${done.downloadUrl!}`, {
      headers: { host: `evil.example:${web.port}`, ...cookie() },
    });
    expect(rebound.statusCode).toBe(421);
    expect((await get(done.downloadUrl!, cookie(), 'POST')).statusCode).toBe(405);
  });

  it('answers 404 for unknown ids, unfinished exports and anything path-like', async () => {
    for (const path of [
      '/exports/00000000-0000-4000-8000-000000000000',
      '/exports/',
      '/exports/..%2Fsecret.txt',
      '/exports/..%2F..%2Faicon.sqlite',
      '/exports/%2e%2e%2fsecret.txt',
      '/exports/%E0%A4%A',
    ]) {
      const r = await get(path, cookie());
      expect(r.statusCode, path).toBe(404);
      expect(await r.body.text(), path).not.toContain('outside the exports folder');
    }
    // A dot-segment is resolved by the URL parser before routing: it never reaches the exports route.
    const dotted = await get('/exports/../secret.txt', cookie());
    expect(await dotted.body.text()).not.toContain('outside the exports folder');
  });
});
