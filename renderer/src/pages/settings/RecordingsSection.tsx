// Long recordings: where the app finds ffmpeg (it extracts a video's sound and cuts long recordings into parts
// under OpenAI's 25 MiB upload limit) and how large each part may be.
import { useEffect, useState } from 'react';
import type { RecordingTools } from '../../../../preload/contract/pieceMedia';
import { api } from '../../api';

const MiB = 1024 * 1024;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function RecordingsSection() {
  const [tools, setTools] = useState<RecordingTools | null>(null);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.recordings
      .tools({})
      .then((t) => {
        setTools(t);
        setPath(t.ffmpegPath ?? '');
      })
      .catch((e: unknown) => setError(message(e)));
  }, []);
  if (!tools) return error ? <p className="error">{error}</p> : null;
  const save = async (patch: Parameters<typeof api.recordings.setTools>[0]) => {
    setError(null);
    try {
      const t = await api.recordings.setTools(patch);
      setTools(t);
      setPath(t.ffmpegPath ?? '');
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section className="settings-section" data-testid="settings-recordings">
      <h2>Long recordings</h2>
      <p className="muted" data-testid="recordings-ffmpeg">
        {tools.found ? `ffmpeg: ${tools.found.ffmpeg} (ffprobe: ${tools.found.ffprobe})` : tools.problem}
      </p>
      <div className="settings-grid">
        <label htmlFor="rec-ffmpeg">ffmpeg path</label>
        <span>
          <input
            id="rec-ffmpeg"
            value={path}
            placeholder="Found on PATH when empty"
            onChange={(e) => setPath(e.target.value)}
            data-testid="recordings-path"
          />{' '}
          <button type="button" onClick={() => void save({ ffmpegPath: path.trim() || null })}>
            Save
          </button>
        </span>
        <label htmlFor="rec-chunk">Part size</label>
        <select
          id="rec-chunk"
          value={Math.round(tools.chunkMaxBytes / MiB)}
          onChange={(e) => void save({ chunkMaxBytes: Number(e.target.value) * MiB })}
        >
          {[4, 8, 16, 24].map((m) => (
            <option key={m} value={m}>
              {m} MiB ({Math.round((m * MiB * 0.9) / 4000 / 60)} min of audio, up to 20)
            </option>
          ))}
          {![4, 8, 16, 24].includes(Math.round(tools.chunkMaxBytes / MiB)) && (
            <option value={Math.round(tools.chunkMaxBytes / MiB)}>{(tools.chunkMaxBytes / MiB).toFixed(2)} MiB</option>
          )}
        </select>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted">
        Videos and recordings over the part size are cut by ffmpeg into compact mono MP3 parts and transcribed part by
        part; a restart goes on from the next part.
      </p>
    </section>
  );
}
