// Persona profiles: how the creator sounds and for whom; used when scripts are rewritten or generated.
import { randomUUID } from 'node:crypto';
import type { Persona, PersonaCreate } from '../../preload/contract/content';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { found, fromJson } from './rows';

interface PersonaRow {
  id: string;
  name: string;
  voice: string;
  audience: string;
  dos: string;
  donts: string;
  sample_posts: string;
  created_at: string;
  updated_at: string;
}

const toPersona = (r: PersonaRow): Persona => ({
  id: r.id,
  name: r.name,
  voice: r.voice,
  audience: r.audience,
  dos: fromJson<string[]>(r.dos),
  donts: fromJson<string[]>(r.donts),
  samplePosts: fromJson<string[]>(r.sample_posts),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createPersonaStore(db: Db, clock: Clock) {
  const byId = db.prepare<[string], PersonaRow>('SELECT * FROM personas WHERE id = ?');
  const get = (id: string) => toPersona(found(byId.get(id), 'persona', id));
  const write = (id: string, p: Omit<Persona, 'id' | 'createdAt' | 'updatedAt'>, now: string, createdAt: string) =>
    db
      .prepare(
        `INSERT INTO personas (id, name, voice, audience, dos, donts, sample_posts, created_at, updated_at)
         VALUES (@id, @name, @voice, @audience, @dos, @donts, @samplePosts, @createdAt, @now)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, voice = excluded.voice, audience = excluded.audience,
           dos = excluded.dos, donts = excluded.donts, sample_posts = excluded.sample_posts, updated_at = excluded.updated_at`,
      )
      .run({
        id,
        name: p.name,
        voice: p.voice,
        audience: p.audience,
        dos: JSON.stringify(p.dos),
        donts: JSON.stringify(p.donts),
        samplePosts: JSON.stringify(p.samplePosts),
        createdAt,
        now,
      });
  return {
    create(input: PersonaCreate): Persona {
      const id = randomUUID();
      const now = clock.now().toISOString();
      write(id, input, now, now);
      return get(id);
    },
    get,
    list(): Persona[] {
      return db
        .prepare<[], PersonaRow>('SELECT * FROM personas ORDER BY name COLLATE NOCASE, created_at')
        .all()
        .map(toPersona);
    },
    update(id: string, patch: Partial<PersonaCreate>): Persona {
      const current = get(id);
      write(id, { ...current, ...patch }, clock.now().toISOString(), current.createdAt);
      return get(id);
    },
    delete(id: string): boolean {
      return db.prepare('DELETE FROM personas WHERE id = ?').run(id).changes > 0;
    },
  };
}

export type PersonaStore = ReturnType<typeof createPersonaStore>;
