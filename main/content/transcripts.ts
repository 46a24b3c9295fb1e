// A piece's transcript with versions, like scripts: every change (typed, transcribed, restored) is a new
// version and the piece's transcript is the newest one, so a transcription never silently replaces what a
// person typed — the earlier version stays, can be diffed and restored.
import type { TranscriptVersion } from '../../preload/contract/pieceMedia';
import { AppError } from '../core/errors';
import { immediate, type Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { versionDiff } from './diff';
import type { PieceStore } from './pieces';

interface VersionRow {
  content_id: string;
  version: number;
  body: string;
  origin: TranscriptVersion['origin'];
  model: string | null;
  file_id: string | null;
  job_id: string | null;
  note: string | null;
  created_at: string;
}

const toVersion = (r: VersionRow): TranscriptVersion => ({
  contentId: r.content_id,
  version: r.version,
  body: r.body,
  origin: r.origin,
  model: r.model,
  fileId: r.file_id,
  jobId: r.job_id,
  note: r.note,
  createdAt: r.created_at,
});

export interface NewTranscript {
  body: string;
  origin: TranscriptVersion['origin'];
  model?: string | null;
  fileId?: string | null;
  jobId?: string | null;
  note?: string | null;
}

export function createTranscriptStore(db: Db, clock: Clock, pieces: PieceStore) {
  const insert = db.prepare(
    `INSERT INTO transcript_versions (content_id, version, body, origin, model, file_id, job_id, note, created_at)
     VALUES (@contentId, @version, @body, @origin, @model, @fileId, @jobId, @note, @now)`,
  );
  const rows = (contentId: string) =>
    db
      .prepare<[string], VersionRow>('SELECT * FROM transcript_versions WHERE content_id = ? ORDER BY version')
      .all(contentId);
  const write = (contentId: string, version: number, v: NewTranscript) =>
    insert.run({
      contentId,
      version,
      body: v.body,
      origin: v.origin,
      model: v.model ?? null,
      fileId: v.fileId ?? null,
      jobId: v.jobId ?? null,
      note: v.note ?? null,
      now: clock.now().toISOString(),
    });

  /** A transcript typed before versions were kept becomes version 1, so the first change keeps it. */
  const withBase = (contentId: string): VersionRow[] => {
    const existing = rows(contentId);
    const piece = pieces.get(contentId);
    if (existing.length === 0 && piece.transcript !== '') {
      write(contentId, 1, { body: piece.transcript, origin: 'manual' });
      return rows(contentId);
    }
    return existing;
  };

  const store = {
    versions(contentId: string): TranscriptVersion[] {
      return immediate(db, () => withBase(contentId)).map(toVersion);
    },

    /** Adds a version when the body differs from the piece's transcript; returns the version now current. */
    add(contentId: string, v: NewTranscript): TranscriptVersion | null {
      return immediate(db, () => {
        const existing = withBase(contentId);
        const last = existing.at(-1);
        if (pieces.get(contentId).transcript === v.body) return last ? toVersion(last) : null;
        const version = (last?.version ?? 0) + 1;
        write(contentId, version, v);
        pieces.update(contentId, { transcript: v.body });
        return toVersion(rows(contentId).at(-1) as VersionRow);
      });
    },

    diff(contentId: string, from: number, to: number) {
      const all = store.versions(contentId);
      const body = (version: number) => {
        const found = all.find((v) => v.version === version);
        if (!found) throw new AppError('not_found', `The transcript has no version ${version}`);
        return found.body;
      };
      return versionDiff(from, to, body(from), body(to));
    },

    restore(contentId: string, version: number) {
      const target = store.versions(contentId).find((v) => v.version === version);
      if (!target) throw new AppError('not_found', `The transcript has no version ${version}`);
      store.add(contentId, { body: target.body, origin: 'restore', note: `restored version ${version}` });
      return pieces.get(contentId);
    },
  };
  return store;
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;
