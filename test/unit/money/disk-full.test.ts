// Disk full on a small tmpfs: writes fail with a named storage error (what happened, what to do), a paid call is
// not sent when its write-ahead row cannot be written, and nothing is half-written: once space is freed the
// database checks clean and holds exactly the writes that succeeded. Needs root to mount (CI runs as root).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { wavBytes } from '../files/fixtures';
import { PAID_OPERATIONS } from './providers';

const mountPoint = mkdtempSync(join(tmpdir(), 'aicon-tmpfs-'));
let mounted = false;
let why = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch (e) {
  why = `mounting a tmpfs is not permitted here (${String((e as Error).message).split('\n')[0]})`;
}

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmdirSync(mountPoint);
});

const sender = { kind: 'web', authenticated: true } as never;

/** Fills the file system with one file until it is full. */
function fill(dir: string): string {
  const file = join(dir, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let size = 0;
  try {
    for (;;) {
      writeFileSync(file, chunk, { flag: 'a' });
      size += chunk.length;
    }
  } catch {
    // ENOSPC: full.
  }
  expect(size).toBeGreaterThan(0);
  return file;
}

describe.skipIf(!mounted)(`disk full ${why}`, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = join(mountPoint, 'data');
  });

  it('answers named storage errors, sends nothing it could not ledger, and half-writes nothing', async () => {
    const app = createApp({
      dataDir,
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: () => true,
      healthCheckIntervalMs: 0,
      reconcileIntervalMs: 0,
    });
    app.providers.attachDemo({
      baseUrl: () => 'http://127.0.0.1:9/unreachable',
      credential: () => ({ secret: 'sk-disk-full-test-0123456789' }),
      close: async () => {},
    });
    const filler = fill(mountPoint);
    let ok = 0;
    let failure: unknown = null;
    for (let i = 0; i < 5_000 && failure === null; i++) {
      const r = await app.router.dispatch(sender, 'prices.createOverride', {
        provider: 'apollo',
        model: `m${i}`,
        unit: 'credits',
        usd: '0.01',
        per: 1,
        effectiveFrom: '2020-01-01T00:00:00Z',
        note: 'x'.repeat(400),
      });
      if (r.ok) ok++;
      else failure = r;
    }
    expect(failure).toMatchObject({ ok: false, error: { code: 'storage', details: { kind: 'disk_full' } } });
    expect((failure as { error: { message: string } }).error.message).toMatch(/disk .* is full/);
    // A paid call whose write-ahead row cannot be committed never leaves (the unreachable URL is never tried).
    const paid = await PAID_OPERATIONS[0]!.call(app, 1, dataDir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(paid).toMatchObject({ code: 'storage', details: { kind: 'disk_full' } });
    rmSync(filler);
    const check = app.db.pragma('integrity_check', { simple: true });
    expect(check).toBe('ok');
    expect(
      (app.db.prepare("SELECT COUNT(*) AS n FROM price_overrides WHERE provider = 'apollo'").get() as { n: number }).n,
    ).toBe(ok);
    expect((app.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n).toBe(0);
    await app.close();
  });

  it('refuses a web upload on a full disk with the named error, leaving no partial file or row', async () => {
    const uploadDataDir = join(mountPoint, 'uploads-data');
    const app = createApp({
      dataDir: uploadDataDir,
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: () => true,
      healthCheckIntervalMs: 0,
      reconcileIntervalMs: 0,
    });
    // A 2 MB voice sample, as the browser streams it to POST /api/upload.
    const sample = wavBytes(1_000_000);
    const upload = () => {
      const req = Object.assign(Readable.from([sample]), {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(sample.length) },
      }) as unknown as IncomingMessage;
      return app.uploads(req, new URLSearchParams({ purpose: 'voice_sample', name: 'me.wav' }));
    };
    const uploadsDir = join(uploadDataDir, 'uploads');
    const leftovers = () => (existsSync(uploadsDir) ? readdirSync(uploadsDir) : []);
    const files = () => (app.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;

    const filler = fill(mountPoint);
    const refused = await upload();
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'storage', details: { kind: 'disk_full' } } });
    expect(!refused.body.ok && refused.body.error.message).toMatch(/disk .* is full.*Free some space/);
    expect(leftovers()).toEqual([]);
    expect(files()).toBe(0);

    // Space freed: the same upload goes through whole.
    rmSync(filler);
    const accepted = await upload();
    expect(accepted.status).toBe(200);
    expect(leftovers().filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(files()).toBe(1);
    // The checksum job reads the file: let it finish before the mount goes.
    if (accepted.body.ok) await app.jobs.whenSettled(accepted.body.data.checksumJobId!);
    await app.close();
  });
});
