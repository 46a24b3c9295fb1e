// Persona profiles (voice, audience, do's and don'ts, sample posts) used when scripts are rewritten or
// generated. The form is checked against the contract's schema before sending; main checks again.
import { create } from 'zustand';
import { personaCreateSchema, type Persona, type PersonaCreate } from '../../../preload/contract/content';
import { api } from '../api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The persona form as typed: lists are one item per line, sample posts are separated by a line with "---". */
export interface PersonaDraft {
  name: string;
  voice: string;
  audience: string;
  dos: string;
  donts: string;
  samplePosts: string;
}

export type PersonaField = keyof PersonaDraft;

export const EMPTY_PERSONA_DRAFT: PersonaDraft = {
  name: '',
  voice: '',
  audience: '',
  dos: '',
  donts: '',
  samplePosts: '',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const posts = (text: string) =>
  text
    .split(/^\s*---\s*$/m)
    .map((p) => p.trim())
    .filter(Boolean);

export function draftOf(p: Persona): PersonaDraft {
  return {
    name: p.name,
    voice: p.voice,
    audience: p.audience,
    dos: p.dos.join('\n'),
    donts: p.donts.join('\n'),
    samplePosts: p.samplePosts.join('\n---\n'),
  };
}

/** The draft as the contract wants it, or the first problem with each field (by the same schema main uses). */
export function parseDraft(
  draft: PersonaDraft,
): { ok: true; value: PersonaCreate } | { ok: false; errors: Partial<Record<PersonaField, string>> } {
  const parsed = personaCreateSchema.safeParse({
    name: draft.name,
    voice: draft.voice,
    audience: draft.audience,
    dos: lines(draft.dos),
    donts: lines(draft.donts),
    samplePosts: posts(draft.samplePosts),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<PersonaField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as PersonaField | undefined;
    if (!field || errors[field]) continue;
    const item =
      typeof issue.path[1] === 'number' ? `${field === 'samplePosts' ? 'post' : 'line'} ${issue.path[1] + 1}: ` : '';
    errors[field] = `${item}${describe(issue)}`;
  }
  return { ok: false, errors };
}

function describe(issue: {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
}): string {
  const unit = issue.origin === 'array' ? 'items' : 'characters';
  if (issue.code === 'too_small' && issue.minimum === 1 && unit === 'characters') return 'required';
  if (issue.code === 'too_small') return `at least ${String(issue.minimum)} ${unit}`;
  if (issue.code === 'too_big') return `at most ${String(issue.maximum)} ${unit}`;
  return issue.message;
}

interface PersonasState {
  items: Persona[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  create(input: PersonaCreate): Promise<Persona>;
  update(id: string, patch: PersonaCreate): Promise<Persona>;
  remove(id: string): Promise<void>;
}

export const usePersonas = create<PersonasState>((set, get) => ({
  items: [],
  loaded: false,
  error: null,
  async load() {
    try {
      const { items } = await api.personas.list({});
      set({ items, loaded: true, error: null });
    } catch (e) {
      set({ error: message(e), loaded: true });
    }
  },
  async create(input) {
    const persona = await api.personas.create(input);
    await get().load();
    return persona;
  },
  async update(id, patch) {
    const persona = await api.personas.update({ id, patch });
    await get().load();
    return persona;
  },
  async remove(id) {
    await api.personas.delete({ id });
    await get().load();
  },
}));
