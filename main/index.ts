// Electron entry: thin glue around the plain-Node services (main/profiles/manager.ts -> main/app.ts).
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import type { NotificationTarget } from './alerts/notifier';
import { createConsoleLogger } from './core/logger';
import { isTrustedElectronSender } from './core/security';
import { electronExportFiles } from './electron/export-files';
import { bindIpc } from './electron/ipc';
import { electronNotifier } from './electron/notifier';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { electronSafeStorage } from './electron/safe-storage';
import { revealInFileManager } from './electron/shell';
import { startTray } from './electron/tray';
import { createMainWindow, hardenWebContents } from './electron/window';
import { ProfileManager } from './profiles/manager';

const logger = createConsoleLogger('aicon');
const TRAY_REFRESH_MS = 60_000;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;
  const preload = join(__dirname, '../preload/index.cjs');
  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(preload);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', () => {
    if (mainWindow) showWindow();
  });

  void app.whenReady().then(async () => {
    let open: (target: NotificationTarget) => void = () => {};
    let profiles: ProfileManager;
    try {
      profiles = await ProfileManager.open({
        rootDir: process.env.AICON_DATA_DIR ?? app.getPath('userData'),
        startIn: process.argv.includes('--demo') ? 'demo' : 'real',
        app: {
          mode: 'electron',
          logger,
          isTrustedSender: isTrustedElectronSender,
          safeStorage: electronSafeStorage(),
          exportFiles: electronExportFiles(() => mainWindow),
          notifier: electronNotifier((target) => open(target)),
          revealPath: revealInFileManager,
          moveAsideCorruptDb:
            process.argv.includes('--move-aside-corrupt-db') || process.env.AICON_MOVE_ASIDE_CORRUPT_DB === '1',
        },
      });
    } catch (e) {
      // Another instance on this data folder, a damaged database, a full or read-only disk: say so and stop.
      dialog.showErrorBox('AICON Studio cannot start', e instanceof Error ? e.message : String(e));
      app.exit(1);
      return;
    }
    open = (page) => {
      showWindow();
      profiles.events.emit('app.navigate', { page });
    };
    hardenWebContents();
    serveRenderer(join(__dirname, '../renderer'), profiles.mediaFile);
    bindIpc(profiles.router, profiles.events);
    mainWindow = createMainWindow(preload);
    const tray = startTray({ read: () => profiles.active.glance(), open, quit: () => app.quit(), logger });
    // Spend, budgets and jobs move the numbers; a timer catches the day and month turning over.
    profiles.events.subscribe((name) => {
      if (name === 'budget.alert' || name === 'job.progress') tray.refresh();
    });
    setInterval(tray.refresh, TRAY_REFRESH_MS).unref();
    app.on('before-quit', () => {
      tray.destroy();
      void profiles.close();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(preload);
  });
}
