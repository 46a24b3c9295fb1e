// The dashboard's spend grouped by content piece, for its period and filters: each row is the sum of the ledger
// rows the piece's workflow steps made (retries and fallbacks included). A title opens the piece in Workflows.
import { useEffect, useState } from 'react';
import type { PieceSpend } from '../../../preload/contract/workflows';
import { api } from '../api';
import { useContent } from '../state/content';
import { clientFilter, useDashboard } from '../state/dashboard';
import { useNavigation } from '../state/navigation';
import { formatNanos } from './format';

const SHOWN = 10;
const count = (n: number) => n.toLocaleString();

export function SpendByPiece() {
  const summary = useDashboard((s) => s.summary);
  const filters = useDashboard((s) => s.filters);
  const [data, setData] = useState<{ items: PieceSpend[]; totalNanos: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const from = summary?.from;
  const to = summary?.to;
  const scope = JSON.stringify({
    ...(filters.provider ? { provider: filters.provider } : {}),
    ...(filters.integrationId ? { integrationId: filters.integrationId } : {}),
    ...(filters.model ? { model: filters.model } : {}),
    ...(filters.operation ? { operation: filters.operation } : {}),
    ...clientFilter(filters.client),
  });
  // Re-read whenever the summary does (period, filters or a refresh).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the summary object is the refresh signal.
  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    api.workflows
      .spendByPiece({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...JSON.parse(scope) })
      .then((r) => {
        if (!live) return;
        setData(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [from, to, scope, summary]);
  const open = (contentId: string) => {
    useContent.getState().select(contentId);
    useNavigation.getState().go('workflows');
  };
  const rows = data ? (all ? data.items : data.items.slice(0, SHOWN)) : [];
  const max = Math.max(1, ...rows.map((r) => r.costNanos));
  return (
    <section className="panel" data-testid="by-piece">
      <h2>
        Spend by piece{' '}
        {data && data.items.length > 0 && (
          <span className="muted" data-testid="by-piece-total">
            · {formatNanos(data.totalNanos)} over {count(data.items.length)} piece{data.items.length === 1 ? '' : 's'}
          </span>
        )}
      </h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {data && data.items.length === 0 ? (
        <div className="muted">No workflow spend on a piece in this period.</div>
      ) : (
        <table className="breakdown">
          <thead>
            <tr>
              <th>Piece</th>
              <th className="bar-col">Spend</th>
              <th className="num">Calls</th>
              <th className="num">Errors</th>
              <th className="num">Unpriced</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.contentId} data-testid="by-piece-row">
                <td>
                  {r.title === null ? (
                    <span className="muted">deleted piece</span>
                  ) : (
                    <button type="button" className="link" onClick={() => open(r.contentId)}>
                      {r.title}
                    </button>
                  )}
                </td>
                <td className="bar-col">
                  <div className="bar-track">
                    <div
                      className="bar-fill"
                      style={{ width: `${(100 * r.costNanos) / max}%`, background: 'var(--accent)' }}
                    />
                    <span>{r.costNanos === 0 && r.unpricedAttempts > 0 ? 'unpriced' : formatNanos(r.costNanos)}</span>
                  </div>
                </td>
                <td className="num">{count(r.calls)}</td>
                <td className="num">{count(r.errors)}</td>
                <td className="num">{r.unpricedAttempts ? count(r.unpricedAttempts) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.items.length > SHOWN && (
        <button type="button" className="link" onClick={() => setAll(!all)} data-testid="by-piece-all">
          {all ? `Show the top ${SHOWN}` : `Show all ${count(data.items.length)}`}
        </button>
      )}
    </section>
  );
}
