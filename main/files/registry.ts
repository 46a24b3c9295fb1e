// Registered files: opaque id -> path, kept in SQLite so jobs that use a file survive a restart.
// The renderer only ever sees the id; reads go through openVerified, which refuses a file that
// changed (size or mtime) since it was checked.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilePurpose, RegisteredFile } from '../../preload/contract/files';
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { FileIntakeError, intakeErrorFromFs } from './errors';
import { displayName, inspectFile } from './inspect';

interface FileRow {
  id: string;
  path: string;
  origin: 'local' | 'upload';
  name: string;
  purpose: FilePurpose;
  kind: RegisteredFile['kind'];
  mime: string;
  ext: string;
  size_bytes: number;
  mtime_ms: number;
  sha256: string | null;
  checksum_job_id: string | null;
  created_at: string;
}

const toFile = (r: FileRow): RegisteredFile => ({
  id: r.id,
  name: r.name,
  size: r.size_bytes,
  kind: r.kind,
  mime: r.mime,
  ext: r.ext,
  purpose: r.purpose,
  origin: r.origin,
  sha256: r.sha256,
  checksumJobId: r.checksum_job_id,
  createdAt: r.created_at,
});

const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface VerifiedFile {
  file: RegisteredFile;
  handle: FileHandle;
}

export interface FileRegistry {
  readonly uploadsDir: string;
  /** Electron: a file on the user's disk, read in place. */
  registerLocal(path: string, purpose: FilePurpose, name?: string): Promise<RegisteredFile>;
  /** Web mode: bytes already streamed to a temp file in uploadsDir; moved into place, or deleted on refusal. */
  registerUpload(tempPath: string, purpose: FilePurpose, name: string): Promise<RegisteredFile>;
  get(id: string): RegisteredFile;
  /** Where a registered file is (main only: previews are served from it), or null when unknown. */
  pathOf(id: string): string | null;
  list(filter: { purpose?: FilePurpose; limit: number }): RegisteredFile[];
  remove(id: string): Promise<boolean>;
  setChecksumJob(id: string, jobId: string): void;
  setSha256(id: string, sha256: string): void;
  /** Opens the file for reading after checking it is still the file that was registered. Close the handle. */
  openVerified(id: string): Promise<VerifiedFile>;
}

export function createFileRegistry(db: Db, dataDir: string, clock: Clock): FileRegistry {
  const uploadsDir = join(dataDir, 'uploads');
  const insert = db.prepare(`
    INSERT INTO files (id, path, origin, name, purpose, kind, mime, ext, size_bytes, mtime_ms, created_at)
    VALUES (@id, @path, @origin, @name, @purpose, @kind, @mime, @ext, @size, @mtimeMs, @createdAt)`);
  const byId = db.prepare<[string], FileRow>('SELECT * FROM files WHERE id = ?');

  const row = (id: string): FileRow => {
    const r = byId.get(id);
    if (!r) throw new AppError('not_found', `No registered file with id ${id}`);
    return r;
  };

  function store(
    id: string,
    path: string,
    origin: FileRow['origin'],
    name: string,
    purpose: FilePurpose,
    meta: Awaited<ReturnType<typeof inspectFile>>,
  ) {
    insert.run({
      id,
      path,
      origin,
      name,
      purpose,
      kind: meta.kind,
      mime: meta.mime,
      ext: meta.ext,
      size: meta.size,
      mtimeMs: meta.mtimeMs,
      createdAt: clock.now().toISOString(),
    });
    return toFile(row(id));
  }

  return {
    uploadsDir,

    async registerLocal(path, purpose, name = displayName(path)) {
      const meta = await inspectFile(path, purpose, name);
      return store(randomUUID(), meta.realPath, 'local', name, purpose, meta);
    },

    async registerUpload(tempPath, purpose, name) {
      let finalPath: string | null = null;
      try {
        const meta = await inspectFile(tempPath, purpose, name);
        const id = randomUUID();
        await mkdir(uploadsDir, { recursive: true });
        finalPath = join(uploadsDir, `${id}.${meta.ext}`);
        await rename(tempPath, finalPath);
        return store(id, finalPath, 'upload', name, purpose, { ...meta, realPath: finalPath });
      } catch (e) {
        // A row that could not be written (disk full) leaves no file behind either.
        await rm(tempPath, { force: true });
        if (finalPath !== null) await rm(finalPath, { force: true });
        throw e;
      }
    },

    get: (id) => toFile(row(id)),
    pathOf: (id) => byId.get(id)?.path ?? null,

    list({ purpose, limit }) {
      const rows = purpose
        ? db
            .prepare<[string, number], FileRow>(
              'SELECT * FROM files WHERE purpose = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
            )
            .all(purpose, limit)
        : db.prepare<[number], FileRow>('SELECT * FROM files ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit);
      return rows.map(toFile);
    },

    async remove(id) {
      const r = byId.get(id);
      if (!r) return false;
      db.prepare('DELETE FROM files WHERE id = ?').run(id);
      // Only our own copy is deleted; a local file belongs to the user.
      if (r.origin === 'upload') await rm(r.path, { force: true });
      return true;
    },

    setChecksumJob(id, jobId) {
      db.prepare('UPDATE files SET checksum_job_id = ? WHERE id = ?').run(jobId, id);
    },

    setSha256(id, sha256) {
      db.prepare('UPDATE files SET sha256 = ? WHERE id = ?').run(sha256, id);
    },

    async openVerified(id) {
      const r = row(id);
      let handle: FileHandle;
      try {
        handle = await open(r.path, READ_FLAGS);
      } catch (e) {
        throw intakeErrorFromFs(e, r.name);
      }
      const st = await handle.stat();
      if (!st.isFile() || st.size !== r.size_bytes || Math.trunc(st.mtimeMs) !== r.mtime_ms) {
        await handle.close();
        throw new FileIntakeError('changed', `"${r.name}" was changed or replaced since it was added; drop it again`);
      }
      return { file: toFile(r), handle };
    },
  };
}
