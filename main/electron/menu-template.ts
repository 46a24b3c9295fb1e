// The application menu as plain data (Electron's MenuItemConstructorOptions shape, without importing
// Electron), so it can be tested without Electron: the usual roles and shortcuts per platform, plus the
// app's own items (data folder, logs, check for updates).

export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuActions {
  openDataFolder(): void;
  openLogs(): void;
  checkForUpdates(): void;
}

const separator: MenuItemSpec = { type: 'separator' };

export function appMenuTemplate(opts: {
  platform: NodeJS.Platform;
  appName: string;
  isDev: boolean;
  actions: MenuActions;
}): MenuItemSpec[] {
  const mac = opts.platform === 'darwin';
  const { actions } = opts;
  const appMenu: MenuItemSpec = {
    label: opts.appName,
    submenu: [
      { role: 'about' },
      { label: 'Check for Updates…', click: actions.checkForUpdates },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  const fileMenu: MenuItemSpec = {
    label: 'File',
    submenu: [
      { label: 'Open Data Folder', click: actions.openDataFolder },
      { label: 'Open Logs Folder', click: actions.openLogs },
      separator,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const editMenu: MenuItemSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' }, { role: 'delete' }] : [{ role: 'delete' }]),
      separator,
      { role: 'selectAll' },
    ],
  };
  const viewMenu: MenuItemSpec = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      // Developer tools only in development builds; a packaged app keeps them closed.
      ...(opts.isDev ? [{ role: 'toggleDevTools' }] : []),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemSpec = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const helpMenu: MenuItemSpec = {
    role: 'help',
    submenu: mac
      ? [{ label: 'Open Logs Folder', click: actions.openLogs }]
      : [
          { label: 'Check for Updates…', click: actions.checkForUpdates },
          { label: 'Open Logs Folder', click: actions.openLogs },
          separator,
          { role: 'about' },
        ],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
