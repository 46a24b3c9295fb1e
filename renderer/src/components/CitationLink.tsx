// One cited page of a research result: title, address, the sentence the source picked, and Open. Main opens it
// in the OS browser (desktop) after checking the result cites it; in web mode it opens in a new tab without
// access back to the app (noopener, noreferrer).
import { useState } from 'react';
import type { Perspective } from '../../../preload/contract/content';
import { api } from '../api';
import './CitationLink.css';

type Citation = Perspective['citations'][number];

export function CitationLink({ researchId, citation }: { researchId: string; citation: Citation }) {
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    try {
      const r = await api.research.openSource({ id: researchId, url: citation.url });
      if (!r.opened) window.open(r.url, '_blank', 'noopener,noreferrer');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <li className="citation" data-testid="citation">
      <button type="button" className="link-button" onClick={() => void open()} title={citation.url}>
        {citation.title ?? 'Source'}
      </button>{' '}
      <span className="muted citation-url">{citation.url}</span>
      {citation.snippet && <q className="citation-snippet">{citation.snippet}</q>}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
