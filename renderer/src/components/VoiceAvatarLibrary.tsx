// "Voices & avatars": every cloned voice (ElevenLabs) and photo avatar (HeyGen) with a preview (its sample plays,
// its photo shows), a local label to rename, the one the speak and render steps use, and delete — on the provider
// too, after a confirmation that says what it does (ElevenLabs frees the voice slot; HeyGen's API has no delete).
import { useEffect, useState } from 'react';
import type { LibraryAvatar, LibraryList, LibraryVoice } from '../../../preload/contract/library';
import { useLibrary, type LibraryKind } from '../state/library';
import { formatTime } from './format';
import './VoiceAvatarLibrary.css';

const CONFIRM: Record<LibraryKind, string> = {
  voice: 'Delete this voice here and on ElevenLabs? Its voice slot is freed; the clone cannot be brought back.',
  avatar:
    'Remove this avatar here? HeyGen’s API has no avatar delete, so it stays in your HeyGen account until you remove it at app.heygen.com.',
};

function Preview({ kind, entry }: { kind: LibraryKind; entry: LibraryVoice | LibraryAvatar }) {
  if (!entry.previewFileId) return <span className="lib-preview lib-preview-none muted">no preview</span>;
  const src = `/media/${encodeURIComponent(entry.previewFileId)}`;
  return kind === 'voice' ? (
    <audio className="lib-preview" controls preload="none" src={src} data-testid="lib-voice-preview">
      <track kind="captions" />
    </audio>
  ) : (
    <img className="lib-preview lib-photo" src={src} alt={`${entry.name} (avatar)`} data-testid="lib-avatar-preview" />
  );
}

function Entry({ kind, entry }: { kind: LibraryKind; entry: LibraryVoice | LibraryAvatar }) {
  const { choose, rename, remove } = useLibrary();
  const [name, setName] = useState(entry.name);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setName(entry.name), [entry.name]);
  const trimmed = name.trim();
  const ready = entry.status === 'ready';
  return (
    <li className={`lib-entry${entry.chosen ? ' chosen' : ''}`} data-testid={`lib-${kind}`} data-chosen={entry.chosen}>
      <Preview kind={kind} entry={entry} />
      <div className="lib-body">
        <form
          className="lib-rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (trimmed && trimmed !== entry.name) void rename(kind, entry.id, trimmed);
          }}
        >
          <input
            aria-label={`Name of ${entry.name}`}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            data-testid={`lib-${kind}-name`}
          />
          {trimmed !== entry.name && trimmed !== '' && <button type="submit">Rename</button>}
        </form>
        <span className="muted lib-meta">
          {entry.status}
          {entry.errorMessage ? ` · ${entry.errorMessage}` : ''} · {formatTime(entry.createdAt)}
          {entry.demo && <span className="badge demo">Demo</span>}
        </span>
        <div className="lib-actions">
          {entry.chosen ? (
            <span className="badge" data-testid={`lib-${kind}-in-use`}>
              Used by the steps
            </span>
          ) : (
            <button
              type="button"
              disabled={!ready}
              title={ready ? undefined : `Only a ready ${kind} can be used`}
              onClick={() => void choose(kind, entry.id)}
              data-testid={`lib-${kind}-choose`}
            >
              Use this {kind}
            </button>
          )}
          {confirming ? (
            <span className="lib-confirm" role="alertdialog" aria-label={`Delete ${entry.name}`}>
              <span>{CONFIRM[kind]}</span>
              <button
                type="button"
                className="danger"
                onClick={() => void remove(kind, entry.id).then(() => setConfirming(false))}
                data-testid={`lib-${kind}-confirm-delete`}
              >
                {kind === 'voice' ? 'Delete on ElevenLabs too' : 'Remove here'}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} data-testid={`lib-${kind}-delete`}>
              Delete…
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

type RemoteVoice = NonNullable<LibraryList['remoteVoices']>[number];

/** A voice only in the ElevenLabs account: it still holds a slot; add it here or delete it there. */
function RemoteVoiceRow({ voice }: { voice: RemoteVoice }) {
  const { adopt, removeRemote } = useLibrary();
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="lib-entry lib-remote" data-testid="lib-remote-voice">
      <div className="lib-body">
        <span>
          {voice.name} <span className="muted">· {voice.category ?? 'voice'} · only at ElevenLabs</span>
        </span>
        <div className="lib-actions">
          <button type="button" onClick={() => void adopt(voice.remoteId, voice.name)} data-testid="lib-remote-adopt">
            Add to library
          </button>
          {confirming ? (
            <span className="lib-confirm" role="alertdialog" aria-label={`Delete ${voice.name} on ElevenLabs`}>
              <span>Delete this voice on ElevenLabs? Its slot is freed; it cannot be brought back.</span>
              <button
                type="button"
                className="danger"
                onClick={() => void removeRemote(voice.remoteId).then(() => setConfirming(false))}
                data-testid="lib-remote-confirm-delete"
              >
                Delete on ElevenLabs
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} data-testid="lib-remote-delete">
              Delete on ElevenLabs…
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

export function VoiceAvatarLibrary({ onChanged }: { onChanged?: () => void }) {
  const { list, error, lastDelete, load } = useLibrary();
  useEffect(() => {
    void load(true);
  }, [load]);
  // The steps read the library's voices and avatars too: tell the owner when a choice or delete landed.
  const stamp = list ? [...list.voices, ...list.avatars].map((e) => `${e.id}:${e.name}:${e.chosen}`).join('|') : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stamp is the change signal.
  useEffect(() => {
    if (stamp) onChanged?.();
  }, [stamp]);
  const slots = list?.voiceSlots;
  return (
    <section className="voice-avatar-library" data-testid="voice-avatar-library">
      <p className="muted">
        The voice and avatar the Generate voice and Render steps use. Previews play your sample and show your photo;
        names are labels kept here.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {lastDelete && (
        <p className="notice" data-testid="lib-delete-note">
          {lastDelete.note}
        </p>
      )}
      <div className="lib-columns">
        <div>
          <h3>
            Voices <span className="muted">(ElevenLabs)</span>
          </h3>
          <p className="muted" data-testid="lib-slots">
            {slots
              ? `Voice slots: ${slots.used ?? '?'} of ${slots.limit ?? '?'} used`
              : list?.slotsError
                ? `Voice slots unknown: ${list.slotsError}`
                : ''}
          </p>
          {list && list.voices.length === 0 && <p className="muted">No voices yet: run Clone voice on the timeline.</p>}
          <ul className="lib-list">
            {list?.voices.map((v) => (
              <Entry key={v.id} kind="voice" entry={v} />
            ))}
          </ul>
          {list?.remoteVoices && list.remoteVoices.length > 0 && (
            <>
              <h4 className="lib-subhead">Also in your ElevenLabs account</h4>
              <ul className="lib-list" data-testid="lib-remote-voices">
                {list.remoteVoices.map((v) => (
                  <RemoteVoiceRow key={v.remoteId} voice={v} />
                ))}
              </ul>
            </>
          )}
        </div>
        <div>
          <h3>
            Photo avatars <span className="muted">(HeyGen)</span>
          </h3>
          {list && list.avatars.length === 0 && (
            <p className="muted">No avatars yet: run Create avatar on the timeline.</p>
          )}
          <ul className="lib-list">
            {list?.avatars.map((a) => (
              <Entry key={a.id} kind="avatar" entry={a} />
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
