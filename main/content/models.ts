// Voice models (ElevenLabs) and avatar models (HeyGen talking photos). A row exists from the moment
// a clone/upload job starts (pending) so a restart can find it; remoteId is the provider's id.
import { randomUUID } from 'node:crypto';
import type { AvatarModel, VoiceModel } from '../../preload/contract/content';
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { flag, found, fromJson } from './rows';

type Status = VoiceModel['status'];

interface ModelRow {
  id: string;
  name: string;
  provider: string;
  remote_id: string | null;
  status: Status;
  error_message: string | null;
  files: string;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface NewModel {
  name: string;
  remoteId: string | null;
  status: Status;
  fileIds?: string[];
  demo?: boolean;
}

export interface ModelStore<M> {
  create(input: NewModel): M;
  get(id: string): M;
  list(): M[];
  rename(id: string, name: string): M;
  /** Used by provider jobs: the remote id once known, and the outcome. */
  setStatus(id: string, update: { status: Status; remoteId?: string | null; errorMessage?: string | null }): M;
  delete(id: string): boolean;
}

function createModelStore<M>(
  db: Db,
  clock: Clock,
  spec: {
    table: 'voice_models' | 'avatar_models';
    filesColumn: 'sample_file_ids' | 'photo_file_ids';
    provider: string;
    what: string;
  },
  toModel: (base: Omit<ModelRow, 'files'>, fileIds: string[]) => M,
): ModelStore<M> {
  const select = `SELECT id, name, provider, remote_id, status, error_message, ${spec.filesColumn} AS files, is_demo, created_at, updated_at FROM ${spec.table}`;
  const byId = db.prepare<[string], ModelRow>(`${select} WHERE id = ?`);
  const map = ({ files, ...rest }: ModelRow) => toModel(rest, fromJson<string[]>(files));
  const get = (id: string) => map(found(byId.get(id), spec.what, id));
  const touch = (id: string) => {
    get(id);
    return clock.now().toISOString();
  };
  return {
    create(input) {
      const fileIds = input.fileIds ?? [];
      for (const f of fileIds) {
        if (!db.prepare('SELECT 1 FROM files WHERE id = ?').get(f))
          throw new AppError('invalid_input', `No registered file with id ${f}`);
      }
      const id = randomUUID();
      const now = clock.now().toISOString();
      db.prepare(
        `INSERT INTO ${spec.table} (id, name, provider, remote_id, status, ${spec.filesColumn}, is_demo, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        input.name,
        spec.provider,
        input.remoteId,
        input.status,
        JSON.stringify(fileIds),
        input.demo ? 1 : 0,
        now,
        now,
      );
      return get(id);
    },
    get,
    list() {
      return db.prepare<[], ModelRow>(`${select} ORDER BY created_at DESC`).all().map(map);
    },
    rename(id, name) {
      db.prepare(`UPDATE ${spec.table} SET name = ?, updated_at = ? WHERE id = ?`).run(name, touch(id), id);
      return get(id);
    },
    setStatus(id, update) {
      const now = touch(id);
      db.prepare(
        `UPDATE ${spec.table} SET status = @status, remote_id = CASE WHEN @setRemote THEN @remoteId ELSE remote_id END,
           error_message = @errorMessage, updated_at = @now WHERE id = @id`,
      ).run({
        id,
        status: update.status,
        setRemote: update.remoteId === undefined ? 0 : 1,
        remoteId: update.remoteId ?? null,
        errorMessage: update.errorMessage ?? null,
        now,
      });
      return get(id);
    },
    delete(id) {
      return db.prepare(`DELETE FROM ${spec.table} WHERE id = ?`).run(id).changes > 0;
    },
  };
}

const base = (r: Omit<ModelRow, 'files'>) => ({
  id: r.id,
  name: r.name,
  remoteId: r.remote_id,
  status: r.status,
  errorMessage: r.error_message,
  demo: flag(r.is_demo),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const createVoiceStore = (db: Db, clock: Clock): ModelStore<VoiceModel> =>
  createModelStore(
    db,
    clock,
    { table: 'voice_models', filesColumn: 'sample_file_ids', provider: 'elevenlabs', what: 'voice model' },
    (r, fileIds) => ({
      ...base(r),
      provider: 'elevenlabs',
      sampleFileIds: fileIds,
    }),
  );

export const createAvatarStore = (db: Db, clock: Clock): ModelStore<AvatarModel> =>
  createModelStore(
    db,
    clock,
    { table: 'avatar_models', filesColumn: 'photo_file_ids', provider: 'heygen', what: 'avatar model' },
    (r, fileIds) => ({
      ...base(r),
      provider: 'heygen',
      photoFileIds: fileIds,
    }),
  );
