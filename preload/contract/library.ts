// The creator's voice and avatar library: every cloned voice (ElevenLabs) and photo avatar (HeyGen) with a
// preview, the one the speak and render steps use (chosen, else the newest ready one), and delete — on the
// provider too where its API allows it (ElevenLabs frees the voice slot; HeyGen v3 has no avatar delete).
// Renaming is the local label: voices.update / avatars.update.
import { z } from 'zod';
import { avatarModelSchema, voiceModelSchema } from './content';

const id = z.string().min(1).max(64);
const LIBRARY_KINDS = ['voice', 'avatar'] as const;

/** A registered file that previews the entry (the clone's first sample, the avatar's photo), served at /media/<id>. */
const preview = { previewFileId: z.string().nullable(), chosen: z.boolean() };
export const libraryVoiceSchema = voiceModelSchema.extend(preview);
export const libraryAvatarSchema = avatarModelSchema.extend(preview);
export type LibraryVoice = z.infer<typeof libraryVoiceSchema>;
export type LibraryAvatar = z.infer<typeof libraryAvatarSchema>;

/** The chosen entry when it is still there and ready, else the newest ready one (lists come newest first). */
export function pickReady<M extends { id: string; status: string }>(
  items: readonly M[],
  chosenId: string | null | undefined,
): M | undefined {
  return items.find((m) => m.id === chosenId && m.status === 'ready') ?? items.find((m) => m.status === 'ready');
}

export const libraryListSchema = z.object({
  voices: z.array(libraryVoiceSchema),
  avatars: z.array(libraryAvatarSchema),
  /** ElevenLabs voice slots (free subscription call); null when not asked, or with `slotsError` when unreadable. */
  voiceSlots: z.object({ used: z.number().int().nullable(), limit: z.number().int().nullable() }).nullable(),
  slotsError: z.string().nullable(),
  /**
   * Voices in the ElevenLabs account that hold a slot (cloned, generated, professional) but are not in this
   * library — made on the website or before a reinstall. Null when not asked (`slots`) or unreadable.
   */
  remoteVoices: z
    .array(z.object({ remoteId: z.string(), name: z.string(), category: z.string().nullable() }))
    .nullable(),
});
export type LibraryList = z.infer<typeof libraryListSchema>;

export const libraryDeleteResultSchema = z.object({
  deleted: z.boolean(),
  /** What happened at the provider: deleted there, already gone, no delete in its API, or never created there. */
  remote: z.enum(['deleted', 'already_gone', 'not_supported', 'local_only', 'no_remote']),
  note: z.string(),
});
export type LibraryDeleteResult = z.infer<typeof libraryDeleteResultSchema>;

export const libraryChannels = {
  /** `slots` also reads ElevenLabs' voice slots (a free call, ledgered at $0): the panel asks, the steps do not. */
  'library.list': { input: z.object({ slots: z.boolean().default(false) }).strict(), output: libraryListSchema },
  /** The voice or avatar the steps use from now on (must be ready). */
  'library.choose': {
    input: z.object({ kind: z.enum(LIBRARY_KINDS), id }).strict(),
    output: z.object({ kind: z.enum(LIBRARY_KINDS), id: z.string() }),
  },
  /**
   * Deletes the entry here and at the provider. `confirm` must be true (the UI asks first); `localOnly` forgets it
   * here without touching the provider (e.g. no key any more).
   */
  'library.delete': {
    input: z
      .object({ kind: z.enum(LIBRARY_KINDS), id, confirm: z.literal(true), localOnly: z.boolean().default(false) })
      .strict(),
    output: libraryDeleteResultSchema,
  },
  /** Deletes a voice that exists only in the ElevenLabs account (not in this library), freeing its slot. */
  'library.deleteRemoteVoice': {
    input: z.object({ remoteId: z.string().trim().min(1).max(200), confirm: z.literal(true) }).strict(),
    output: libraryDeleteResultSchema,
  },
} as const;
