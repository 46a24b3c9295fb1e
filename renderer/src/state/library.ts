// The voice and avatar library as the renderer sees it: main's list (with previews, the chosen entries and the
// voice slots), and the actions on it. Every change re-reads the list so the steps pick up the new choice.
import type { LibraryDeleteResult, LibraryList } from '../../../preload/contract/library';
import { create } from 'zustand';
import { api } from '../api';

export type LibraryKind = 'voice' | 'avatar';

interface LibraryState {
  list: LibraryList | null;
  error: string | null;
  /** What the last delete did at the provider (shown until the next action). */
  lastDelete: LibraryDeleteResult | null;
  /** `slots`: also read ElevenLabs' voice slots (the panel); the steps only need the choice. */
  load(slots?: boolean): Promise<void>;
  choose(kind: LibraryKind, id: string): Promise<void>;
  rename(kind: LibraryKind, id: string, name: string): Promise<void>;
  remove(kind: LibraryKind, id: string, localOnly?: boolean): Promise<void>;
  /** A voice only in the ElevenLabs account: add it here, or delete it there. */
  adopt(remoteId: string, name: string): Promise<void>;
  removeRemote(remoteId: string): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useLibrary = create<LibraryState>((set, get) => {
  const act = async (run: () => Promise<unknown>) => {
    set({ error: null, lastDelete: null });
    try {
      await run();
    } catch (e) {
      set({ error: message(e) });
    }
    await get().load(true);
  };
  return {
    list: null,
    error: null,
    lastDelete: null,
    async load(slots = false) {
      try {
        const list = await api.library.list({ slots });
        // Keep the last slot figures when only the choice was re-read.
        const prev = get().list;
        set({
          list:
            slots || !prev
              ? list
              : { ...list, voiceSlots: prev.voiceSlots, slotsError: prev.slotsError, remoteVoices: prev.remoteVoices },
        });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    choose: (kind, id) => act(() => api.library.choose({ kind, id })),
    rename: (kind, id, name) =>
      act(() => (kind === 'voice' ? api.voices.update({ id, name }) : api.avatars.update({ id, name }))),
    remove: (kind, id, localOnly = false) =>
      act(async () => set({ lastDelete: await api.library.delete({ kind, id, confirm: true, localOnly }) })),
    adopt: (remoteId, name) => act(() => api.voices.create({ remoteId, name })),
    removeRemote: (remoteId) =>
      act(async () => set({ lastDelete: await api.library.deleteRemoteVoice({ remoteId, confirm: true }) })),
  };
});

/** The chosen voice / avatar id (null until the list is read: the steps then take the newest ready one). */
export const useChosenId = (kind: LibraryKind) =>
  useLibrary((s) =>
    kind === 'voice'
      ? (s.list?.voices.find((v) => v.chosen)?.id ?? null)
      : (s.list?.avatars.find((a) => a.chosen)?.id ?? null),
  );
