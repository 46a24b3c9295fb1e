// Generated media (TTS audio, rendered videos) kept in the data folder's media/ directory and
// referenced by path + sha256. Rows are written by provider jobs once the file is complete on disk.
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join, relative, resolve, isAbsolute } from 'node:path';
import { z } from 'zod';
import { MEDIA_KINDS, type GeneratedMedia } from '../../preload/contract/content';
import { providerIdSchema, type IntegrationProvider } from '../../preload/contract/integrations';
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { flag, found, validated } from './rows';

interface MediaRow {
  id: string;
  kind: GeneratedMedia['kind'];
  mime: string;
  path: string;
  size_bytes: number;
  sha256: string;
  duration_seconds: number | null;
  content_id: string | null;
  script_id: string | null;
  job_id: string | null;
  provider: IntegrationProvider | null;
  remote_id: string | null;
  is_demo: number;
  created_at: string;
}

const toMedia = (r: MediaRow): GeneratedMedia => ({
  id: r.id,
  kind: r.kind,
  mime: r.mime,
  fileName: basename(r.path),
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  durationSeconds: r.duration_seconds,
  contentId: r.content_id,
  scriptId: r.script_id,
  jobId: r.job_id,
  provider: r.provider,
  remoteId: r.remote_id,
  demo: flag(r.is_demo),
  createdAt: r.created_at,
});

const newMediaSchema = z.object({
  kind: z.enum(MEDIA_KINDS),
  mime: z.string().regex(/^(audio|video|image)\/[\w.+-]+$/),
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  durationSeconds: z.number().nonnegative().nullable().default(null),
  contentId: z.string().nullable().default(null),
  scriptId: z.string().nullable().default(null),
  jobId: z.string().nullable().default(null),
  provider: providerIdSchema.nullable().default(null),
  remoteId: z.string().max(200).nullable().default(null),
  demo: z.boolean().default(false),
});
export type NewMedia = z.input<typeof newMediaSchema>;

export function createMediaStore(db: Db, dataDir: string, clock: Clock) {
  const dir = join(dataDir, 'media');
  const byId = db.prepare<[string], MediaRow>('SELECT * FROM generated_media WHERE id = ?');
  const get = (id: string) => toMedia(found(byId.get(id), 'media file', id));
  const insideMediaDir = (path: string) => {
    const rel = relative(dir, resolve(path));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };

  return {
    /** Where jobs write finished files (created on first use). */
    directory(): string {
      mkdirSync(dir, { recursive: true });
      return dir;
    },

    create(input: NewMedia): GeneratedMedia {
      const m = validated(newMediaSchema, input, 'Generated media');
      if (!insideMediaDir(m.path))
        throw new AppError('invalid_input', "Generated media must live in the data folder's media/ directory");
      let size: number;
      try {
        const st = statSync(m.path);
        if (!st.isFile()) throw new Error('not a regular file');
        size = st.size;
      } catch (e) {
        throw new AppError(
          'invalid_input',
          `Generated media file ${basename(m.path)} is not readable: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      const id = randomUUID();
      db.prepare(
        `INSERT INTO generated_media (id, kind, mime, path, size_bytes, sha256, duration_seconds, content_id, script_id, job_id, provider, remote_id, is_demo, created_at)
         VALUES (@id, @kind, @mime, @path, @size, @sha256, @durationSeconds, @contentId, @scriptId, @jobId, @provider, @remoteId, @demo, @now)`,
      ).run({ ...m, id, path: resolve(m.path), size, demo: m.demo ? 1 : 0, now: clock.now().toISOString() });
      return get(id);
    },

    get,

    /** Absolute path for streaming the file to the UI or a provider (main only, never sent over IPC). */
    pathOf(id: string): string {
      return found(byId.get(id), 'media file', id).path;
    },

    list(filter: { contentId?: string; scriptId?: string; kind?: GeneratedMedia['kind'] }): GeneratedMedia[] {
      const where: string[] = [];
      const args: string[] = [];
      for (const [column, value] of [
        ['content_id', filter.contentId],
        ['script_id', filter.scriptId],
        ['kind', filter.kind],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        args.push(value);
      }
      const sql = `SELECT * FROM generated_media ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC`;
      return db
        .prepare<string[], MediaRow>(sql)
        .all(...args)
        .map(toMedia);
    },

    async delete(id: string): Promise<boolean> {
      const row = byId.get(id);
      if (!row) return false;
      db.prepare('DELETE FROM generated_media WHERE id = ?').run(id);
      if (insideMediaDir(row.path)) await rm(row.path, { force: true });
      return true;
    },
  };
}

export type MediaStore = ReturnType<typeof createMediaStore>;
