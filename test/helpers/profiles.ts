// The profile manager on a temporary data folder (real + demo profiles) for in-process and e2e tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../main/core/logger';
import { demoTargetOf, seedDemoIfEmpty } from '../../main/demo/seed';
import { ProfileManager } from '../../main/profiles/manager';
import { InMemorySecretStore } from '../../main/vault/memory-store';
import type { TestApp } from './app';

export interface TestProfiles {
  manager: ProfileManager;
  rootDir: string;
  /** The real profile's services, as a TestApp (disposing it disposes the manager). */
  real(): TestApp;
  dispose(): Promise<void>;
}

export async function createTestProfiles(
  startIn: 'real' | 'demo',
  opts: { demoDays?: number } = {},
): Promise<TestProfiles> {
  const rootDir = mkdtempSync(join(tmpdir(), 'aicon-profiles-'));
  const manager = await ProfileManager.open({
    rootDir,
    startIn,
    app: {
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
      // One vault for the whole run, like the OS keychain: keys survive a profile switch.
      secretStore: new InMemorySecretStore(),
      healthCheckIntervalMs: 0,
    },
    seedDemo: (app) => void seedDemoIfEmpty(demoTargetOf(app), { days: opts.demoDays ?? 30 }),
  });
  const dispose = async () => {
    await manager.close();
    rmSync(rootDir, { recursive: true, force: true });
  };
  return {
    manager,
    rootDir,
    real: () => Object.assign(Object.create(manager.realServices) as TestApp, { dataDir: rootDir, dispose }),
    dispose,
  };
}
