// Preload (sandboxed, bundled to one CJS file). Exposes named functions only: never ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from './api';
import { filesBridge } from './files';
import { isEventName, type Result } from './contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

const api = buildApi({
  invoke: (channel, input) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event ${event}`);
    // Strip the IpcRendererEvent (it carries `sender`) before anything reaches the page.
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

// files.register takes the dropped File (preload/files.ts), never a path from the page.
contextBridge.exposeInMainWorld('aicon', { ...api, files: filesBridge(api.files) });
