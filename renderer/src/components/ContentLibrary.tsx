// The library list with search and a platform filter; a click selects the piece the workspace shows.
import { PLATFORMS, type Platform } from '../../../preload/contract/content';
import { useContent } from '../state/content';

export function ContentLibrary() {
  const { pieces, total, query, platform, selectedId, loading, error, setQuery, setPlatform, select } = useContent();
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
    </div>
  );
}
