// Binds the router to ipcMain. The sender frame is checked by the router's policy.
import { ipcMain, webContents as allWebContents, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../preload/ipc-channels';
import type { EventBus } from '../core/events';
import type { Router, Sender } from '../core/router';

function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return { kind: 'electron', frameUrl: frame?.url ?? '', isMainFrame: frame !== null && frame.parent === null };
}

export function bindIpc(router: Router, events: EventBus): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) =>
    router.dispatch(senderOf(event), typeof channel === 'string' ? channel : '', input),
  );
  events.subscribe((name, payload) => {
    for (const wc of allWebContents.getAllWebContents()) {
      if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
    }
  });
}
