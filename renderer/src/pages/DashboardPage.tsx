// Dashboard: what was spent, where, and whether anything is failing, for a local-time period.
import { useEffect, useMemo } from 'react';
import { BalanceCards } from '../components/BalanceCards';
import { ExportPanel } from '../components/ExportPanel';
import {
  callsAndErrors,
  isEmptySummary,
  latencyPercentiles,
  providerColor,
  spendStackedByProvider,
} from '../components/charts/series';
import { UPlotChart } from '../components/charts/UPlotChart';
import { formatNanos } from '../components/format';
import { SpendByPiece } from '../components/SpendByPiece';
import { UNKNOWN_BILLING_TEXT } from '../components/UnknownBilling';
import { UNKNOWN_BILLING_CODE } from '../../../preload/contract/ledger';
import { useCallLogScope } from '../state/callLog';
import { APP_CLIENT, PERIODS, useDashboard, type Filters } from '../state/dashboard';
import type { UsageSummary } from '../../../preload/contract/ledger';
import './DashboardPage.css';

const pct = (n: number) => `${(n * 100).toFixed(n < 0.1 ? 1 : 0)}%`;
const ms = (n: number | null) => (n === null ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const count = (n: number) => n.toLocaleString();

function Card({
  id,
  label,
  value,
  note,
  warn,
}: {
  id: string;
  label: string;
  value: string;
  note?: string | undefined;
  warn?: boolean;
}) {
  return (
    <div className={`card${warn ? ' warn' : ''}`} data-testid={`card-${id}`}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
      {note && <div className="card-note">{note}</div>}
    </div>
  );
}

/** Spend as money; when some calls have no price, says so instead of pretending they cost $0. */
function spendNote(unpriced: number): string | undefined {
  return unpriced > 0 ? `excludes ${count(unpriced)} unpriced call${unpriced === 1 ? '' : 's'}` : undefined;
}

/**
 * Dollars prompt caching saved (at current prices) with the share of input served from cache as the note.
 * Models the pricer cannot price are named as left out; if nothing could be priced the card says so, never $0.
 */
function CacheCard({ summary }: { summary: UsageSummary }) {
  const { savedNanos, pricedReadTokens, pricedWriteTokens, unpriced } = summary.cacheSavings;
  const cached = summary.totals.units.cached_input_tokens ?? 0;
  const input = cached + (summary.totals.units.input_tokens ?? 0);
  const share = input ? `${pct(cached / input)} of input served from cache` : 'no token input';
  const nothingPriced = unpriced.length > 0 && pricedReadTokens + pricedWriteTokens === 0;
  const left = unpriced.length
    ? `; excludes ${unpriced.length} unpriced model${unpriced.length === 1 ? '' : 's'} (${count(unpriced.reduce((n, u) => n + u.readTokens, 0))} cached tokens)`
    : '';
  return (
    <Card
      id="cache"
      label="Cache savings"
      value={nothingPriced ? 'unpriced' : formatNanos(savedNanos)}
      note={`${share}${left}`}
      warn={unpriced.length > 0}
    />
  );
}

type BreakdownRow = {
  key: string;
  label: string;
  color?: string;
  costNanos: number;
  calls: number;
  errors: number;
  unpricedAttempts: number;
};

function BreakdownTable({ title, rows, testId }: { title: string; rows: BreakdownRow[]; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.costNanos));
  return (
    <section className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <div className="muted">No calls match.</div>
      ) : (
        <table className="breakdown">
          <thead>
            <tr>
              <th>Name</th>
              <th className="bar-col">Spend</th>
              <th className="num">Calls</th>
              <th className="num">Errors</th>
              <th className="num">Unpriced</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`${testId}-row`}>
                <td>{r.label}</td>
                <td className="bar-col">
                  <div className="bar-track">
                    <div
                      className="bar-fill"
                      style={{ width: `${(100 * r.costNanos) / max}%`, background: r.color ?? 'var(--accent)' }}
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
    </section>
  );
}

/** The summary already follows every filter, so the tables show it as it is. */
function breakdowns(s: UsageSummary) {
  const byModel: BreakdownRow[] = s.byModel
    .map((m) => ({
      key: `${m.provider}/${m.model ?? ''}`,
      label: `${m.provider} · ${m.model ?? '(no model)'}`,
      color: providerColor(m.provider),
      ...m,
    }))
    .sort((a, b) => b.costNanos - a.costNanos || b.calls - a.calls);
  const byOperation: BreakdownRow[] = s.byOperation
    .map((o) => ({ key: o.operation, label: o.operation, ...o }))
    .sort((a, b) => b.costNanos - a.costNanos || b.calls - a.calls);
  const byClient: BreakdownRow[] = s.byClient
    .map((c) => ({ key: c.client ?? '', label: c.client ?? 'AICON app', ...c }))
    .sort((a, b) => b.costNanos - a.costNanos || b.calls - a.calls);
  return { byModel, byOperation, byClient };
}

function FilterBar() {
  const { period, custom, filters, options, setPeriod, setCustom, setFilter } = useDashboard();
  const select = (key: keyof Filters, label: string) => (
    <label className="filter">
      <span>{label}</span>
      <select data-testid={`filter-${key}`} value={filters[key]} onChange={(e) => setFilter(key, e.target.value)}>
        <option value="">All</option>
        {[...new Set([...options[key], ...(filters[key] ? [filters[key]] : [])])].map((v) => (
          <option key={v} value={v}>
            {v === APP_CLIENT ? 'AICON app' : v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="dash-filters">
      <fieldset className="toolbar" aria-label="Period">
        {PERIODS.map((p) => (
          <button
            type="button"
            key={p.id}
            className={p.id === period ? 'active' : ''}
            aria-pressed={p.id === period}
            data-testid={`period-${p.id}`}
            onClick={() => setPeriod(p.id)}
          >
            {p.label}
          </button>
        ))}
        {period === 'custom' && (
          <>
            <input
              type="date"
              aria-label="From"
              value={custom.from}
              onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })}
            />
            <input
              type="date"
              aria-label="To"
              value={custom.to}
              onChange={(e) => e.target.value && setCustom({ ...custom, to: e.target.value })}
            />
          </>
        )}
      </fieldset>
      <div className="toolbar">
        {select('provider', 'Provider')}
        {select('integrationId', 'Key')}
        {select('model', 'Model')}
        {select('operation', 'Operation')}
        {select('client', 'Client')}
      </div>
    </div>
  );
}

export function DashboardPage() {
  const { summary, month, budgets, unknownBilling, filters, loading, error, load } = useDashboard();
  useEffect(() => {
    void load();
  }, [load]);
  const spend = useMemo(() => (summary ? spendStackedByProvider(summary) : null), [summary]);
  const traffic = useMemo(() => (summary ? callsAndErrors(summary) : null), [summary]);
  const latency = useMemo(() => (summary ? latencyPercentiles(summary) : null), [summary]);
  const tables = useMemo(() => (summary ? breakdowns(summary) : null), [summary]);
  const t = summary?.totals;
  const empty = summary && isEmptySummary(summary) ? 'No calls in this period' : null;
  const worstBudget = budgets.reduce<(typeof budgets)[number] | null>(
    (w, b) => (!w || b.percentUsed > w.percentUsed ? b : w),
    null,
  );
  const signature = summary
    ? `${summary.from}|${summary.to}|${filters.provider}|${filters.integrationId}|${filters.model}|${filters.operation}|${filters.client}|${t?.attempts}|${t?.costNanos}`
    : '';

  return (
    <section className="page dashboard" data-testid="dashboard-page">
      <header className="page-head">
        <h1>Dashboard</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <FilterBar />
      {error && (
        <div className="error" role="alert">
          Could not load usage: {error}
        </div>
      )}
      {summary && t && (
        <>
          <p className="muted">
            {new Date(summary.from).toLocaleString()} – {new Date(summary.to).toLocaleString()} ({summary.timeZone})
          </p>
          {unknownBilling.attempts > 0 && (
            <div className="notice warning unknown-billing-notice" role="status" data-testid="unknown-billing-notice">
              {count(unknownBilling.attempts)} call{unknownBilling.attempts === 1 ? '' : 's'} in this period (any
              provider): {UNKNOWN_BILLING_TEXT} ({formatNanos(unknownBilling.costNanos)}). Check the provider's own
              dashboard.{' '}
              <button
                type="button"
                className="link"
                data-testid="unknown-billing-open"
                onClick={() => useCallLogScope.getState().showSearch(UNKNOWN_BILLING_CODE)}
              >
                Show in the call log
              </button>
            </div>
          )}
          <div className="cards">
            <Card
              id="spend"
              label="Spend"
              value={formatNanos(t.costNanos)}
              note={spendNote(t.unpricedAttempts)}
              warn={t.unpricedAttempts > 0}
            />
            <Card
              id="calls"
              label="Calls"
              value={count(t.calls)}
              note={`${count(t.attempts)} attempts incl. retries`}
            />
            <Card
              id="errors"
              label="Error rate"
              value={t.attempts ? pct(t.errors / t.attempts) : '—'}
              note={`${count(t.errors)} failed attempts`}
              warn={t.attempts > 0 && t.errors / t.attempts > 0.05}
            />
            <Card id="latency" label="Latency p50 / p95" value={`${ms(t.latencyP50Ms)} / ${ms(t.latencyP95Ms)}`} />
            <CacheCard summary={summary} />
            {month && (
              <Card
                id="projection"
                label="Projected month-end"
                value={formatNanos(month.projectedNanos)}
                note={`${formatNanos(month.spentNanos)} so far${month.unpricedAttempts ? `; ${spendNote(month.unpricedAttempts)}` : ''}`}
              />
            )}
            <Card
              id="budget"
              label="Budget use"
              value={worstBudget ? pct(worstBudget.percentUsed / 100) : 'No budget'}
              note={
                worstBudget
                  ? `${worstBudget.budget.scope === 'overall' ? 'overall' : worstBudget.budget.scopeId} ${worstBudget.budget.period === 'month' ? 'monthly' : 'daily'}: ${formatNanos(worstBudget.spentNanos)} of ${formatNanos(worstBudget.budget.limitNanos)}`
                  : 'Set one on the Budgets screen'
              }
              warn={worstBudget?.state !== undefined && worstBudget.state !== 'ok'}
            />
          </div>
          <BalanceCards />
          <section className="panel">
            <h2>Spend per day by provider</h2>
            {spend && (
              <UPlotChart
                testId="chart-spend"
                options={spend.options}
                data={spend.data}
                signature={signature}
                empty={empty ?? (t && t.costNanos === 0 ? 'No priced spend in this period' : null)}
              />
            )}
          </section>
          <section className="panel">
            <h2>Calls and errors per day</h2>
            {traffic && (
              <UPlotChart
                testId="chart-calls"
                options={traffic.options}
                data={traffic.data}
                signature={signature}
                empty={empty}
              />
            )}
          </section>
          <section className="panel">
            <h2>Latency percentiles per {summary.latency.bucket}</h2>
            {latency && (
              <UPlotChart
                testId="chart-latency"
                options={latency.options}
                data={latency.data}
                signature={signature}
                empty={empty}
              />
            )}
            {latency?.clipped && !empty && (
              <p className="chart-note" data-testid="latency-clipped">
                p99 is cut off at {ms(latency.clipped.atMs)} so p50 and p95 stay readable (its peak:{' '}
                {ms(latency.clipped.peakMs)}).
              </p>
            )}
          </section>
          {tables && (
            <div className="two-col">
              <BreakdownTable title="Spend by model" rows={tables.byModel} testId="by-model" />
              <BreakdownTable title="Spend by operation" rows={tables.byOperation} testId="by-operation" />
            </div>
          )}
          <SpendByPiece />
          {tables && tables.byClient.some((c) => c.key !== '') && (
            <div className="two-col">
              <BreakdownTable title="Spend by client (local gateway keys)" rows={tables.byClient} testId="by-client" />
            </div>
          )}
          <ExportPanel />
        </>
      )}
    </section>
  );
}
