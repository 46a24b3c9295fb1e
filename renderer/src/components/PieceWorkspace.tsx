// The selected piece on the right of the Workflows screen: its header and cost, then one panel at a time —
// the timeline of step cards, its scripts, its media, the personas. Panels stay mounted while hidden so a
// half-typed brief, a picked model or a script draft survive switching.
import { useEffect, useState } from 'react';
import type { ContentPiece } from '../../../preload/contract/content';
import { useContent, useWorkflow } from '../state/content';
import { formatTime } from './format';
import { PersonaPanel } from './PersonaPanel';
import { PieceCostPanel } from './PieceCostPanel';
import { ScriptPanel } from './ScriptPanel';
import { MediaGallery } from './MediaGallery';
import { TranscriptPanel } from './TranscriptPanel';
import { VoiceAvatarLibrary } from './VoiceAvatarLibrary';
import { WorkflowSteps } from './WorkflowSteps';

const TABS = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'scripts', label: 'Scripts' },
  { id: 'transcript', label: 'Transcript' },
  { id: 'media', label: 'Media' },
  { id: 'personas', label: 'Personas' },
  { id: 'library', label: 'Voices & avatars' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function PieceHeader({ piece }: { piece: ContentPiece }) {
  return (
    <header className="piece-head">
      <h2>
        {piece.title} {piece.demo && <span className="badge demo">Demo</span>}
      </h2>
      <p className="muted piece-meta">
        {piece.platform}
        {piece.tags.length ? ` · ${piece.tags.join(', ')}` : ''} · updated {formatTime(piece.updatedAt)}
      </p>
      <details className="piece-facts">
        <summary>Details</summary>
        <dl className="facts">
          <dt>URL</dt>
          <dd>{piece.url ? <code>{piece.url}</code> : '—'}</dd>
          <dt>Description</dt>
          <dd>{piece.description || '—'}</dd>
          <dt>Transcript</dt>
          <dd className="transcript">{piece.transcript || '—'}</dd>
        </dl>
      </details>
    </header>
  );
}

export function PieceWorkspace() {
  const [tab, setTab] = useState<Tab>('timeline');
  const piece = useContent((s) => s.pieces.find((p) => p.id === s.selectedId) ?? null);
  const { results, runs, loadResults } = useWorkflow();
  const loadPieceFiles = useContent((s) => s.loadPieceFiles);
  // The files dropped for this piece in earlier sessions are listed again (and feed its steps).
  const pieceId = piece?.id ?? null;
  useEffect(() => {
    if (pieceId) void loadPieceFiles(pieceId);
  }, [pieceId, loadPieceFiles]);
  const settled = Object.values(runs)
    .map((r) => `${r?.jobId}:${r?.state}:${r?.actualCostNanos}`)
    .join('|');
  const counts: Partial<Record<Tab, number>> = piece
    ? { scripts: results.scripts.length, media: results.media.length }
    : {};
  return (
    <article className="piece-workspace piece-details" data-testid="piece-details">
      {piece ? (
        <>
          <PieceHeader piece={piece} />
          <PieceCostPanel contentId={piece.id} refreshKey={`${settled}|${piece.updatedAt}`} />
        </>
      ) : (
        <div className="notice">Select a piece in the library to see its timeline.</div>
      )}
      <div className="wf-tabs" role="tablist" aria-label="Piece panels">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
            data-testid={`wf-tab-${t.id}`}
          >
            {t.label}
            {counts[t.id] ? <span className="wf-tab-count">{counts[t.id]}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" hidden={tab !== 'timeline'} className="wf-panel">
        <WorkflowSteps />
      </div>
      <div role="tabpanel" hidden={tab !== 'scripts'} className="wf-panel">
        {piece && results.scripts.length > 0 ? (
          <ScriptPanel contentId={piece.id} scripts={results.scripts} onSaved={() => loadResults(piece.id)} />
        ) : (
          <p className="muted">No scripts yet: run Rewrite or Generate on the timeline.</p>
        )}
      </div>
      <div role="tabpanel" hidden={tab !== 'media'} className="wf-panel">
        {piece && <MediaGallery media={results.media} />}
      </div>
      <div role="tabpanel" hidden={tab !== 'transcript'} className="wf-panel">
        {piece && <TranscriptPanel key={piece.id} piece={piece} />}
      </div>
      <div role="tabpanel" hidden={tab !== 'personas'} className="wf-panel">
        <p className="muted">How you sound and for whom: pick one when rewriting or generating a script.</p>
        <PersonaPanel />
      </div>
      <div role="tabpanel" hidden={tab !== 'library'} className="wf-panel">
        {tab === 'library' && <VoiceAvatarLibrary onChanged={() => piece && void loadResults(piece.id)} />}
      </div>
    </article>
  );
}
