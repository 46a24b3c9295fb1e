// Builds the real app services on a temporary data folder for in-process tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppServices } from '../../main/app';
import { silentLogger } from '../../main/core/logger';

export interface TestApp extends AppServices {
  dataDir: string;
  dispose(): Promise<void>;
}

export function createTestApp(opts: { mode?: 'electron' | 'web'; demo?: boolean } = {}): TestApp {
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-test-'));
  const app = createApp({
    dataDir,
    mode: opts.mode ?? 'web',
    demo: opts.demo ?? false,
    logger: silentLogger,
    isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
  });
  return {
    ...app,
    dataDir,
    async dispose() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
