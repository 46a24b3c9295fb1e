// The tray / menu-bar glance (Electron glue): renders main/tray/menu-model.ts and refreshes it when spend,
// budgets or jobs change. All numbers and wording come from the model.
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import type { NotificationTarget } from '../alerts/notifier';
import type { Logger } from '../core/logger';
import { buildMenuModel, type Dot, type GlanceSnapshot, type MenuItem, trayTitle } from '../tray/menu-model';

const DOT: Record<Dot, string> = { green: '🟢', amber: '🟡', red: '🔴', grey: '⚪' };
/** A 16x16 template-style dot; a packaged build can ship a proper icon next to the app's. */
const ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAOElEQVR4nGPQqLjDQAmmSDMhA/6jYaINQNeI1yBSNWMYQlUDiNWMYsgwM2DgY4EqCYkqSZm+uREAHbLroDKLkd4AAAAASUVORK5CYII=';

function toElectron(item: MenuItem, o: TrayOptions): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  if (item.kind === 'header') return { label: item.label, enabled: false };
  if (item.kind === 'quit') return { label: item.label, click: o.quit };
  return { label: `${item.dot ? `${DOT[item.dot]} ` : ''}${item.label}`, click: () => o.open(item.target) };
}

export interface TrayOptions {
  read: () => Promise<GlanceSnapshot>;
  open: (target: NotificationTarget) => void;
  quit: () => void;
  logger: Logger;
}

export function startTray(o: TrayOptions): { refresh(): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromDataURL(`data:image/png;base64,${ICON}`));
  let pending = false;
  const refresh = () => {
    if (pending) return;
    pending = true;
    o.read()
      .then((snapshot) => {
        const template = buildMenuModel(snapshot).map((item) => toElectron(item, o));
        tray.setContextMenu(Menu.buildFromTemplate(template));
        tray.setToolTip(trayTitle(snapshot));
        if (process.platform === 'darwin') tray.setTitle(trayTitle(snapshot));
      })
      .catch((e) => o.logger.warn(`tray: could not read the glance: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        pending = false;
      });
  };
  refresh();
  return { refresh, destroy: () => tray.destroy() };
}
