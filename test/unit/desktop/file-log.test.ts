import log from 'electron-log/node';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, LOG_MAX_BYTES, logFileIn } from '../../../main/core/file-log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('file logs (web mode through electron-log/node)', () => {
  it('writes <data>/logs/main.log with secrets redacted and errors with their stack', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicon-log-'));
    dirs.push(dataDir);
    const file = logFileIn(dataDir);
    const logger = fileLogger(log.create({ logId: `t-${Date.now()}` }), file, { console: false });
    logger.info('key check for sk-proj-abcdefghijklmnopqrstuvwxyz0123456789');
    logger.error('save failed', new Error('disk full'));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[info\]\s+key check for/);
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(text).toMatch(/\[error\]\s+save failed Error: disk full\n\s+at /);
  });

  it(`rotates to main.old.log past ${LOG_MAX_BYTES} bytes`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicon-log-'));
    dirs.push(dataDir);
    const file = logFileIn(dataDir);
    const instance = log.create({ logId: `rot-${Date.now()}` });
    const logger = fileLogger(instance, file, { console: false });
    instance.transports.file.maxSize = 2_000; // small, so the test writes little
    for (let i = 0; i < 60; i++) logger.info(`line ${i} ${'x'.repeat(60)}`);
    expect(existsSync(join(dataDir, 'logs', 'main.old.log'))).toBe(true);
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(2_000 + 200);
  });
});
