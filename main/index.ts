// Electron entry: thin glue around the plain-Node services (main/profiles/manager.ts -> main/app.ts).
import { app, BrowserWindow, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import log from 'electron-log/main';
import { dirname, join } from 'node:path';
import type { NotificationTarget } from './alerts/notifier';
import { onRendererGone } from './core/crash-policy';
import { fileLogger, logFileIn } from './core/file-log';
import { isTrustedElectronSender } from './core/security';
import { createQuitGuard } from './core/shutdown';
import { electronExportFiles } from './electron/export-files';
import { bindIpc } from './electron/ipc';
import { appMenuTemplate } from './electron/menu-template';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { electronNotifier } from './electron/notifier';
import { electronSafeStorage } from './electron/safe-storage';
import { openInBrowser, revealInFileManager, showInFolder } from './electron/shell';
import { startTray } from './electron/tray';
import { checkForUpdates } from './electron/updater';
import { createMainWindow, hardenWebContents } from './electron/window';
import { ProfileManager } from './profiles/manager';

const dataDir = process.env.AICON_DATA_DIR ?? app.getPath('userData');
const logFile = logFileIn(dataDir);
const logger = fileLogger(log, logFile);
const TRAY_REFRESH_MS = 60_000;
// Errors nobody awaited are logged with their stack instead of vanishing (or killing main without a trace).
process.on('uncaughtException', (e) => logger.error('uncaught exception in main', e));
process.on('unhandledRejection', (e) => logger.error('unhandled promise rejection in main', e));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;
  const preload = join(__dirname, '../preload/index.cjs');
  const windowState = join(dataDir, 'window-state.json');
  const openWindow = () => {
    mainWindow = createMainWindow(preload, windowState);
    return mainWindow;
  };
  /** Brings the window back (a clicked notification or tray item), opening one if it was closed. */
  const showWindow = () => {
    const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // A dead renderer is reloaded with a notice (unless it keeps dying); the services in main keep running.
  const reloads: number[] = [];
  app.on('render-process-gone', (_event, contents, details) => {
    logger.error(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    const decision = onRendererGone(details, reloads, Date.now());
    if (decision.action === 'ignore') return;
    const win = BrowserWindow.fromWebContents(contents);
    if (decision.action === 'reload') {
      reloads.push(Date.now());
      contents.reload();
    }
    const notice = { type: 'warning' as const, title: 'AICON Studio', message: decision.notice };
    void (win ? dialog.showMessageBox(win, notice) : dialog.showMessageBox(notice));
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit')
      logger.warn(`${details.type} process gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  void app.whenReady().then(async () => {
    let open: (target: NotificationTarget) => void = () => {};
    let profiles: ProfileManager;
    try {
      // --demo starts in the demo profile (<data folder>/profiles/demo); the real profile stays untouched.
      profiles = await ProfileManager.open({
        rootDir: dataDir,
        startIn: process.argv.includes('--demo') ? 'demo' : 'real',
        startLocalGateway: true,
        app: {
          mode: 'electron',
          logger,
          isTrustedSender: isTrustedElectronSender,
          safeStorage: electronSafeStorage(),
          exportFiles: electronExportFiles(() => mainWindow),
          notifier: electronNotifier((target) => open(target)),
          revealPath: revealInFileManager,
          openExternal: openInBrowser,
          showInFolder,
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
    const running = profiles;
    open = (page) => {
      showWindow();
      running.events.emit('app.navigate', { page });
    };
    const tray = startTray({ read: () => running.active.glance(), open, quit: () => app.quit(), logger });
    // Spend, budgets and jobs move the numbers; a timer catches the day and month turning over.
    running.events.subscribe((name) => {
      if (name === 'budget.alert' || name === 'job.progress') tray.refresh();
    });
    setInterval(tray.refresh, TRAY_REFRESH_MS).unref();
    // Quit waits for the services to close: the gateway's ledger write queue is flushed, then the database closed.
    app.on(
      'before-quit',
      createQuitGuard({
        close: async () => {
          tray.destroy();
          await running.close();
        },
        exit: (code) => app.exit(code),
        logger,
      }),
    );
    hardenWebContents();
    serveRenderer(join(__dirname, '../renderer'), running.mediaFile);
    bindIpc(running.router, running.events);
    const template = appMenuTemplate({
      platform: process.platform,
      appName: app.name,
      isDev: !app.isPackaged,
      actions: {
        openDataFolder: () => void shell.openPath(running.state().dataDir),
        openLogs: () => void shell.openPath(dirname(logFile)),
        checkForUpdates: () => checkForUpdates(logger),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
    openWindow();
    checkForUpdates(logger);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}
