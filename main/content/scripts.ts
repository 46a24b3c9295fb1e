// Scripts with versions: every body change is a new version (by hand, or by a rewrite/generate job),
// so any two versions can be diffed and nothing a person wrote is ever overwritten.
import { randomUUID } from 'node:crypto';
import type { DiffLine, Script, ScriptVersion } from '../../preload/contract/content';
import type { IntegrationProvider } from '../../preload/contract/integrations';
import { AppError } from '../core/errors';
import { immediate, type Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { versionDiff } from './diff';
import { flag, found } from './rows';

interface ScriptRow {
  id: string;
  title: string;
  content_id: string | null;
  persona_id: string | null;
  current_version: number;
  body: string;
  created_at: string;
  updated_at: string;
}

interface VersionRow {
  script_id: string;
  version: number;
  body: string;
  note: string | null;
  origin: ScriptVersion['origin'];
  provider: IntegrationProvider | null;
  model: string | null;
  is_demo: number;
  job_id: string | null;
  created_at: string;
}

const toScript = (r: ScriptRow): Script => ({
  id: r.id,
  title: r.title,
  contentId: r.content_id,
  personaId: r.persona_id,
  currentVersion: r.current_version,
  body: r.body,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRow): ScriptVersion => ({
  scriptId: r.script_id,
  version: r.version,
  body: r.body,
  note: r.note,
  origin: r.origin,
  provider: r.provider,
  model: r.model,
  demo: flag(r.is_demo),
  jobId: r.job_id,
  createdAt: r.created_at,
});

export interface NewVersion {
  body: string;
  note?: string | null;
  origin?: ScriptVersion['origin'];
  provider?: IntegrationProvider | null;
  model?: string | null;
  demo?: boolean;
  jobId?: string | null;
}

export function createScriptStore(db: Db, clock: Clock) {
  const byId = db.prepare<[string], ScriptRow>(
    `SELECT s.*, v.body FROM scripts s JOIN script_versions v ON v.script_id = s.id AND v.version = s.current_version WHERE s.id = ?`,
  );
  const get = (id: string) => toScript(found(byId.get(id), 'script', id));
  const insertVersion = db.prepare(
    `INSERT INTO script_versions (script_id, version, body, note, origin, provider, model, is_demo, job_id, created_at)
     VALUES (@scriptId, @version, @body, @note, @origin, @provider, @model, @demo, @jobId, @now)`,
  );
  const writeVersion = (scriptId: string, version: number, v: NewVersion, now: string) =>
    insertVersion.run({
      scriptId,
      version,
      body: v.body,
      note: v.note ?? null,
      origin: v.origin ?? 'manual',
      provider: v.provider ?? null,
      model: v.model ?? null,
      demo: v.demo ? 1 : 0,
      jobId: v.jobId ?? null,
      now,
    });
  const requireRef = (table: 'content_pieces' | 'personas', id: string | null) => {
    if (id !== null && !db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id)) {
      throw new AppError('invalid_input', `No ${table === 'personas' ? 'persona' : 'content piece'} with id ${id}`);
    }
  };

  const store = {
    create(input: { title: string; contentId: string | null; personaId: string | null } & NewVersion): Script {
      requireRef('content_pieces', input.contentId);
      requireRef('personas', input.personaId);
      const id = randomUUID();
      const now = clock.now().toISOString();
      immediate(db, () => {
        db.prepare(
          'INSERT INTO scripts (id, title, content_id, persona_id, current_version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
        ).run(id, input.title, input.contentId, input.personaId, now, now);
        writeVersion(id, 1, input, now);
      });
      return get(id);
    },

    get,

    list(filter: { contentId?: string }): Script[] {
      const sql = `SELECT s.*, v.body FROM scripts s JOIN script_versions v ON v.script_id = s.id AND v.version = s.current_version
        ${filter.contentId ? 'WHERE s.content_id = ?' : ''} ORDER BY s.updated_at DESC`;
      return db
        .prepare<string[], ScriptRow>(sql)
        .all(...(filter.contentId ? [filter.contentId] : []))
        .map(toScript);
    },

    /** Adds a version when the body differs from the current one; returns the script either way. */
    addVersion(id: string, v: NewVersion): Script {
      immediate(db, () => {
        const current = get(id);
        if (current.body === v.body) return;
        const now = clock.now().toISOString();
        writeVersion(id, current.currentVersion + 1, v, now);
        db.prepare('UPDATE scripts SET current_version = ?, updated_at = ? WHERE id = ?').run(
          current.currentVersion + 1,
          now,
          id,
        );
      });
      return get(id);
    },

    /** A person's edit: a new title is a rename, a new body is a new version. */
    update(id: string, edit: { title?: string; body?: string; note: string | null }): Script {
      immediate(db, () => {
        get(id);
        if (edit.title !== undefined) {
          db.prepare('UPDATE scripts SET title = ?, updated_at = ? WHERE id = ?').run(
            edit.title,
            clock.now().toISOString(),
            id,
          );
        }
        if (edit.body !== undefined) store.addVersion(id, { body: edit.body, note: edit.note, origin: 'manual' });
      });
      return get(id);
    },

    versions(id: string): ScriptVersion[] {
      get(id);
      return db
        .prepare<[string], VersionRow>('SELECT * FROM script_versions WHERE script_id = ? ORDER BY version')
        .all(id)
        .map(toVersion);
    },

    diff(
      id: string,
      from: number,
      to: number,
    ): { from: number; to: number; added: number; removed: number; lines: DiffLine[] } {
      const body = (version: number) => {
        const row = db
          .prepare<[string, number], { body: string }>(
            'SELECT body FROM script_versions WHERE script_id = ? AND version = ?',
          )
          .get(id, version);
        if (!row) throw new AppError('not_found', `Script ${id} has no version ${version}`);
        return row.body;
      };
      return versionDiff(from, to, body(from), body(to));
    },

    delete(id: string): boolean {
      return db.prepare('DELETE FROM scripts WHERE id = ?').run(id).changes > 0;
    },
  };
  return store;
}

export type ScriptStore = ReturnType<typeof createScriptStore>;
