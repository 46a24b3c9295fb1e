// Electron entry: thin glue around the plain-Node services in main/app.ts.
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { createApp } from './app';
import { createConsoleLogger } from './core/logger';
import { demoTargetOf, seedDemoIfEmpty } from './demo/seed';
import { startDemoProviders } from './providers/registry';
import { isTrustedElectronSender } from './core/security';
import { electronExportFiles } from './electron/export-files';
import { bindIpc } from './electron/ipc';
import { electronSafeStorage } from './electron/safe-storage';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { createMainWindow, hardenWebContents } from './electron/window';

const logger = createConsoleLogger('aicon');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  void app.whenReady().then(async () => {
    let services: ReturnType<typeof createApp>;
    try {
      services = createApp({
        dataDir: process.env.AICON_DATA_DIR ?? app.getPath('userData'),
        mode: 'electron',
        demo: process.argv.includes('--demo'),
        logger,
        isTrustedSender: isTrustedElectronSender,
        safeStorage: electronSafeStorage(),
        exportFiles: electronExportFiles(() => mainWindow),
        moveAsideCorruptDb:
          process.argv.includes('--move-aside-corrupt-db') || process.env.AICON_MOVE_ASIDE_CORRUPT_DB === '1',
      });
    } catch (e) {
      // Another instance on this data folder, a damaged database, a full or read-only disk: say so and stop.
      dialog.showErrorBox('AICON Studio cannot start', e instanceof Error ? e.message : String(e));
      app.exit(1);
      return;
    }
    if (process.argv.includes('--demo')) services.providers.attachDemo(await startDemoProviders());
    if (process.argv.includes('--demo')) seedDemoIfEmpty(demoTargetOf(services));
    hardenWebContents();
    serveRenderer(join(__dirname, '../renderer'), (id) => services.mediaFile(id));
    bindIpc(services.router, services.events);
    mainWindow = createMainWindow(join(__dirname, '../preload/index.cjs'));
    // A taken port is shown on the Gateway screen (status.error), never fatal.
    void services.localGateway.apply();
    app.on('before-quit', () => void services.close());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0)
      mainWindow = createMainWindow(join(__dirname, '../preload/index.cjs'));
  });
}
