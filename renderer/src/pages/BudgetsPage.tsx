// Budgets: monthly/daily limits per account, provider or key (hard stops or alerts only), their live status,
// the alert history, the toast for a crossed threshold, the per-operation caps and hourly call limits.
import { useEffect, useState } from 'react';
import { formatNanos } from '../components/format';
import { OperationCaps } from '../components/OperationCaps';
import { PROVIDER_COLORS } from '../components/charts/series';
import { useBudgets, type BudgetCreate, type BudgetStatus, type LimitsState } from '../state/budgets';
import './DashboardPage.css';

const scopeLabel = (scope: string, scopeId: string) =>
  scope === 'overall' ? 'All providers' : `${scope === 'provider' ? 'Provider' : 'Key'} ${scopeId}`;
const usdToNanos = (usd: string) => Math.round(Number(usd) * 1e9);
const parseThresholds = (s: string) =>
  s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);

interface FormValue {
  scope: BudgetCreate['scope'];
  scopeId: string;
  period: BudgetCreate['period'];
  usd: string;
  mode: BudgetCreate['mode'];
  thresholds: string;
}
const EMPTY: FormValue = {
  scope: 'overall',
  scopeId: '',
  period: 'month',
  usd: '50',
  mode: 'soft',
  thresholds: '50, 80, 100',
};

function BudgetForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: FormValue;
  submitLabel: string;
  onSubmit(v: BudgetCreate): Promise<boolean>;
  onCancel?: () => void;
}) {
  const [v, setV] = useState(initial);
  const valid =
    Number(v.usd) > 0 && (v.scope === 'overall' || v.scopeId.trim() !== '') && parseThresholds(v.thresholds).length > 0;
  const set = <K extends keyof FormValue>(k: K, value: FormValue[K]) => setV((prev) => ({ ...prev, [k]: value }));
  return (
    <form
      className="usage-form toolbar"
      data-testid="budget-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        void onSubmit({
          scope: v.scope,
          ...(v.scope === 'overall' ? {} : { scopeId: v.scopeId.trim() }),
          period: v.period,
          limitNanos: usdToNanos(v.usd),
          mode: v.mode,
          thresholds: parseThresholds(v.thresholds),
        }).then((ok) => ok && !onCancel && setV(EMPTY));
      }}
    >
      <select
        aria-label="Scope"
        data-testid="budget-scope"
        value={v.scope}
        onChange={(e) => set('scope', e.target.value as FormValue['scope'])}
      >
        <option value="overall">All providers</option>
        <option value="provider">One provider</option>
        <option value="integration">One key</option>
      </select>
      {v.scope === 'provider' && (
        <select aria-label="Provider" value={v.scopeId} onChange={(e) => set('scopeId', e.target.value)}>
          <option value="">Choose…</option>
          {Object.keys(PROVIDER_COLORS).map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      )}
      {v.scope === 'integration' && (
        <input
          aria-label="Key id"
          placeholder="key id"
          value={v.scopeId}
          onChange={(e) => set('scopeId', e.target.value)}
        />
      )}
      <select
        aria-label="Period"
        data-testid="budget-period"
        value={v.period}
        onChange={(e) => set('period', e.target.value as FormValue['period'])}
      >
        <option value="month">per month</option>
        <option value="day">per day</option>
      </select>
      <label className="filter">
        <span>USD</span>
        <input
          aria-label="Limit in USD"
          data-testid="budget-usd"
          type="number"
          min="0.01"
          step="0.01"
          value={v.usd}
          onChange={(e) => set('usd', e.target.value)}
        />
      </label>
      <select aria-label="Mode" value={v.mode} onChange={(e) => set('mode', e.target.value as FormValue['mode'])}>
        <option value="soft">Soft: alert only</option>
        <option value="hard">Hard: refuse calls over it</option>
      </select>
      <label className="filter">
        <span>Alert at %</span>
        <input
          aria-label="Alert thresholds"
          value={v.thresholds}
          onChange={(e) => set('thresholds', e.target.value)}
          size={12}
        />
      </label>
      <button type="submit" disabled={!valid} data-testid="budget-submit">
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}

function BudgetRow({ s }: { s: BudgetStatus }) {
  const { update, remove } = useBudgets();
  const [editing, setEditing] = useState(false);
  const b = s.budget;
  if (editing) {
    const initial: FormValue = {
      scope: b.scope,
      scopeId: b.scopeId,
      period: b.period,
      usd: String(b.limitNanos / 1e9),
      mode: b.mode,
      thresholds: b.thresholds.join(', '),
    };
    return (
      <tr>
        <td colSpan={7}>
          <BudgetForm
            initial={initial}
            submitLabel="Save"
            onCancel={() => setEditing(false)}
            onSubmit={async (v) => {
              const ok = await update(b.id, v);
              if (ok) setEditing(false);
              return ok;
            }}
          />
        </td>
      </tr>
    );
  }
  const width = Math.min(100, s.percentUsed);
  return (
    <tr data-testid="budget-row" data-state={s.state}>
      <td>
        <div>{scopeLabel(b.scope, b.scopeId)}</div>
        <div className="muted">
          {b.period === 'month' ? 'Monthly' : 'Daily'} · {b.mode === 'hard' ? 'hard stop' : 'alerts only'}
          {b.enabled ? '' : ' · disabled'}
        </div>
      </td>
      <td className="bar-col">
        <div className="bar-track" title={`${s.percentUsed.toFixed(1)}% used`}>
          <div
            className="bar-fill"
            style={{
              width: `${width}%`,
              background: s.state === 'exceeded' ? 'var(--bad)' : s.state === 'warning' ? 'var(--warn)' : 'var(--good)',
            }}
          />
          <span>
            {formatNanos(s.spentNanos)} of {formatNanos(b.limitNanos)} ({s.percentUsed.toFixed(0)}%)
          </span>
        </div>
        {s.unpricedAttempts > 0 && (
          <div className="muted">excludes {s.unpricedAttempts.toLocaleString()} unpriced calls</div>
        )}
      </td>
      <td className="num">{formatNanos(s.reservedNanos)}</td>
      <td className="num">{formatNanos(s.burnRateNanosPerDay)}/day</td>
      <td className="num">
        {formatNanos(s.projectedNanos)} ({s.projectedPercent.toFixed(0)}%)
      </td>
      <td>{b.thresholds.map((t) => (s.thresholdsReached.includes(t) ? `${t}%✓` : `${t}%`)).join(' ')}</td>
      <td className="job-actions">
        <button type="button" onClick={() => void update(b.id, { enabled: !b.enabled })}>
          {b.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" onClick={() => void remove(b.id)} data-testid="budget-delete">
          Delete
        </button>
      </td>
    </tr>
  );
}

function HourlyLimits({ limits }: { limits: LimitsState }) {
  const { setHourlyLimits } = useBudgets();
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(limits.hourly).map(([k, v]) => [k, v === null ? '' : String(v)])),
  );
  const [def, setDef] = useState(String(limits.defaultHourly));
  const [newOp, setNewOp] = useState('');
  const save = () => {
    const hourly = Object.fromEntries(
      Object.entries(draft).map(([k, v]) => [k, v.trim() === '' ? null : Math.max(1, Math.round(Number(v)))]),
    );
    void setHourlyLimits(hourly, Math.max(1, Math.round(Number(def))));
  };
  return (
    <section className="panel" data-testid="hourly-limits">
      <h2>Calls per hour per key, by operation (empty = unlimited)</h2>
      <table className="breakdown">
        <tbody>
          {Object.keys(draft)
            .sort()
            .map((op) => {
              const used = limits.usage.filter((u) => u.operation === op).reduce((n, u) => n + u.used, 0);
              return (
                <tr key={op}>
                  <td>{op}</td>
                  <td>
                    <input
                      aria-label={`Hourly limit for ${op}`}
                      type="number"
                      min="1"
                      value={draft[op]}
                      onChange={(e) => setDraft({ ...draft, [op]: e.target.value })}
                    />
                  </td>
                  <td className="muted">{used ? `${used} used this hour` : ''}</td>
                </tr>
              );
            })}
          <tr>
            <td>Any other operation</td>
            <td>
              <input
                aria-label="Default hourly limit"
                type="number"
                min="1"
                value={def}
                onChange={(e) => setDef(e.target.value)}
              />
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      <div className="toolbar usage-form">
        <input
          placeholder="operation name"
          aria-label="New operation"
          value={newOp}
          onChange={(e) => setNewOp(e.target.value)}
        />
        <button
          type="button"
          disabled={!/^[a-z0-9_.:-]{1,64}$/.test(newOp) || newOp in draft}
          onClick={() => {
            setDraft({ ...draft, [newOp]: '' });
            setNewOp('');
          }}
        >
          Add operation
        </button>
        <button type="button" onClick={save} data-testid="limits-save">
          Save limits
        </button>
      </div>
    </section>
  );
}

/** App-wide: a crossed threshold shows here whatever screen is open. */
export function BudgetAlertToasts() {
  const { toasts, follow, dismiss } = useBudgets();
  useEffect(() => follow(), [follow]);
  const latest = toasts[toasts.length - 1];
  if (!latest) return null;
  return (
    <div className="toast" role="alert" data-testid="budget-toast">
      <strong>Budget alert:</strong> {latest.threshold}% of the {latest.period === 'month' ? 'monthly' : 'daily'} budget
      for {scopeLabel(latest.scope, latest.scopeId).toLowerCase()} reached ({formatNanos(latest.spentNanos)} of{' '}
      {formatNanos(latest.limitNanos)}
      {latest.mode === 'hard' ? '; calls that would go over are refused' : ''}).{' '}
      <button type="button" onClick={() => dismiss(latest.alertId)}>
        Dismiss
      </button>
    </div>
  );
}

export function BudgetsPage() {
  const { statuses, alerts, limits, error, load, create } = useBudgets();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page" data-testid="budgets-page">
      <header className="page-head">
        <h1>Budgets</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <section className="panel">
        <h2>New budget</h2>
        <BudgetForm initial={EMPTY} submitLabel="Add budget" onSubmit={create} />
      </section>
      {statuses.length === 0 ? (
        <div className="notice">
          No budgets yet. A soft budget alerts you; a hard one refuses calls that could go over it.
        </div>
      ) : (
        <table className="breakdown panel" data-testid="budgets-table">
          <thead>
            <tr>
              <th>Budget</th>
              <th className="bar-col">Used</th>
              <th className="num">In flight</th>
              <th className="num">Burn rate</th>
              <th className="num">Projected</th>
              <th>Alerts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => (
              <BudgetRow key={s.budget.id} s={s} />
            ))}
          </tbody>
        </table>
      )}
      <OperationCaps />
      <section className="panel" data-testid="budget-alerts">
        <h2>Alerts</h2>
        {alerts.length === 0 ? (
          <div className="muted">None yet.</div>
        ) : (
          <ul>
            {alerts.map((a) => (
              <li key={a.id} data-testid="budget-alert">
                {new Date(a.createdAt).toLocaleString()}: {a.threshold}% of{' '}
                {scopeLabel(a.scope, a.scopeId).toLowerCase()} ({a.period === 'month' ? 'monthly' : 'daily'},{' '}
                {a.periodKey}) — {formatNanos(a.spentNanos)} of {formatNanos(a.limitNanos)}
              </li>
            ))}
          </ul>
        )}
      </section>
      {limits && <HourlyLimits key={JSON.stringify(limits.hourly) + limits.defaultHourly} limits={limits} />}
    </section>
  );
}
