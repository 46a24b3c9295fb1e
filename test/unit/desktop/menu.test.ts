import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuItemSpec } from '../../../main/electron/menu-template';

const actions = { openDataFolder() {}, openLogs() {}, checkForUpdates() {} };
const roles = (items: MenuItemSpec[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
const labels = (items: MenuItemSpec[]) => items.map((i) => i.label ?? i.role);

describe('application menu template', () => {
  it('has the macOS app menu first and the usual roles (their shortcuts come with the roles)', () => {
    const t = appMenuTemplate({ platform: 'darwin', appName: 'AICON Studio', isDev: false, actions });
    expect(labels(t)).toEqual(['AICON Studio', 'File', 'Edit', 'View', 'Window', 'help']);
    const r = roles(t);
    for (const role of ['about', 'hide', 'quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload'])
      expect(r).toContain(role);
    for (const role of ['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'minimize', 'front'])
      expect(r).toContain(role);
  });

  it('puts Quit in File on Windows and Linux, with no app menu', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const t = appMenuTemplate({ platform, appName: 'AICON Studio', isDev: false, actions });
      expect(labels(t)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
      expect(roles(t[0]?.submenu ?? [])).toContain('quit');
      expect(roles(t)).not.toContain('services');
    }
  });

  it('offers developer tools only in development builds', () => {
    const packaged = appMenuTemplate({ platform: 'linux', appName: 'x', isDev: false, actions });
    const dev = appMenuTemplate({ platform: 'linux', appName: 'x', isDev: true, actions });
    expect(roles(packaged)).not.toContain('toggleDevTools');
    expect(roles(dev)).toContain('toggleDevTools');
  });

  it('wires the app items to the actions', () => {
    const called: string[] = [];
    const t = appMenuTemplate({
      platform: 'linux',
      appName: 'x',
      isDev: false,
      actions: {
        openDataFolder: () => called.push('data'),
        openLogs: () => called.push('logs'),
        checkForUpdates: () => called.push('updates'),
      },
    });
    const all = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    for (const label of ['Open Data Folder', 'Open Logs Folder', 'Check for Updates…'])
      all(t)
        .find((i) => i.label === label)
        ?.click?.();
    expect(called).toEqual(['data', 'logs', 'updates']);
  });
});
