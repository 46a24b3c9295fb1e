// The voice and avatar library: previews (a clone's first sample, an avatar's photo, served as /media/<file id>),
// the chosen voice and avatar the speak and render steps use (else the newest ready one), and delete on the
// provider too: ElevenLabs DELETE /v1/voices/{id} frees the voice slot; HeyGen's v3 API has no avatar delete
// (the spec offers only create, list, look details and look update), so an avatar is forgotten here and the
// note says where to remove it.
import type { AvatarModel, VoiceModel } from '../../preload/contract/content';
import { pickReady, type LibraryDeleteResult, type LibraryList } from '../../preload/contract/library';
import { AppError } from '../core/errors';
import type { PartialHandlers } from '../core/router';
import { ProviderError } from '../gateway/types';
import { deleteVoice, getSubscription, listVoices } from '../providers/elevenlabs/client';
import type { WorkflowDeps } from './deps';

export const CHOSEN_SETTING = { voice: 'workflows.chosenVoice', avatar: 'workflows.chosenAvatar' } as const;
type Kind = keyof typeof CHOSEN_SETTING;

const chosenId = (d: Pick<WorkflowDeps, 'settings'>, kind: Kind) =>
  d.settings.get<string | null>(CHOSEN_SETTING[kind], null);

/** The voice a speak step should use when none is named (for chained runs). */
export const chosenVoice = (d: Pick<WorkflowDeps, 'settings' | 'content'>) =>
  pickReady(d.content.voices.list(), chosenId(d, 'voice'));
/** The avatar a render step should use when none is named. */
export const chosenAvatar = (d: Pick<WorkflowDeps, 'settings' | 'content'>) =>
  pickReady(d.content.avatars.list(), chosenId(d, 'avatar'));

/** The registered file ids that preview a library entry (samples, photos): the only files /media serves by file id. */
export function previewFilePath(d: Pick<WorkflowDeps, 'content' | 'files'>, fileId: string): string | null {
  const used =
    d.content.voices.list().some((v) => v.sampleFileIds[0] === fileId) ||
    d.content.avatars.list().some((a) => a.photoFileIds[0] === fileId);
  return used ? d.files.pathOf(fileId) : null;
}

const firstExisting = (d: Pick<WorkflowDeps, 'files'>, ids: string[]) => {
  const first = ids[0];
  return first !== undefined && d.files.pathOf(first) !== null ? first : null;
};

/** Voice kinds that hold a slot in the account (premade and library voices do not). */
const SLOT_CATEGORIES = new Set(['cloned', 'generated', 'professional']);
type AccountView = Pick<LibraryList, 'voiceSlots' | 'slotsError' | 'remoteVoices'>;

/** The account's slots and the slot-holding voices this library does not know (two free calls). */
async function accountVoices(d: WorkflowDeps): Promise<AccountView> {
  try {
    const t = await d.providers.target('elevenlabs');
    const [s, voices] = await Promise.all([
      getSubscription(t.gateway, t.credential),
      listVoices(t.gateway, t.credential),
    ]);
    const known = new Set(d.content.voices.list().map((v) => v.remoteId));
    const remoteVoices = voices.value
      .filter((v) => v.category !== null && SLOT_CATEGORIES.has(v.category) && v.isOwner !== false)
      .filter((v) => !known.has(v.voiceId))
      .map((v) => ({ remoteId: v.voiceId, name: v.name, category: v.category }));
    return { voiceSlots: { used: s.value.voiceSlotsUsed, limit: s.value.voiceLimit }, slotsError: null, remoteVoices };
  } catch (e) {
    return { voiceSlots: null, slotsError: e instanceof Error ? e.message : String(e), remoteVoices: null };
  }
}

async function deleteRemoteVoice(
  d: WorkflowDeps,
  voice: Pick<VoiceModel, 'remoteId'>,
): Promise<LibraryDeleteResult['remote']> {
  if (!voice.remoteId) return 'no_remote';
  const t = await d.providers.target('elevenlabs');
  try {
    await deleteVoice(t.gateway, t.credential, voice.remoteId);
    return 'deleted';
  } catch (e) {
    // Deleted earlier (on the website, or a first attempt whose answer was lost): the slot is already free.
    if (e instanceof ProviderError && e.kind === 'not_found') return 'already_gone';
    throw e;
  }
}

const NOTES: Record<LibraryDeleteResult['remote'], (what: string) => string> = {
  deleted: (what) => `${what} deleted here and on ElevenLabs; its voice slot is free again.`,
  already_gone: (what) => `${what} deleted here; ElevenLabs no longer had it (its slot was already free).`,
  not_supported: (what) =>
    `${what} removed here. HeyGen's API has no avatar delete: remove it at app.heygen.com if you no longer want it there.`,
  local_only: (what) => `${what} removed here only; it still exists at the provider.`,
  no_remote: (what) => `${what} removed here; it was never created at the provider.`,
};

export function libraryHandlers(d: WorkflowDeps): PartialHandlers {
  const entries = <M extends VoiceModel | AvatarModel>(items: M[], kind: Kind, files: (m: M) => string[]) => {
    const chosen = pickReady(items, chosenId(d, kind));
    return items.map((m) => ({ ...m, previewFileId: firstExisting(d, files(m)), chosen: m.id === chosen?.id }));
  };
  return {
    'library.list': async ({ slots }) => ({
      voices: entries(d.content.voices.list(), 'voice', (v) => v.sampleFileIds),
      avatars: entries(d.content.avatars.list(), 'avatar', (a) => a.photoFileIds),
      ...(slots ? await accountVoices(d) : { voiceSlots: null, slotsError: null, remoteVoices: null }),
    }),
    'library.choose': ({ kind, id }) => {
      const model = kind === 'voice' ? d.content.voices.get(id) : d.content.avatars.get(id);
      if (model.status !== 'ready')
        throw new AppError('invalid_input', `${model.name} is ${model.status}: only a ready ${kind} can be chosen`);
      d.settings.set(CHOSEN_SETTING[kind], id);
      return { kind, id };
    },
    'library.deleteRemoteVoice': async ({ remoteId }) => {
      if (d.content.voices.list().some((v) => v.remoteId === remoteId))
        throw new AppError('invalid_input', 'This voice is in the library: delete it there');
      const remote = await deleteRemoteVoice(d, { remoteId });
      return { deleted: remote === 'deleted', remote, note: NOTES[remote](`Voice ${remoteId}`) };
    },
    'library.delete': async ({ kind, id, localOnly }) => {
      const model = kind === 'voice' ? d.content.voices.get(id) : d.content.avatars.get(id);
      // The provider first: if it refuses, the row stays so nothing is lost and the delete can be retried.
      const remote: LibraryDeleteResult['remote'] = localOnly
        ? 'local_only'
        : kind === 'voice'
          ? await deleteRemoteVoice(d, model as VoiceModel)
          : model.remoteId
            ? 'not_supported'
            : 'no_remote';
      const deleted = kind === 'voice' ? d.content.voices.delete(id) : d.content.avatars.delete(id);
      if (chosenId(d, kind) === id) d.settings.set(CHOSEN_SETTING[kind], null);
      return { deleted, remote, note: NOTES[remote](`“${model.name}”`) };
    },
  };
}
