// The piece's media gallery: each voice track and video the steps made, as a card with a thumbnail (a frame
// ffmpeg grabbed from the video, as the player's poster), a player, a download link and, on the desktop, "Show in folder".
import { useEffect, useState } from 'react';
import type { GeneratedMedia } from '../../../preload/contract/content';
import { api } from '../api';
import { formatBytes, formatTime } from './format';
import './piece-media.css';

/** Same-origin in both modes: app://app/media/<id> in Electron, /media/<id> in web mode (byte ranges for seeking). */
const mediaUrl = (m: GeneratedMedia) => `/media/${encodeURIComponent(m.id)}`;

/** Only the desktop app can open the file manager. */
const onDesktop = () => typeof window !== 'undefined' && window.aicon !== undefined;

/** The video's thumbnail as a data: URL (null while loading, for audio, or without ffmpeg). */
function useThumbnail(media: GeneratedMedia): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (media.kind === 'video')
      api.media
        .thumbnail({ id: media.id })
        .then((t) => live && setSrc(t.dataUrl))
        .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [media.id, media.kind]);
  return src;
}

function MediaCard({ media }: { media: GeneratedMedia }) {
  const poster = useThumbnail(media);
  const [note, setNote] = useState<string | null>(null);
  const reveal = async () => {
    try {
      const { revealed } = await api.media.reveal({ id: media.id });
      setNote(revealed ? null : 'Show in folder works in the desktop app; use Download here.');
    } catch (e) {
      setNote(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <li className="gallery-card" data-testid="gallery-card" data-kind={media.kind}>
      {media.kind === 'video' ? (
        <video
          className="gallery-player"
          controls
          preload="metadata"
          poster={poster ?? undefined}
          src={mediaUrl(media)}
          data-testid="media-video"
          data-thumbnail={poster ? 'ready' : 'none'}
        />
      ) : (
        <audio className="gallery-audio" controls preload="metadata" src={mediaUrl(media)} data-testid="media-audio" />
      )}
      <div className="gallery-info">
        <div className="gallery-name" title={media.fileName}>
          {media.kind === 'video' ? 'Video' : 'Voice track'} {media.demo && <span className="badge demo">Demo</span>}
        </div>
        <code className="gallery-file">
          {media.kind}: media/{media.fileName}
        </code>
        <div className="muted">
          {media.durationSeconds !== null ? `${Math.round(media.durationSeconds)} s · ` : ''}
          {formatBytes(media.sizeBytes)} · {formatTime(media.createdAt)}
        </div>
      </div>
      <div className="gallery-actions">
        <a className="button" href={mediaUrl(media)} download={media.fileName} data-testid="gallery-download">
          Download
        </a>
        {onDesktop() && (
          <button type="button" onClick={() => void reveal()} data-testid="gallery-reveal">
            Show in folder
          </button>
        )}
      </div>
      {note && <p className="muted">{note}</p>}
    </li>
  );
}

export function MediaGallery({ media }: { media: GeneratedMedia[] }) {
  if (media.length === 0) return <p className="muted">No audio or video yet: the voice and render steps make them.</p>;
  return (
    <section data-testid="result-media">
      <ul className="media-gallery">
        {media.map((m) => (
          <MediaCard key={m.id} media={m} />
        ))}
      </ul>
    </section>
  );
}
