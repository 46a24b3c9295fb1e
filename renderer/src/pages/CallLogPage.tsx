// Call log: every attempt, newest first, virtualised and paged by cursor; click a row for its detail.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type CallListInput, type CallRow, MIN_SEARCH_CHARS } from '../../../preload/contract/ledger';
import { api } from '../api';
import { formatNanos } from '../components/format';
import { isUnknownBilling, UnknownBillingBadge } from '../components/UnknownBilling';
import { PROVIDER_COLORS } from '../components/charts/series';
import { useCallLogScope } from '../state/callLog';
import { APP_CLIENT, clientFilter } from '../state/dashboard';
import './DashboardPage.css';

const ROW_HEIGHT = 32;
const PAGE_SIZE = 200;
type Detail = Awaited<ReturnType<typeof api.ledger.call>>;
type Query = {
  provider: string;
  status: '' | 'ok' | 'error';
  costSource: '' | 'provider_reported' | 'computed' | 'estimated' | 'unpriced';
  q: string;
  /** Local-gateway client (virtual key name), APP_CLIENT for the app's own calls, '' for all. */
  client: string;
};

const cost = (r: CallRow) => (r.costNanos === null ? 'unpriced' : formatNanos(r.costNanos));
const unitsText = (u: CallRow['units']) =>
  Object.entries(u)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${Number(v).toLocaleString()}`)
    .join(', ') || '—';

function toInput(q: Query, jobId: string | null, cursor: string | null): CallListInput {
  return {
    limit: PAGE_SIZE,
    ...(jobId ? { jobId } : {}),
    ...(q.provider ? { provider: q.provider } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.costSource ? { costSource: q.costSource } : {}),
    ...clientFilter(q.client),
    ...(q.q.trim() ? { q: q.q.trim() } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function CallDetail({ id, onClose }: { id: number; onClose(): void }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDetail(null);
    api.ledger.call({ id }).then(setDetail, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [id]);
  const c = detail?.call;
  return (
    <aside className="call-detail" data-testid="call-detail" aria-label="Call detail">
      <header className="page-head">
        <h2>Call #{id}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {error && <div className="error">{error}</div>}
      {c && detail && (
        <>
          {isUnknownBilling(c) && <UnknownBillingBadge long />}
          <dl className="facts">
            <dt>Time</dt>
            <dd>{new Date(c.ts).toLocaleString()}</dd>
            <dt>Provider</dt>
            <dd>{c.provider}</dd>
            <dt>Key</dt>
            <dd>{c.integrationId ?? '—'}</dd>
            <dt>Client</dt>
            <dd data-testid="call-client">{c.client ?? 'AICON app'}</dd>
            <dt>Operation</dt>
            <dd>{c.operation}</dd>
            <dt>Endpoint</dt>
            <dd>
              {c.method} {c.endpoint}
            </dd>
            <dt>Model</dt>
            <dd>{c.model ?? '—'}</dd>
            <dt>Status</dt>
            <dd>
              {c.status ?? 'no response'} {c.errorCode ? `(${c.errorCode})` : ''}
            </dd>
            {c.errorMessage && (
              <>
                <dt>Error</dt>
                <dd>{c.errorMessage}</dd>
              </>
            )}
            <dt>Latency</dt>
            <dd>{Math.round(c.latencyMs)} ms</dd>
            <dt>Units</dt>
            <dd data-testid="detail-units">{unitsText(c.units)}</dd>
            <dt>Cost</dt>
            <dd data-testid="detail-cost">{cost(c)}</dd>
            <dt>Cost source</dt>
            <dd data-testid="detail-cost-source">
              {c.costSource}
              {c.estimated ? ' (estimated units)' : ''}
              {c.free ? ' (free endpoint)' : ''}
            </dd>
            <dt>Price version</dt>
            <dd>{c.priceVersion ?? '—'}</dd>
            <dt>Request id</dt>
            <dd>{c.providerRequestId ?? '—'}</dd>
            <dt>Job / content</dt>
            <dd>
              {c.jobId ?? '—'} / {c.contentId ?? '—'}
            </dd>
            <dt>Bytes</dt>
            <dd>
              {c.requestBytes ?? '—'} sent, {c.responseBytes} received
            </dd>
          </dl>
          <h3>Attempts ({detail.attempts.length})</h3>
          <ol data-testid="detail-attempts">
            {detail.attempts.map((a) => (
              <li key={a.id}>
                #{a.attempt} {new Date(a.ts).toLocaleTimeString()} — {a.status ?? 'no response'} {a.errorCode ?? ''} —{' '}
                {cost(a)}
              </li>
            ))}
          </ol>
          {detail.history.length > 0 && (
            <>
              <h3>Cost changes</h3>
              <ul>
                {detail.history.map((h) => (
                  <li key={h.changedAt + h.reason}>
                    {new Date(h.changedAt).toLocaleString()} {h.reason}:{' '}
                    {h.oldCostNanos === null ? 'unpriced' : formatNanos(h.oldCostNanos)} →{' '}
                    {h.newCostNanos === null ? 'unpriced' : formatNanos(h.newCostNanos)} (
                    {h.newPriceVersion ?? h.newCostSource})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </aside>
  );
}

export function CallLogPage() {
  // Another screen may open the log on a search (the Dashboard's unknown-billing notice does).
  const [query, setQuery] = useState<Query>(() => ({
    provider: '',
    status: '',
    costSource: '',
    q: useCallLogScope.getState().takeSearch() ?? '',
    client: '',
  }));
  const [clients, setClients] = useState<string[]>([]);
  useEffect(() => {
    api.localGateway
      .keys({})
      .then((keys) => setClients(keys.map((k) => k.name)))
      .catch(() => setClients([]));
  }, []);
  const [rows, setRows] = useState<CallRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const { job, clear: clearJob } = useCallLogScope();
  // A search shorter than the trigram index can serve is not sent (a hint says why); typing it changes nothing.
  const term = query.q.trim();
  const searchTooShort = term.length > 0 && term.length < MIN_SEARCH_CHARS;
  const activeKey = JSON.stringify({ ...query, q: searchTooShort ? '' : term });
  const active = useMemo(() => JSON.parse(activeKey) as Query, [activeKey]);
  const jobId = job?.jobId ?? null;
  // Each new query gets a generation: pages of an older query that arrive late are dropped.
  const generation = useRef(0);

  const loadPage = useCallback(async (q: Query, scope: string | null, from: string | null, gen: number) => {
    setLoading(true);
    try {
      const page = await api.ledger.calls(toInput(q, scope, from));
      if (gen !== generation.current) return;
      setRows((prev) => (from ? [...prev, ...page.rows] : page.rows));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    setRows([]);
    setCursor(null);
    setDone(false);
    const t = setTimeout(() => void loadPage(active, jobId, null, gen), active.q ? 250 : 0);
    return () => clearTimeout(t);
  }, [active, jobId, loadPage]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - 40 && !done && !loading && cursor)
      void loadPage(active, jobId, cursor, generation.current);
  }, [last, rows.length, done, loading, cursor, active, jobId, loadPage]);

  const set = <K extends keyof Query>(k: K, v: Query[K]) => setQuery((q) => ({ ...q, [k]: v }));
  return (
    <section className="page" data-testid="calls-page">
      <header className="page-head">
        <h1>Call log</h1>
        <span className="muted" data-testid="calls-count">
          {rows.length.toLocaleString()} loaded{done ? '' : ' (scroll for more)'}
        </span>
      </header>
      <div className="call-filters">
        {job && (
          <span className="badge" data-testid="calls-job-scope">
            Job: {job.label}{' '}
            <button type="button" aria-label="Show all calls" onClick={clearJob}>
              ×
            </button>
          </span>
        )}
        <input
          type="search"
          placeholder="Search provider, model, endpoint, error…"
          aria-label="Search calls"
          data-testid="calls-search"
          value={query.q}
          onChange={(e) => set('q', e.target.value)}
        />
        {searchTooShort && (
          <span className="muted search-hint" data-testid="calls-search-hint">
            Type at least {MIN_SEARCH_CHARS} characters to search
          </span>
        )}
        <select
          aria-label="Provider"
          data-testid="calls-provider"
          value={query.provider}
          onChange={(e) => set('provider', e.target.value)}
        >
          <option value="">All providers</option>
          {Object.keys(PROVIDER_COLORS).map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <select
          aria-label="Status"
          data-testid="calls-status"
          value={query.status}
          onChange={(e) => set('status', e.target.value as Query['status'])}
        >
          <option value="">Any status</option>
          <option value="ok">Succeeded</option>
          <option value="error">Failed</option>
        </select>
        <select
          aria-label="Cost source"
          value={query.costSource}
          onChange={(e) => set('costSource', e.target.value as Query['costSource'])}
        >
          <option value="">Any cost source</option>
          <option value="provider_reported">Provider reported</option>
          <option value="computed">Computed</option>
          <option value="estimated">Estimated</option>
          <option value="unpriced">Unpriced</option>
        </select>
        <select
          aria-label="Client"
          data-testid="calls-client"
          value={query.client}
          onChange={(e) => set('client', e.target.value)}
        >
          <option value="">Any client</option>
          <option value={APP_CLIENT}>AICON app</option>
          {clients.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      {error && (
        <div className="error" role="alert">
          Could not load calls: {error}
        </div>
      )}
      <div className="call-log" ref={scroller} data-testid="call-log">
        <div className="call-row head" style={{ height: ROW_HEIGHT }}>
          <div>Time</div>
          <div>Provider</div>
          <div>Operation</div>
          <div>Model / endpoint</div>
          <div className="num">Status</div>
          <div className="num">Latency</div>
          <div className="num">Cost</div>
          <div>Source</div>
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = rows[v.index];
            if (!r) return null;
            return (
              // biome-ignore lint/a11y/useSemanticElements: a grid row of <div> cells; a <button> may not hold them.
              <div
                key={r.id}
                className="call-row"
                data-testid="call-row"
                role="button"
                tabIndex={0}
                onClick={() => setSelected(r.id)}
                onKeyDown={(e) => e.key === 'Enter' && setSelected(r.id)}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${v.start}px)`,
                }}
              >
                <div>{new Date(r.ts).toLocaleString()}</div>
                <div>{r.provider}</div>
                <div title={r.client ? `via gateway key ${r.client}` : undefined}>
                  {r.client ? `${r.client} · ` : ''}
                  {r.operation}
                </div>
                <div title={r.endpoint}>
                  {isUnknownBilling(r) && <UnknownBillingBadge />}
                  {r.model ?? r.endpoint}
                  {r.attempt > 1 ? ` (retry ${r.attempt - 1})` : ''}
                </div>
                <div className={`num${r.errorCode ? ' bad' : ''}`}>{r.status ?? 'none'}</div>
                <div className="num">{Math.round(r.latencyMs)} ms</div>
                <div className="num">{cost(r)}</div>
                <div>{r.costSource}</div>
              </div>
            );
          })}
        </div>
        {!loading && rows.length === 0 && !error && <div className="notice">No calls match.</div>}
      </div>
      {selected !== null && <CallDetail id={selected} onClose={() => setSelected(null)} />}
    </section>
  );
}
