import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { createTestApp, type TestApp } from '../../helpers/app';
import { PNG, wavBytes } from './fixtures';

const apps: TestApp[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function electronApp(): TestApp {
  const app = createTestApp({ mode: 'electron' });
  apps.push(app);
  return app;
}

function userFolder(): string {
  const d = mkdtempSync(join(tmpdir(), 'aicon-user-'));
  dirs.push(d);
  return d;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const webSender = { kind: 'web', authenticated: true } as const;

describe('files.register (Electron: a dropped file read in place)', () => {
  it('registers a sniffed file by opaque id, hides the path, and hashes it in a files.checksum job', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'take one.wav');
    writeFileSync(path, wavBytes(4000));
    const file = await app.router.call('files.register', { path, purpose: 'voice_sample' });
    expect(file).toMatchObject({
      name: 'take one.wav',
      size: wavBytes(4000).length,
      kind: 'audio',
      mime: 'audio/wav',
      ext: 'wav',
      purpose: 'voice_sample',
      origin: 'local',
    });
    expect(JSON.stringify(file)).not.toContain(path);
    const job = await app.jobs.whenSettled(file.checksumJobId!);
    expect(job).toMatchObject({
      kind: 'files.checksum',
      state: 'succeeded',
      progress: 1,
      output: { fileId: file.id, sha256: sha256(wavBytes(4000)), bytes: file.size },
    });
    expect((await app.router.call('files.get', { id: file.id })).sha256).toBe(sha256(wavBytes(4000)));
    expect((await app.router.call('files.list', { purpose: 'voice_sample' })).files.map((f) => f.id)).toEqual([
      file.id,
    ]);
    expect((await app.router.call('files.list', { purpose: 'avatar_photo' })).files).toEqual([]);
  });

  it('returns a typed refusal over IPC for a bad file', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'photo.wav');
    writeFileSync(path, PNG);
    const result = await app.router.dispatch(webSender, 'files.register', { path, purpose: 'voice_sample' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('is PNG (image/png)'),
        details: { reason: 'wrong_type', detected: 'image/png', accepted: expect.any(Array) },
      },
    });
    const dir = await app.router.dispatch(webSender, 'files.register', { path: userFolder(), purpose: 'voice_sample' });
    expect(dir).toMatchObject({ ok: false, error: { details: { reason: 'directory' } } });
  });

  it('is refused in web mode, where the page must upload bytes instead of naming a path', async () => {
    const app = createTestApp({ mode: 'web' });
    apps.push(app);
    const path = join(userFolder(), 'a.wav');
    writeFileSync(path, wavBytes());
    await expect(app.router.call('files.register', { path, purpose: 'voice_sample' })).rejects.toMatchObject({
      details: { reason: 'web_mode_upload_only' },
    });
    expect(app.files.list({ limit: 10 })).toEqual([]);
  });

  it('refuses to read a file that changed after it was registered (the checksum job fails clearly)', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'a.wav');
    writeFileSync(path, wavBytes());
    const file = await app.files.registerLocal(path, 'voice_sample');
    appendFileSync(path, Buffer.alloc(10));
    await expect(app.files.openVerified(file.id)).rejects.toMatchObject({
      details: { reason: 'changed' },
      message: expect.stringMatching(/changed or replaced/),
    });
  });

  it('the checksum job fails with the reason when the file changed', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'b.wav');
    writeFileSync(path, wavBytes());
    const file = await app.files.registerLocal(path, 'voice_sample');
    appendFileSync(path, Buffer.alloc(10));
    const job = app.jobs.enqueue({ kind: 'files.checksum', input: { fileId: file.id } });
    expect((await app.jobs.whenSettled(job.id)).error).toEqual({
      code: 'invalid_input',
      message: '"b.wav" was changed or replaced since it was added; drop it again',
    });
    expect(app.files.get(file.id).sha256).toBeNull();
  });

  it('remove forgets a local file without deleting it, and deletes an uploaded copy', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'keep.wav');
    writeFileSync(path, wavBytes());
    const local = await app.files.registerLocal(path, 'voice_sample');
    expect(await app.router.call('files.remove', { id: local.id })).toEqual({ removed: true });
    expect(existsSync(path)).toBe(true);
    expect(await app.router.call('files.remove', { id: local.id })).toEqual({ removed: false });

    mkdirSync(app.files.uploadsDir, { recursive: true });
    const temp = join(app.files.uploadsDir, 'incoming.part');
    writeFileSync(temp, PNG);
    const uploaded = await app.files.registerUpload(temp, 'avatar_photo', 'me.png');
    expect(uploaded).toMatchObject({ origin: 'upload', name: 'me.png', kind: 'image' });
    expect(readdirSync(app.files.uploadsDir)).toEqual([`${uploaded.id}.png`]);
    await app.files.remove(uploaded.id);
    expect(readdirSync(app.files.uploadsDir)).toEqual([]);
  });

  it('deletes a refused upload instead of keeping it', async () => {
    const app = electronApp();
    mkdirSync(app.files.uploadsDir, { recursive: true });
    const temp = join(app.files.uploadsDir, 'incoming.part');
    writeFileSync(temp, 'not an image');
    await expect(app.files.registerUpload(temp, 'avatar_photo', 'x.png')).rejects.toMatchObject({
      details: { reason: 'wrong_type' },
    });
    expect(existsSync(temp)).toBe(false);
  });

  it('keeps the id -> path registry across an app restart', async () => {
    const dataDir = userFolder();
    const path = join(userFolder(), 'voice.wav');
    writeFileSync(path, wavBytes());
    const make = () => createApp({ dataDir, mode: 'electron', logger: silentLogger, isTrustedSender: () => true });
    const first = make();
    const file = await first.router.call('files.register', { path, purpose: 'voice_sample' });
    await first.jobs.whenSettled(file.checksumJobId!);
    await first.close();
    const second = make();
    try {
      expect(second.files.get(file.id)).toMatchObject({ name: 'voice.wav', sha256: sha256(wavBytes()) });
      const { handle } = await second.files.openVerified(file.id);
      await handle.close();
    } finally {
      await second.close();
    }
  });
});

describe('jobs IPC over a real job', () => {
  it('lists, gets, and refuses to cancel or retry a finished job', async () => {
    const app = electronApp();
    const path = join(userFolder(), 'c.wav');
    writeFileSync(path, wavBytes());
    const file = await app.router.call('files.register', { path, purpose: 'transcription' });
    await app.jobs.whenSettled(file.checksumJobId!);
    const { jobs } = await app.router.call('jobs.list', { kind: 'files.checksum', states: ['succeeded'] });
    expect(jobs.map((j) => j.id)).toEqual([file.checksumJobId]);
    expect(await app.router.call('jobs.get', { id: file.checksumJobId! })).toMatchObject({
      state: 'succeeded',
      attempts: 1,
    });
    expect(await app.router.dispatch(webSender, 'jobs.cancel', { id: file.checksumJobId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await app.router.dispatch(webSender, 'jobs.retry', { id: file.checksumJobId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await app.router.dispatch(webSender, 'jobs.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await app.router.dispatch(webSender, 'jobs.list', { states: ['exploded'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
