// Files dropped for a piece, kept with it: the ids only (the files table belongs to main/files; the handler
// turns ids into registered files through the registry).
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';

export function createPieceFileStore(db: Db, clock: Clock) {
  return {
    /** Links a file to a piece (again is a no-op). */
    attach(contentId: string, fileId: string): void {
      db.prepare('INSERT OR IGNORE INTO piece_files (content_id, file_id, added_at) VALUES (?, ?, ?)').run(
        contentId,
        fileId,
        clock.now().toISOString(),
      );
    },
    detach(contentId: string, fileId: string): boolean {
      return (
        db.prepare('DELETE FROM piece_files WHERE content_id = ? AND file_id = ?').run(contentId, fileId).changes > 0
      );
    },
    /** Newest first. */
    fileIds(contentId: string): string[] {
      return db
        .prepare<[string], { file_id: string }>(
          'SELECT file_id FROM piece_files WHERE content_id = ? ORDER BY added_at DESC, rowid DESC',
        )
        .all(contentId)
        .map((r) => r.file_id);
    },
  };
}

export type PieceFileStore = ReturnType<typeof createPieceFileStore>;
