import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_RULES } from '../../../preload/contract/files';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { sweepPartialUploads } from '../../../main/files/upload';
import { startWebServer, type WebServer } from '../../../main/web/server';
import { createTestApp, type TestApp } from '../../helpers/app';
import { PNG, wavBytes } from './fixtures';

let app: TestApp;
let web: WebServer;

beforeAll(async () => {
  app = createTestApp({ mode: 'web' });
  const rendererDir = join(app.dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  web = await startWebServer({
    router: app.router,
    events: app.events,
    uploads: app.uploads,
    rendererDir,
    logger: silentLogger,
  });
});
afterAll(async () => {
  await web.close();
  app.dispose();
});

const uploads = () => (existsSync(app.files.uploadsDir) ? readdirSync(app.files.uploadsDir) : []);
const leftovers = () => uploads().filter((f) => f.endsWith('.part'));

function upload(query: string, body: Buffer | Readable, headers: Record<string, string> = {}) {
  return request(`${web.origin}/api/upload?${query}`, {
    method: 'POST',
    headers: {
      host: `127.0.0.1:${web.port}`,
      authorization: `Bearer ${web.token}`,
      'content-type': 'application/octet-stream',
      ...headers,
    },
    body,
  });
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('POST /api/upload (web mode)', () => {
  it('streams the bytes into uploads/, checks them like a dropped file and queues the checksum', async () => {
    const res = await upload('purpose=avatar_photo&name=me%20smiling.png', PNG);
    expect(res.statusCode).toBe(200);
    const { data } = (await res.body.json()) as { ok: true; data: { id: string; checksumJobId: string } };
    expect(data).toMatchObject({
      name: 'me smiling.png',
      kind: 'image',
      mime: 'image/png',
      origin: 'upload',
      size: PNG.length,
    });
    expect(uploads()).toContain(`${data.id}.png`);
    expect((await app.jobs.whenSettled(data.checksumJobId)).state).toBe('succeeded');
  });

  it('keeps every byte of an upload that arrives in many chunks (each released once written)', async () => {
    // 1.5 MB of a varying tone: many socket chunks, none alike.
    const body = wavBytes(750_000);
    for (let i = 44; i < body.length; i++) body[i] = (i * 31 + (i >> 9)) & 0xff;
    const res = await upload('purpose=transcription&name=long.wav', body);
    expect(res.statusCode).toBe(200);
    const { data } = (await res.body.json()) as { ok: true; data: { id: string; checksumJobId: string } };
    const stored = readFileSync(join(app.files.uploadsDir, `${data.id}.wav`));
    expect(stored.equals(body)).toBe(true);
    const job = await app.jobs.whenSettled(data.checksumJobId);
    expect(job.output).toMatchObject({ sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length });
  });

  it('needs the session token like every API call', async () => {
    const res = await request(`${web.origin}/api/upload?purpose=avatar_photo&name=a.png`, {
      method: 'POST',
      headers: { host: `127.0.0.1:${web.port}`, 'content-type': 'application/octet-stream' },
      body: PNG,
    });
    expect(res.statusCode).toBe(401);
    await res.body.text();
  });

  it('refuses a form post (no preflight-free cross-site uploads), an unknown purpose and a GET', async () => {
    const form = await upload('purpose=avatar_photo&name=a.png', PNG, {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(form.statusCode).toBe(415);
    await form.body.text();
    const purpose = await upload('purpose=everything&name=a.png', PNG);
    expect(purpose.statusCode).toBe(400);
    expect(await purpose.body.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/Unknown upload purpose/) },
    });
    const get = await request(`${web.origin}/api/upload`, {
      headers: { host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}` },
    });
    expect(get.statusCode).toBe(405);
    await get.body.text();
  });

  it('refuses a declared oversize upload before reading the body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${web.origin}/api/upload?purpose=voice_sample&name=huge.wav`, {
        method: 'POST',
        headers: {
          host: `127.0.0.1:${web.port}`,
          authorization: `Bearer ${web.token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(INTAKE_RULES.voice_sample.maxBytes + 1),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders(); // headers only: the server must answer without waiting for 10 MB
    });
    expect(status).toBe(413);
    expect(leftovers()).toEqual([]);
  });

  it('stops a chunked upload as soon as it passes the limit and leaves no temp file', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    wavBytes().copy(chunk);
    let sent = 0;
    const body = new Readable({
      read() {
        sent += chunk.length;
        this.push(sent > 30 * 1024 * 1024 ? null : chunk);
      },
    });
    const res = await upload('purpose=voice_sample&name=long.wav', body);
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toMatchObject({ ok: false, error: { details: { reason: 'too_large' } } });
    expect(sent).toBeLessThan(30 * 1024 * 1024);
    await waitFor(() => leftovers().length === 0, 'the temp file to be removed');
  });

  it('refuses bytes of the wrong type after upload and deletes them', async () => {
    const before = uploads();
    const res = await upload('purpose=voice_sample&name=song.wav', PNG);
    expect(res.statusCode).toBe(422);
    expect(await res.body.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { reason: 'wrong_type', detected: 'image/png' } },
    });
    const empty = await upload('purpose=voice_sample&name=nothing.wav', Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(await empty.body.json()).toMatchObject({ ok: false, error: { details: { reason: 'empty' } } });
    expect(uploads()).toEqual(before);
  });

  it('removes the partial file when the browser cancels mid-upload', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${web.origin}/api/upload?purpose=transcription&name=talk.wav`, {
        method: 'POST',
        headers: {
          host: `127.0.0.1:${web.port}`,
          authorization: `Bearer ${web.token}`,
          'content-type': 'application/octet-stream',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => undefined); // the cancel itself
      req.on('close', () => resolve());
      req.write(wavBytes(20_000));
      // Cancel once the server has started writing the temp file.
      void waitFor(() => leftovers().length === 1, 'the partial upload').then(() => req.destroy());
    });
    await waitFor(() => leftovers().length === 0, 'the partial upload to be deleted');
  });
});

describe('partial uploads left by a crash', () => {
  it('are deleted when the app next starts; finished uploads are kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicon-restart-'));
    const start = () => createApp({ dataDir, mode: 'web', logger: silentLogger, isTrustedSender: () => true });
    try {
      const first = start();
      mkdirSync(first.files.uploadsDir, { recursive: true });
      writeFileSync(join(first.files.uploadsDir, 'crashed.part'), 'half a file');
      writeFileSync(join(first.files.uploadsDir, 'kept.png'), PNG);
      await first.close();
      const second = start();
      expect(readdirSync(second.files.uploadsDir)).toEqual(['kept.png']);
      await second.close();
      expect(sweepPartialUploads(join(dataDir, 'no-such-folder'))).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
