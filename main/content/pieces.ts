// Content pieces with full-text search (SQLite FTS5 over title, description, transcript and tags).
import { randomUUID } from 'node:crypto';
import type { ContentCreate, ContentPatch, ContentPiece, Platform } from '../../preload/contract/content';
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { flag, found, fromJson, uniqueTags } from './rows';

interface PieceRow {
  id: string;
  title: string;
  platform: Platform;
  url: string | null;
  description: string;
  transcript: string;
  tags: string;
  is_demo: number;
  source_file_id: string | null;
  created_at: string;
  updated_at: string;
}

const toPiece = (r: PieceRow): ContentPiece => ({
  id: r.id,
  title: r.title,
  platform: r.platform,
  url: r.url,
  description: r.description,
  transcript: r.transcript,
  tags: fromJson<string[]>(r.tags),
  demo: flag(r.is_demo),
  sourceFileId: r.source_file_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Turns what a person typed into a safe FTS5 query: each word becomes a quoted prefix term, all
 * must match. Operators and quotes typed by the user are dropped, so no input is a syntax error.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

export interface ListQuery {
  query?: string;
  platform?: Platform;
  tag?: string;
  demo?: boolean;
  limit: number;
  offset: number;
}

export interface PieceStore {
  /** `id` only for the demo seed, whose ledger rows name its pieces. */
  create(input: ContentCreate, opts?: { demo?: boolean; id?: string }): ContentPiece;
  get(id: string): ContentPiece;
  update(id: string, patch: ContentPatch): ContentPiece;
  delete(id: string): boolean;
  list(q: ListQuery): { items: ContentPiece[]; total: number };
}

export function createPieceStore(db: Db, clock: Clock): PieceStore {
  const byId = db.prepare<[string], PieceRow>('SELECT * FROM content_pieces WHERE id = ?');
  const get = (id: string) => toPiece(found(byId.get(id), 'content piece', id));

  const checkFile = (fileId: string | null | undefined) => {
    if (fileId == null) return;
    if (!db.prepare('SELECT 1 FROM files WHERE id = ?').get(fileId)) {
      throw new AppError('invalid_input', `No registered file with id ${fileId}`);
    }
  };

  return {
    create(input, { demo = false, id = randomUUID() } = {}) {
      checkFile(input.sourceFileId);
      const now = clock.now().toISOString();
      db.prepare(
        `INSERT INTO content_pieces (id, title, platform, url, description, transcript, tags, is_demo, source_file_id, created_at, updated_at)
         VALUES (@id, @title, @platform, @url, @description, @transcript, @tags, @demo, @sourceFileId, @now, @now)`,
      ).run({ ...input, id, tags: JSON.stringify(uniqueTags(input.tags)), demo: demo ? 1 : 0, now });
      return get(id);
    },

    get,

    update(id, patch) {
      const current = get(id);
      checkFile(patch.sourceFileId);
      const next = { ...current, ...patch };
      db.prepare(
        `UPDATE content_pieces SET title = @title, platform = @platform, url = @url, description = @description,
           transcript = @transcript, tags = @tags, source_file_id = @sourceFileId, updated_at = @now WHERE id = @id`,
      ).run({
        id,
        title: next.title,
        platform: next.platform,
        url: next.url,
        description: next.description,
        transcript: next.transcript,
        tags: JSON.stringify(uniqueTags(next.tags)),
        sourceFileId: next.sourceFileId,
        now: clock.now().toISOString(),
      });
      return get(id);
    },

    delete(id) {
      return db.prepare('DELETE FROM content_pieces WHERE id = ?').run(id).changes > 0;
    },

    list(q) {
      const where: string[] = [];
      const args: unknown[] = [];
      const match = q.query ? toFtsQuery(q.query) : null;
      if (match) {
        where.push('content_fts MATCH ?');
        args.push(match);
      }
      if (q.platform) {
        where.push('c.platform = ?');
        args.push(q.platform);
      }
      if (q.tag) {
        where.push('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE lower(json_each.value) = lower(?))');
        args.push(q.tag);
      }
      if (q.demo !== undefined) {
        where.push('c.is_demo = ?');
        args.push(q.demo ? 1 : 0);
      }
      const from = match ? 'content_fts JOIN content_pieces c ON c.seq = content_fts.rowid' : 'content_pieces c';
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // Best matches first when searching (lower bm25 = better), newest first otherwise.
      const order = match ? 'ORDER BY bm25(content_fts), c.updated_at DESC' : 'ORDER BY c.updated_at DESC, c.seq DESC';
      const rows = db
        .prepare<unknown[], PieceRow>(`SELECT c.* FROM ${from} ${filter} ${order} LIMIT ? OFFSET ?`)
        .all(...args, q.limit, q.offset);
      const { n } = db
        .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM ${from} ${filter}`)
        .get(...args) ?? { n: 0 };
      return { items: rows.map(toPiece), total: n };
    },
  };
}
