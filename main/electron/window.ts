// The main window and the app-wide deny-by-default handlers. Electron glue.
import { app, BrowserWindow, screen, session, shell } from 'electron';
import { initialBounds, MIN_SIZE, readWindowState, writeWindowState } from './window-state';
import { allowNavigation, allowPermission, APP_ORIGIN, decideWindowOpen, secureWebPreferences } from '../core/security';

export function hardenWebContents(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(allowPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
}

/** The main window, opened where it was last closed (stateFile) and remembering its bounds on close. */
export function createMainWindow(preloadPath: string, stateFile: string): BrowserWindow {
  const saved = readWindowState(stateFile);
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  const bounds = initialBounds(saved, [primary.workArea, ...others.map((d) => d.workArea)]);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'AICON Studio',
    show: false,
    webPreferences: secureWebPreferences(preloadPath, !app.isPackaged),
  });
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // A read-only data folder must not keep the window from closing.
    }
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
