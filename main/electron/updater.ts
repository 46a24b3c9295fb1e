// Auto-update from GitHub releases (electron-builder.yml `publish`). Only a packaged app checks: a dev
// run has no app-update.yml. Errors (offline, no release yet) are logged, never shown as a crash.
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from '../core/logger';

export function checkForUpdates(logger: Logger): void {
  if (!app.isPackaged) {
    logger.info('updates: not checked (development build)');
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = { info: logger.info, warn: logger.warn, error: (m: unknown) => logger.error(String(m)) };
  autoUpdater.checkForUpdatesAndNotify().catch((e: unknown) => logger.warn(`updates: check failed: ${String(e)}`));
}
