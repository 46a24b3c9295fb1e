// Reconciliation: the ledger checked against each vendor's own figures for a month — ledger total, vendor
// total, the difference and its parts — with each fetch's typed state, balances and the optional admin keys.
import { useEffect, useState } from 'react';
import { PROVIDER_DISPLAY_NAMES } from '../../../preload/contract/integrations';
import type { DriftRow, ReconcileOverview } from '../../../preload/contract/reconcile';
import { BalanceCards } from '../components/BalanceCards';
import { formatNanos } from '../components/format';
import { useReconcile } from '../state/reconcile';

const STATE_TEXT: Record<DriftRow['state'], string> = {
  ok: 'checked',
  unauthorised: 'key refused',
  failed: 'fetch failed',
  offline: 'offline',
  no_key: 'no key',
  not_offered: 'not offered',
  per_call: 'per-call truth',
  never: 'not checked',
};

const PARTS: Array<[keyof NonNullable<DriftRow['parts']>, string]> = [
  ['outsideApp', 'outside AICON'],
  ['stillEstimated', 'still estimated'],
  ['priceDifferences', 'price differences'],
  ['unmodelledFees', 'fees not modelled'],
  ['freeTierCredits', 'free-tier credits'],
  ['unexplained', 'unexplained'],
];

const signed = (n: number) => (n < 0 ? `−${formatNanos(-n)}` : `+${formatNanos(n)}`);

function Parts({ row }: { row: DriftRow }) {
  if (!row.parts) return <span className="muted">—</span>;
  const shown = PARTS.filter(([k]) => row.parts?.[k]);
  if (shown.length === 0) return <span>none</span>;
  return (
    <ul className="drift-parts">
      {shown.map(([k, label]) => (
        <li key={k} data-testid={`part-${row.provider}-${k}`}>
          {signed(row.parts?.[k] ?? 0)} {label}
        </li>
      ))}
    </ul>
  );
}

function DriftTable({ rows }: { rows: DriftRow[] }) {
  const { refresh, refreshing } = useReconcile();
  return (
    <div className="drift-scroll">
      <table className="drift-table" data-testid="drift-table">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Vendor check</th>
            <th className="num">Ledger</th>
            <th className="num">Vendor</th>
            <th className="num">Difference</th>
            <th>Parts of the difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.provider} data-testid={`drift-${r.provider}`}>
              <td>
                {PROVIDER_DISPLAY_NAMES[r.provider]}
                {r.origin === 'demo' && <span className="badge demo">demo</span>}
              </td>
              <td>
                <span className={`drift-state ${r.state}`} data-testid={`state-${r.provider}`}>
                  {STATE_TEXT[r.state]}
                </span>{' '}
                <button
                  type="button"
                  className="link-button"
                  disabled={refreshing}
                  onClick={() => void refresh(r.provider)}
                  data-testid={`check-${r.provider}`}
                >
                  Check now
                </button>
                <div className="notes">{r.message}</div>
                {r.units && (
                  <div className="notes">
                    {r.units.unit}: ledger {r.units.ledger.toLocaleString()}, vendor {r.units.vendor.toLocaleString()}
                    {r.units.outside !== null ? `, outside AICON ${r.units.outside.toLocaleString()}` : ''}
                  </div>
                )}
                {r.settled.count > 0 && (
                  <div className="notes">
                    {r.settled.count} calls settled to the vendor's figure ({signed(r.settled.deltaNanos)}, history
                    kept)
                  </div>
                )}
                {r.estimatedCalls > 0 && (
                  <div className="notes">
                    {r.estimatedCalls} calls still estimated ({formatNanos(r.estimatedNanos)})
                  </div>
                )}
                {r.notes.map((n) => (
                  <div className="notes" key={n}>
                    {n}
                  </div>
                ))}
              </td>
              <td className="num">
                {r.ledgerNanos === 0 && r.unpricedCalls > 0 ? 'unpriced' : formatNanos(r.ledgerNanos)}
                {r.unpricedCalls > 0 && <div className="notes">excl. {r.unpricedCalls} unpriced</div>}
              </td>
              <td className="num">{formatNanos(r.vendorNanos)}</td>
              <td className="num">{r.differenceNanos === null ? '—' : signed(r.differenceNanos)}</td>
              <td>
                <Parts row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AdminKeys({ keys }: { keys: ReconcileOverview['adminKeys'] }) {
  const { setAdminKey, removeAdminKey } = useReconcile();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  return (
    <section className="panel" data-testid="admin-keys">
      <h2>Organization admin keys (optional)</h2>
      <p className="muted">
        With an admin key the app compares the ledger with the organization's own cost report (OpenAI Costs API,
        Anthropic Admin cost report). Kept in the keychain like other keys; never used for model calls.
      </p>
      <div className="admin-keys">
        {keys.map((k) => (
          <form
            key={k.provider}
            onSubmit={(e) => {
              e.preventDefault();
              const key = drafts[k.provider] ?? '';
              void setAdminKey(k.provider, key).then((ok) => ok && setDrafts({ ...drafts, [k.provider]: '' }));
            }}
          >
            <strong>{PROVIDER_DISPLAY_NAMES[k.provider]}</strong>
            {k.present ? (
              <>
                <span className="muted">key …{k.maskedSuffix}</span>
                <button type="button" onClick={() => void removeAdminKey(k.provider)}>
                  Remove
                </button>
              </>
            ) : (
              <>
                <input
                  type="password"
                  autoComplete="off"
                  placeholder={k.provider === 'openai' ? 'sk-admin-…' : 'sk-ant-admin…'}
                  aria-label={`${PROVIDER_DISPLAY_NAMES[k.provider]} admin key`}
                  value={drafts[k.provider] ?? ''}
                  onChange={(e) => setDrafts({ ...drafts, [k.provider]: e.target.value })}
                />
                <button type="submit">Save</button>
              </>
            )}
          </form>
        ))}
      </div>
    </section>
  );
}

export function ReconcilePage() {
  const { overview, period, loading, refreshing, error, load, refresh } = useReconcile();
  useEffect(() => {
    void load();
  }, [load]);
  const rows = overview?.rows ?? [];
  const withVendor = rows.filter((r) => r.differenceNanos !== null);
  return (
    <section className="page" data-testid="reconcile-page">
      <header className="page-head">
        <h1>Reconciliation</h1>
        <div className="toolbar">
          <input
            type="month"
            aria-label="Month"
            value={period ?? overview?.period ?? ''}
            onChange={(e) => e.target.value && void load(e.target.value)}
          />
          <button
            type="button"
            onClick={() => void refresh()}
            disabled={refreshing || loading}
            data-testid="reconcile-refresh"
          >
            {refreshing ? 'Checking vendors…' : 'Refresh from vendors'}
          </button>
        </div>
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <p className="muted">
        What each vendor says it charged for {overview?.period ?? 'this month'} (UTC), against what AICON ledgered. The
        difference is split into its causes; the parts add up to it. A vendor that could not be read shows why — never a
        zero.
        {withVendor.length > 0 &&
          ` Across ${withVendor.length} vendors with a figure: ledger ${formatNanos(withVendor.reduce((s, r) => s + r.ledgerNanos, 0))}, vendors ${formatNanos(withVendor.reduce((s, r) => s + (r.vendorNanos ?? 0), 0))}.`}
      </p>
      <BalanceCards editable />
      <section className="panel">
        <h2>Drift by provider</h2>
        <DriftTable rows={rows} />
      </section>
      {overview && <AdminKeys keys={overview.adminKeys} />}
    </section>
  );
}
