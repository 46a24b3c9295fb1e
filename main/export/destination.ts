// Where an export goes. Desktop: a file the user picks in a native save dialog (injected from
// main/electron/export-files.ts). Web mode: the data folder's exports/, fetched by id at /exports/<exportId>.
// The renderer never names a path either way.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { AppError } from '../core/errors';
import { localDayKey } from '../ledger/timezones';

export type ExportFormat = 'csv' | 'jsonl';

/** Desktop file dialogs; absent in web mode. */
export interface ExportFileDialogs {
  /** Asks where to save, suggesting `defaultName`; null when the user cancels. */
  choosePath(defaultName: string, format: ExportFormat): Promise<string | null>;
  /** Shows a finished export in the system file manager. */
  reveal(path: string): void;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** The web server's download route for a finished export (see main/web/server.ts). */
export const EXPORT_DOWNLOAD_PREFIX = '/exports/';
export const exportDownloadUrl = (exportId: string): string =>
  `${EXPORT_DOWNLOAD_PREFIX}${encodeURIComponent(exportId)}`;

/** e.g. aicon-calls-2026-11-01_2026-11-23.csv: first and last local day of [from, to). */
export function defaultExportName(req: {
  kind: string;
  format: ExportFormat;
  from: number;
  to: number;
  timeZone: string;
}): string {
  const first = localDayKey(req.timeZone, req.from);
  const last = localDayKey(req.timeZone, Math.max(req.from, req.to - 1));
  return `aicon-${req.kind}-${first}_${last}.${req.format}`;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'part of the path is not a folder',
  EISDIR: 'a folder already has that name',
};

/** A file system failure as a sentence a user can act on (no stack, no errno jargon). */
export function fileErrorMessage(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const reason = (code && REASONS[code]) ?? (e instanceof Error ? e.message : String(e));
  return `Cannot write ${path}: ${reason}. Choose another location.`;
}

/** Refuses a destination whose folder is missing, not a folder or not writable, before anything is written. */
export function assertWritableDestination(path: string): void {
  if (!isAbsolute(path)) throw new AppError('invalid_input', 'The export destination must be an absolute path');
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (e) {
    throw new AppError('unavailable', fileErrorMessage(e, path));
  }
}
