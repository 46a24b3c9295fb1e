// Balance and quota cards: what is left at each vendor, when it resets (countdown), the pace of use and
// when it runs out at that pace. Low balances are marked like a budget warning.
import { useEffect, useState } from 'react';
import { PROVIDER_DISPLAY_NAMES } from '../../../preload/contract/integrations';
import type { Balance } from '../../../preload/contract/reconcile';
import { useReconcile } from '../state/reconcile';
import { amount, countdown, paceSentence } from './balance-format';
import './BalanceCards.css';

function BalanceCard({ b, now, onWarnPercent }: { b: Balance; now: number; onWarnPercent?: (p: number) => void }) {
  const pct = b.percentLeft;
  return (
    <div className={`card balance-card ${b.state}`} data-testid={`balance-${b.provider}`}>
      <div className="card-label">
        {PROVIDER_DISPLAY_NAMES[b.provider]}
        {b.origin === 'demo' && <span className="badge demo">demo</span>}
      </div>
      <div className="card-value">{amount(b.unit, b.remaining)}</div>
      <div className="card-note">
        left{b.total !== null ? ` of ${amount(b.unit, b.total)}` : ''}
        {b.state === 'exhausted' ? ' — used up' : b.state === 'warning' ? ' — running low' : ''}
      </div>
      {pct !== null && (
        <div className="balance-bar" title={`${Math.round(pct)}% left`}>
          <div className="balance-fill" style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
          <div
            className="balance-threshold"
            style={{ left: `${b.warnPercent}%` }}
            title={`warns at ${b.warnPercent}%`}
          />
        </div>
      )}
      <div className="card-note" data-testid={`reset-${b.provider}`}>
        {b.resetsAt
          ? `Resets in ${countdown(b.resetsAt, now)} (${new Date(b.resetsAt).toLocaleDateString()})`
          : 'No reset: a prepaid balance'}
      </div>
      <div className="card-note" data-testid={`pace-${b.provider}`}>
        {paceSentence(b, now)}
      </div>
      {onWarnPercent && (
        <label className="balance-warn">
          Warn below
          <input
            type="number"
            min={0}
            max={100}
            defaultValue={b.warnPercent}
            aria-label={`${PROVIDER_DISPLAY_NAMES[b.provider]} warning threshold`}
            onBlur={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 0 && v <= 100 && v !== b.warnPercent) onWarnPercent(v);
            }}
          />
          %
        </label>
      )}
    </div>
  );
}

/** The cards for every vendor balance known; `editable` adds the warning threshold field. */
export function BalanceCards({ editable = false }: { editable?: boolean }) {
  const { overview, load, setWarnPercent } = useReconcile();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!overview) void load();
    // The countdowns tick each minute.
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, [overview, load]);
  const balances = overview?.balances ?? [];
  return (
    <section className="panel" data-testid="balance-cards">
      <h2>Balances and quotas at the vendors</h2>
      {balances.length === 0 ? (
        <div className="muted">No balances fetched yet: refresh on the Reconciliation screen.</div>
      ) : (
        <div className="cards">
          {balances.map((b) => (
            <BalanceCard
              key={b.provider}
              b={b}
              now={now}
              {...(editable ? { onWarnPercent: (p: number) => void setWarnPercent(b.provider, p) } : {})}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** Toast for a `balance.alert`, like the budget alerts. */
export function BalanceAlertToasts() {
  const { toasts, follow, dismiss } = useReconcile();
  useEffect(() => follow(), [follow]);
  const latest = toasts[toasts.length - 1];
  if (!latest) return null;
  return (
    <div className="toast balance-toast" role="alert" data-testid="balance-toast">
      <strong>Balance alert:</strong> {PROVIDER_DISPLAY_NAMES[latest.provider]}{' '}
      {latest.threshold === 0 ? 'is used up' : `is below ${latest.threshold}%`} ({amount(latest.unit, latest.remaining)}{' '}
      left
      {latest.resetsAt ? `; resets ${new Date(latest.resetsAt).toLocaleDateString()}` : ''}).{' '}
      <button type="button" onClick={() => dismiss(latest.alertId)}>
        Dismiss
      </button>
    </div>
  );
}
