// Scripts on the Workflows screen: which script of a piece is open, its versions, a diff between two of them,
// and unsaved edits. An edit is kept per script (and across pieces) until it is saved or discarded, so a rewrite
// that lands a new version meanwhile never replaces what the person typed.
import { create } from 'zustand';
import type { DiffLine, Script, ScriptVersion } from '../../../preload/contract/content';
import { api } from '../api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface ScriptDraft {
  text: string;
  /** The version the edit started from: a newer current version means one arrived while editing. */
  baseVersion: number;
}

export interface ScriptDiff {
  scriptId: string;
  from: number;
  to: number;
  added: number;
  removed: number;
  lines: DiffLine[];
}

interface ScriptsState {
  /** The script a person opened for each piece (otherwise the piece's newest is shown). */
  chosen: Record<string, string>;
  versions: Record<string, ScriptVersion[]>;
  drafts: Record<string, ScriptDraft>;
  diff: ScriptDiff | null;
  diffError: string | null;
  choose(contentId: string, scriptId: string): void;
  loadVersions(scriptId: string): Promise<void>;
  loadDiff(scriptId: string, from: number, to: number): Promise<void>;
  edit(scriptId: string, text: string, baseVersion: number): void;
  discard(scriptId: string): void;
  /** Saves the edit as a new (manual) version; the draft is dropped only once main has it. */
  save(scriptId: string, note: string | null): Promise<Script>;
}

export const useScripts = create<ScriptsState>((set, get) => ({
  chosen: {},
  versions: {},
  drafts: {},
  diff: null,
  diffError: null,

  choose(contentId, scriptId) {
    set((s) => ({ chosen: { ...s.chosen, [contentId]: scriptId } }));
  },

  async loadVersions(scriptId) {
    const { items } = await api.scripts.versions({ id: scriptId });
    set((s) => ({ versions: { ...s.versions, [scriptId]: items } }));
  },

  async loadDiff(scriptId, from, to) {
    try {
      const d = await api.scripts.diff({ id: scriptId, from, to });
      set({ diff: { scriptId, ...d }, diffError: null });
    } catch (e) {
      set({ diff: null, diffError: message(e) });
    }
  },

  edit(scriptId, text, baseVersion) {
    set((s) => ({
      drafts: { ...s.drafts, [scriptId]: { text, baseVersion: s.drafts[scriptId]?.baseVersion ?? baseVersion } },
    }));
  },

  discard(scriptId) {
    set((s) => {
      const { [scriptId]: _dropped, ...rest } = s.drafts;
      return { drafts: rest };
    });
  },

  async save(scriptId, note) {
    const draft = get().drafts[scriptId];
    if (!draft) throw new Error('Nothing to save');
    const script = await api.scripts.update({ id: scriptId, body: draft.text, note });
    // Only drop the draft if it was not edited further while the save was in flight.
    if (get().drafts[scriptId]?.text === draft.text) get().discard(scriptId);
    await get().loadVersions(scriptId);
    return script;
  },
}));

/** Unsaved edits survive switching pieces, but not closing the window: ask first. */
export function warnBeforeUnloadWithDrafts(): () => void {
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (Object.keys(useScripts.getState().drafts).length > 0) e.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
