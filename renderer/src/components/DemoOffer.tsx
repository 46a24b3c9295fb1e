// Shown while the ledger is empty: an offer to load 90 days of demo history (marked as demo) so every
// screen can be explored before any key is added. Main refuses it once real calls exist.
import { useState } from 'react';
import { api } from '../api';
import { useDashboard } from '../state/dashboard';
import { useNavigation } from '../state/navigation';
import { useStatus } from '../state/status';

export function DemoOffer() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.system.seedDemo({});
      await useStatus.getState().load();
      useNavigation.getState().go('dashboard');
      await useDashboard.getState().load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="notice demo-offer" aria-label="Demo history" data-testid="demo-offer">
      <p>
        No usage recorded yet. Load 90 days of demo history across all ten providers to explore the dashboard, call log
        and budgets? It is marked as demo and can only be loaded while the ledger is empty.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void load()} disabled={busy} data-testid="demo-offer-load">
          {busy ? 'Loading demo history…' : 'Load demo history'}
        </button>
        <button type="button" onClick={() => setDismissed(true)} disabled={busy}>
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
