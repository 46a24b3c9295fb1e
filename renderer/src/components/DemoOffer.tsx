// Shown while the real profile's ledger is empty: an offer to explore the demo profile (its own data folder
// with 90 days of fake history), so every screen can be tried before any key is added.
import { useState } from 'react';
import { useProfile } from '../state/profile';

export function DemoOffer() {
  const [dismissed, setDismissed] = useState(false);
  const { state, switching, switchTo, error } = useProfile();
  if (dismissed || state?.active !== 'real' || !state.switchable) return null;
  return (
    <section className="notice demo-offer" aria-label="Demo profile" data-testid="demo-offer">
      <p>
        No usage recorded yet. Explore the demo profile first? It has 90 days of fake history across all ten providers
        in its own data folder, so nothing of it ever mixes with yours; leave it from the sidebar at any time.
      </p>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => void switchTo('demo')}
          disabled={switching !== null}
          data-testid="demo-offer-load"
        >
          {switching ? 'Opening the demo…' : 'Explore the demo profile'}
        </button>
        <button type="button" onClick={() => setDismissed(true)} disabled={switching !== null}>
          Not now
        </button>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
