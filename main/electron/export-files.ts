// Desktop export destinations: the native save dialog (modal to the app window) and "Show in folder".
// Electron glue: the exporter itself only sees ExportFileDialogs.
import { app, dialog, shell, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { ExportFileDialogs, ExportFormat } from '../export/destination';

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (comma-separated values)', extensions: ['csv'] },
  jsonl: { name: 'JSON Lines', extensions: ['jsonl'] },
};

export function electronExportFiles(window: () => BrowserWindow | null): ExportFileDialogs {
  return {
    async choosePath(defaultName, format) {
      const options: SaveDialogOptions = {
        title: 'Export',
        defaultPath: join(app.getPath('downloads'), defaultName),
        filters: [FILTERS[format], { name: 'All files', extensions: ['*'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    reveal: (path) => shell.showItemInFolder(path),
  };
}
