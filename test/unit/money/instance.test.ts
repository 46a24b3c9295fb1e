// One app per data folder: a second start on the same folder refuses, naming who holds it; a job's paid,
// non-idempotent step is sent at most once (its key is taken with the write-ahead row).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { AlreadySentError } from '../../../main/ledger/ledger';
import { refusal } from '../../helpers/app-error';

const open = (dataDir: string, mode: 'web' | 'electron' = 'web'): AppServices =>
  createApp({
    dataDir,
    mode,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    reconcileIntervalMs: 0,
  });

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'aicon-instance-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('one instance per data folder', () => {
  it('refuses a second start on the same folder, naming the holder, and allows one after the first closes', async () => {
    const dir = tempDir();
    const first = open(dir, 'electron');
    const e = refusal(() => open(dir));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain(`process ${process.pid} (electron mode`);
    expect(e.message).toContain(dir);
    await first.close();
    const again = open(dir);
    await again.close();
  });

  it('keeps the data folder private: folder 0700, database files 0600', async () => {
    const dir = tempDir();
    const app = open(dir);
    const { statSync, readdirSync } = await import('node:fs');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir).filter((n) => n.startsWith('aicon.')))
      expect([f, statSync(join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
    await app.close();
  });
});

describe('a job step sent at most once', () => {
  it('refuses a second write-ahead row under the same key, and frees it when the provider refused the first', async () => {
    const dir = tempDir();
    const app = open(dir);
    const row = {
      callId: 'c1',
      attempt: 1,
      ts: Date.now(),
      provider: 'heygen' as const,
      operation: 'video_generation',
      endpoint: 'video.generate',
      method: 'POST',
      model: 'photo_avatar',
      status: null,
      latencyMs: 0,
      requestBytes: null,
      responseBytes: 0,
      errorCode: null,
      units: { seconds: 30 },
      costNanos: 500_000_000,
      costSource: 'estimated' as const,
      priceVersion: null,
      providerRequestId: null,
      integrationId: null,
      jobId: 'job-1',
      contentId: null,
      meta: null,
    };
    const id = app.cost.ledger.beginAttempt(row, 'job-1:video.generate');
    expect(() => app.cost.ledger.beginAttempt({ ...row, callId: 'c2' }, 'job-1:video.generate')).toThrow(
      AlreadySentError,
    );
    // A 4xx: provably not accepted, so the job may send it again.
    app.cost.ledger.completeAttempt(
      id,
      { ...row, status: 400, errorCode: 'bad_request', costNanos: 0, costSource: 'computed' },
      'job-1:video.generate',
    );
    expect(() => app.cost.ledger.beginAttempt({ ...row, callId: 'c3' }, 'job-1:video.generate')).not.toThrow();
    await app.close();
  });
});
