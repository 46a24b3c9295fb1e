// The library list with search and a platform filter, and the selected piece's details.
import { PLATFORMS, type ContentPiece, type Platform } from '../../../preload/contract/content';
import { useContent } from '../state/content';
import { formatTime } from './format';
import { WorkflowSteps } from './WorkflowSteps';

function PieceDetails({ piece }: { piece: ContentPiece }) {
  return (
    <article className="piece-details" data-testid="piece-details">
      <h3>
        {piece.title} {piece.demo && <span className="badge demo">Demo</span>}
      </h3>
      <dl className="facts">
        <dt>Platform</dt>
        <dd>{piece.platform}</dd>
        <dt>URL</dt>
        <dd>{piece.url ? <code>{piece.url}</code> : '—'}</dd>
        <dt>Tags</dt>
        <dd>{piece.tags.length ? piece.tags.join(', ') : '—'}</dd>
        <dt>Description</dt>
        <dd>{piece.description || '—'}</dd>
        <dt>Transcript</dt>
        <dd className="transcript">{piece.transcript || '—'}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(piece.updatedAt)}</dd>
      </dl>
      <h2>Next steps</h2>
      <WorkflowSteps />
    </article>
  );
}

export function ContentLibrary() {
  const { pieces, total, query, platform, selectedId, loading, error, setQuery, setPlatform, select } = useContent();
  const selected = pieces.find((p) => p.id === selectedId) ?? null;
  return (
    <div className="library">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search title, description, transcript, tags"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search the content library"
          data-testid="content-search"
        />
        <select
          value={platform}
          onChange={(e) => setPlatform(e.target.value as Platform | '')}
          aria-label="Platform"
          data-testid="content-filter-platform"
        >
          <option value="">All platforms</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="content-total">
          {loading ? 'Loading…' : `${total} piece${total === 1 ? '' : 's'}`}
        </span>
      </div>
      {error && (
        <div className="error" role="alert">
          Could not load the library: {error}
        </div>
      )}
      <div className="library-body">
        <ul className="content-list" data-testid="content-list">
          {pieces.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={p.id === selectedId ? 'active' : ''}
                onClick={() => select(p.id)}
                data-testid="content-item"
              >
                <span className="content-item-title">{p.title}</span>
                <span className="muted">
                  {p.platform}
                  {p.tags.length ? ` · ${p.tags.join(', ')}` : ''}
                </span>
              </button>
            </li>
          ))}
          {pieces.length === 0 && !loading && (
            <li className="muted">
              {query || platform ? 'Nothing matches.' : 'The library is empty. Add a piece below.'}
            </li>
          )}
        </ul>
        {selected ? (
          <PieceDetails piece={selected} />
        ) : (
          <div className="notice">Select a piece to see its details and next steps.</div>
        )}
      </div>
    </div>
  );
}
