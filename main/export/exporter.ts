// Streams calls or daily summaries for a range to a file: read in keyset chunks (never the whole range in
// memory), written with backpressure to `<file>.part`, renamed when complete. Progress after every chunk.
// The file is one the user picks (desktop save dialog) or, in web mode, one in the data folder's exports/
// that the browser downloads by export id.
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import { nextTurn } from '../core/steps';
import type { ExportProgress } from '../../preload/contract/export';
import { toCallRow } from '../ledger/call-queries';
import { callRowPager, countCallsBetween } from '../ledger/reads';
import type { ProfileStore } from '../ledger/profiles';
import type { SummaryQueries } from '../ledger/summary';
import { assertTimeZone } from '../ledger/timezones';
import {
  assertWritableDestination,
  defaultExportName,
  EXPORT_CONTENT_TYPES,
  exportDownloadUrl,
  fileErrorMessage,
  type ExportFileDialogs,
} from './destination';
import { CALL_COLUMNS, callCells, csvLine, DAILY_COLUMNS, dailyCells } from './format';

/** Rows read, formatted and written per step (a few ms of work); the event loop gets a turn after each. */
export const EXPORT_CHUNK_ROWS = 500;
const MAX_TRACKED = 50;

export interface ExportRequest {
  kind: 'calls' | 'daily';
  format: 'csv' | 'jsonl';
  from: number;
  to: number;
  timeZone: string;
  /** Only one local-gateway client's calls (virtual key name; '' = the app's own). */
  client?: string;
}

export interface ExportDeps {
  db: Db;
  profiles: ProfileStore;
  summary: SummaryQueries;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes the export to `path` (via `path.part`); calls `onChunk(rowsWritten, totalRows)` as it goes. */
export async function writeExport(
  deps: ExportDeps,
  req: ExportRequest,
  path: string,
  onChunk: (written: number, total: number) => void = () => {},
): Promise<number> {
  const part = `${path}.part`;
  const out = createWriteStream(part, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([e]) => {
    throw e;
  });
  const run = async (): Promise<number> => {
    if (req.kind === 'daily') {
      const client = req.client === undefined ? {} : { client: req.client };
      const { byDay: days } = await deps.summary.summaryYielding({
        from: req.from,
        to: req.to,
        timeZone: req.timeZone,
        ...client,
      });
      if (req.format === 'csv') await write(out, csvLine(DAILY_COLUMNS));
      for (let i = 0; i < days.length; i += EXPORT_CHUNK_ROWS) {
        let text = '';
        for (const d of days.slice(i, i + EXPORT_CHUNK_ROWS))
          text += req.format === 'csv' ? csvLine(dailyCells(d)) : `${JSON.stringify(d)}\n`;
        await write(out, text);
        onChunk(Math.min(i + EXPORT_CHUNK_ROWS, days.length), days.length);
        await nextTurn();
      }
      return days.length;
    }
    // A client filter is a set of profiles.
    const ofClient =
      req.client === undefined
        ? null
        : deps.profiles
            .all()
            .filter((p) => (p.client ?? '') === req.client)
            .map((p) => p.id);
    const total = countCallsBetween(deps.db, req.from, req.to, ofClient);
    const page = callRowPager(deps.db, req.to, EXPORT_CHUNK_ROWS, ofClient);
    if (req.format === 'csv') await write(out, csvLine(CALL_COLUMNS));
    let written = 0;
    let key = { ts: req.from, id: 0 };
    for (;;) {
      const rows = page(key);
      if (rows.length === 0) break;
      let text = '';
      for (const r of rows) {
        const row = toCallRow(r, deps.profiles.get(r.profile_id));
        text += req.format === 'csv' ? csvLine(callCells(row)) : `${JSON.stringify(row)}\n`;
      }
      await write(out, text);
      written += rows.length;
      const last = rows.at(-1);
      if (last) key = { ts: last.ts, id: last.id };
      onChunk(written, Math.max(total, written));
      // Let other work (IPC, timers) run between chunks.
      await nextTurn();
    }
    return written;
  };
  try {
    const n = await Promise.race([run(), failed]);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    renameSync(part, path);
    return n;
  } catch (e) {
    out.destroy();
    rmSync(part, { force: true });
    // File system failures (folder gone, disk full, permission) become a sentence; anything else stays as is.
    throw typeof (e as NodeJS.ErrnoException).code === 'string'
      ? new AppError('unavailable', fileErrorMessage(e, path))
      : e;
  }
}

export interface ExportServiceDeps extends ExportDeps {
  dataDir: string;
  onProgress?: (p: ExportProgress) => void;
  /** Desktop: ask the user where to save. Without it (web mode) exports go to `<dataDir>/exports/` for download. */
  dialogs?: ExportFileDialogs;
}

export interface StartedExport {
  /** The first snapshot: `running`, or `cancelled` when the user closed the save dialog. */
  progress: ExportProgress;
  done: Promise<ExportProgress>;
}

/** Runs exports in the background, one file each, and reports progress. */
export class ExportService {
  private readonly jobs = new Map<string, ExportProgress>();
  readonly dir: string;

  constructor(private readonly deps: ExportServiceDeps) {
    this.dir = join(deps.dataDir, 'exports');
  }

  async start(req: ExportRequest): Promise<StartedExport> {
    if (!(req.to > req.from)) throw new AppError('invalid_input', 'The export range must end after it starts');
    assertTimeZone(req.timeZone);
    const exportId = randomUUID();
    const fileName = defaultExportName(req);
    const base = { exportId, kind: req.kind, format: req.format, rowsWritten: 0, totalRows: 0, error: null };
    let path: string;
    if (this.deps.dialogs) {
      const picked = await this.deps.dialogs.choosePath(fileName, req.format);
      if (picked === null) {
        const cancelled: ExportProgress = {
          ...base,
          fileName,
          path: null,
          state: 'cancelled',
          downloadUrl: null,
          revealable: false,
        };
        this.track(cancelled);
        return { progress: cancelled, done: Promise.resolve(cancelled) };
      }
      assertWritableDestination(picked);
      path = picked;
    } else {
      mkdirSync(this.dir, { recursive: true });
      // The id keeps two exports of the same range apart; the download is still offered as `fileName`.
      path = join(this.dir, fileName.replace(/(\.\w+)$/, `-${exportId.slice(0, 8)}$1`));
    }
    const progress: ExportProgress = {
      ...base,
      fileName: basename(path),
      path,
      state: 'running',
      downloadUrl: null,
      revealable: false,
    };
    this.track(progress);
    const update = (patch: Partial<ExportProgress>) => {
      const next = { ...(this.jobs.get(exportId) ?? progress), ...patch };
      this.jobs.set(exportId, next);
      this.deps.onProgress?.(next);
      return next;
    };
    const finished = this.deps.dialogs ? { revealable: true } : { downloadUrl: exportDownloadUrl(exportId), fileName };
    const done = writeExport(this.deps, req, path, (rowsWritten, totalRows) => update({ rowsWritten, totalRows })).then(
      (n) => update({ state: 'done', rowsWritten: n, totalRows: n, ...finished }),
      (e: unknown) => update({ state: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
    return { progress, done };
  }

  status(exportId: string): ExportProgress {
    const p = this.jobs.get(exportId);
    if (!p) throw new AppError('not_found', 'No such export');
    return p;
  }

  /** Web mode's download: a finished export in the data folder by id; null for anything else. */
  download(exportId: string): { path: string; fileName: string; contentType: string } | null {
    const p = this.jobs.get(exportId);
    if (p?.state !== 'done' || p.downloadUrl === null || p.path === null) return null;
    return { path: p.path, fileName: p.fileName, contentType: EXPORT_CONTENT_TYPES[p.format] };
  }

  /** Desktop: shows a finished export in the system file manager. */
  reveal(exportId: string): void {
    const p = this.status(exportId);
    if (!this.deps.dialogs || !p.revealable || p.path === null)
      throw new AppError('unavailable', 'This export cannot be shown in a folder');
    this.deps.dialogs.reveal(p.path);
  }

  private track(p: ExportProgress): void {
    this.jobs.set(p.exportId, p);
    // Keep the latest few: status is for the screen that started them, not an archive.
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_TRACKED) break;
      this.jobs.delete(id);
    }
  }
}
