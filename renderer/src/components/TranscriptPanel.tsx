// The piece's transcript with its versions: edit it by hand (a new version), see what a transcription changed
// (diff of any version against the current one) and restore an earlier version (undo) — Transcribe never
// replaces a typed transcript without a trace.
import { DiffLines } from './DiffLines';
import { useCallback, useEffect, useState } from 'react';
import type { ContentPiece } from '../../../preload/contract/content';
import type { TranscriptVersion } from '../../../preload/contract/pieceMedia';
import { api } from '../api';
import { useContent } from '../state/content';
import { formatTime } from './format';
import './piece-media.css';

type Diff = Awaited<ReturnType<typeof api.transcripts.diff>>;

const ORIGIN: Record<TranscriptVersion['origin'], string> = {
  manual: 'typed',
  transcription: 'transcribed',
  restore: 'restored',
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function DiffView({ diff }: { diff: Diff }) {
  return (
    <section className="script-diff" data-testid="transcript-diff">
      <p className="muted">
        v{diff.from} → v{diff.to}: <span className="diff-count-add">+{diff.added}</span>{' '}
        <span className="diff-count-remove">−{diff.removed}</span> lines
      </p>
      <DiffLines lines={diff.lines} />
    </section>
  );
}

export function TranscriptPanel({ piece }: { piece: ContentPiece }) {
  const reload = useContent((s) => s.load);
  const [versions, setVersions] = useState<TranscriptVersion[]>([]);
  const [draft, setDraft] = useState(piece.transcript);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setVersions((await api.transcripts.versions({ contentId: piece.id })).items);
    } catch (e) {
      setError(message(e));
    }
  }, [piece.id]);
  useEffect(() => {
    void load();
    setDraft(piece.transcript);
    setDiff(null);
  }, [load, piece.transcript]);

  const current = versions.at(-1);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await Promise.all([load(), reload()]);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const compare = (from: number) =>
    act(async () => {
      if (current) setDiff(await api.transcripts.diff({ contentId: piece.id, from, to: current.version }));
    });

  return (
    <div className="transcript-panel" data-testid="transcript-panel">
      <label className="picker transcript-editor">
        Transcript{' '}
        <span className="muted">
          {current ? `v${current.version}, ${ORIGIN[current.origin]}` : 'none yet: type it, or run Transcribe'}
        </span>
        <textarea rows={8} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="transcript-text" />
      </label>
      <div className="toolbar">
        <button
          type="button"
          disabled={busy || draft === piece.transcript}
          onClick={() => act(() => api.content.update({ id: piece.id, patch: { transcript: draft } }))}
          data-testid="transcript-save"
        >
          Save as a new version
        </button>
        {draft !== piece.transcript && (
          <button type="button" disabled={busy} onClick={() => setDraft(piece.transcript)}>
            Discard changes
          </button>
        )}
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {versions.length > 1 && (
        <ol className="script-versions transcript-versions" data-testid="transcript-versions">
          {[...versions].reverse().map((v) => (
            <li key={v.version} data-testid="transcript-version" data-origin={v.origin}>
              <strong>v{v.version}</strong>{' '}
              <span className="muted">
                {ORIGIN[v.origin]}
                {v.model ? ` by ${v.model}` : ''} · {formatTime(v.createdAt)} · {v.body.length.toLocaleString()}{' '}
                characters{v.note ? ` · ${v.note}` : ''}
              </span>
              {v.version !== current?.version && (
                <span className="transcript-actions">
                  <button type="button" disabled={busy} onClick={() => compare(v.version)}>
                    Compare with current
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => act(() => api.transcripts.restore({ contentId: piece.id, version: v.version }))}
                    data-testid={`transcript-restore-${v.version}`}
                  >
                    Restore
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {diff && <DiffView diff={diff} />}
    </div>
  );
}
