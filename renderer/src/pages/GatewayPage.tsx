// Gateway: the loopback server other tools on this machine call (status and URL), copy-ready SDK set-up,
// virtual keys (minted here, shown once) with spend against their budgets, and a live feed of calls.
import { useEffect, useState } from 'react';
import { formatNanos } from '../components/format';
import { gatewaySnippets } from '../components/gatewaySnippets';
import { PROVIDER_COLORS } from '../components/charts/series';
import { useLocalGateway, type MintInput, type VirtualKeyRow } from '../state/localGateway';
import './DashboardPage.css';
import './GatewayPage.css';

const PROVIDERS = Object.keys(PROVIDER_COLORS) as MintInput['providers'];
/** Gateway calls are often fractions of a cent: keep two significant digits instead of showing $0.0000. */
const formatCost = (nanos: number | null) =>
  nanos !== null && nanos > 0 && nanos < 100_000 ? `$${(nanos / 1e9).toPrecision(2)}` : formatNanos(nanos);
const usdToNanos = (usd: string) => (usd.trim() === '' ? null : Math.round(Number(usd) * 1e9));

function copy(text: string) {
  void navigator.clipboard?.writeText(text).catch(() => {});
}

/** Text to paste elsewhere (the URL, an SDK set-up, a new key) with its Copy button: one shape everywhere. */
function CopyableCode({ text, block, testId }: { text: string; block?: boolean; testId?: string }) {
  return (
    <span className={block ? 'snippet' : 'copyable'}>
      {block ? <pre data-testid={testId}>{text}</pre> : <code data-testid={testId}>{text}</code>}{' '}
      <button type="button" onClick={() => copy(text)}>
        Copy
      </button>
    </span>
  );
}

type LimitField = 'day' | 'month' | 'rpm' | 'days';
/** The optional limits of a new key, each a number input. */
const LIMIT_FIELDS: { key: LimitField; label: string; aria: string; min: string; step?: string }[] = [
  { key: 'day', label: 'Day budget $', aria: 'Daily budget in USD', min: '0.01', step: '0.01' },
  { key: 'month', label: 'Month budget $', aria: 'Monthly budget in USD', min: '0.01', step: '0.01' },
  { key: 'rpm', label: 'Requests/min', aria: 'Rate limit per minute', min: '1' },
  { key: 'days', label: 'Expires in days', aria: 'Expires in days', min: '1' },
];

function StatusPanel() {
  const { status } = useLocalGateway();
  if (!status) return null;
  const state = status.running ? 'Running' : status.enabled ? 'Not running' : 'Off';
  return (
    <section className="gateway-status" data-testid="gateway-status">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${status.running ? 'ok' : 'off'}`} data-testid="gateway-state">
            {state}
          </span>
          {status.error && (
            <span className="error inline" role="alert" data-testid="gateway-error">
              {status.error}
            </span>
          )}
        </dd>
        <dt>URL</dt>
        <dd>
          {status.url ? (
            <CopyableCode text={status.url} testId="gateway-url" />
          ) : (
            <code data-testid="gateway-url">{`http://127.0.0.1:${status.port}`}</code>
          )}
        </dd>
        <dt>Routes</dt>
        <dd className="muted">
          <code>/&lt;provider&gt;/&lt;the provider's own path&gt;</code>, e.g. <code>/openai/v1/chat/completions</code>.
          Loopback only; port and allowed origins are in Settings.
        </dd>
      </dl>
    </section>
  );
}

function Snippets() {
  const { status, minted } = useLocalGateway();
  const url = status?.url ?? `http://127.0.0.1:${status?.port ?? 7788}`;
  const snippets = gatewaySnippets(url, minted?.secret);
  const [active, setActive] = useState('openai');
  const shown = snippets.find((s) => s.id === active) ?? snippets[0];
  return (
    <section className="panel" data-testid="gateway-snippets">
      <h2>Point your SDK at AICON</h2>
      <div className="toolbar" role="tablist">
        {snippets.map((s) => (
          <button
            type="button"
            key={s.id}
            role="tab"
            aria-selected={s.id === active}
            className={s.id === active ? 'active' : ''}
            onClick={() => setActive(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {shown && <CopyableCode block text={shown.code} testId="gateway-snippet" />}
    </section>
  );
}

function MintForm() {
  const { mint } = useLocalGateway();
  const [name, setName] = useState('');
  const [providers, setProviders] = useState<Set<string>>(new Set(['openai', 'anthropic']));
  const [limits, setLimits] = useState<Record<LimitField, string>>({ day: '', month: '', rpm: '', days: '' });
  const { day, month, rpm, days } = limits;
  const [capture, setCapture] = useState(false);
  const valid = name.trim() !== '' && providers.size > 0;
  return (
    <form
      className="usage-form mint-form"
      data-testid="mint-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        void mint({
          name: name.trim(),
          providers: [...providers] as MintInput['providers'],
          budgetDayNanos: usdToNanos(day),
          budgetMonthNanos: usdToNanos(month),
          ratePerMinute: rpm.trim() === '' ? null : Math.max(1, Math.round(Number(rpm))),
          expiresAt: days.trim() === '' ? null : Date.now() + Number(days) * 86_400_000,
          captureBodies: capture,
        }).then((ok) => ok && setName(''));
      }}
    >
      <div className="toolbar">
        <input
          aria-label="Key name"
          data-testid="mint-name"
          placeholder="name, e.g. cursor or my-script"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {LIMIT_FIELDS.map((f) => (
          <label key={f.key} className="filter">
            <span>{f.label}</span>
            <input
              aria-label={f.aria}
              type="number"
              min={f.min}
              step={f.step}
              value={limits[f.key]}
              onChange={(e) => setLimits({ ...limits, [f.key]: e.target.value })}
            />
          </label>
        ))}
        <label className="filter">
          <input type="checkbox" checked={capture} onChange={(e) => setCapture(e.target.checked)} />
          <span>Capture bodies</span>
        </label>
        <button type="submit" disabled={!valid} data-testid="mint-submit">
          Create key
        </button>
      </div>
      <fieldset className="provider-picks">
        <legend>Allowed providers</legend>
        {PROVIDERS.map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              checked={providers.has(p)}
              onChange={(e) => {
                const next = new Set(providers);
                if (e.target.checked) next.add(p);
                else next.delete(p);
                setProviders(next);
              }}
            />
            {p}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

function SpendBar({ spent, limit, label }: { spent: number; limit: number | null; label: string }) {
  if (limit === null) {
    return (
      <div className="muted">
        {label}: {formatCost(spent)} (no limit)
      </div>
    );
  }
  const pct = (100 * spent) / limit;
  return (
    <div className="bar-track" title={`${pct.toFixed(1)}% of the ${label.toLowerCase()} budget`}>
      <div
        className="bar-fill"
        style={{
          width: `${Math.min(100, pct)}%`,
          background: pct >= 100 ? 'var(--bad)' : pct >= 80 ? 'var(--warn)' : 'var(--good)',
        }}
      />
      <span>
        {label}: {formatCost(spent)} of {formatNanos(limit)}
      </span>
    </div>
  );
}

function KeyRow({ k }: { k: VirtualKeyRow }) {
  const { revoke } = useLocalGateway();
  const expired = k.expiresAt !== null && k.expiresAt <= Date.now();
  const state = k.revokedAt !== null ? 'revoked' : expired ? 'expired' : 'active';
  return (
    <tr data-testid="key-row" data-state={state}>
      <td>
        <div>
          <strong>{k.name}</strong> <span className="muted">…{k.hint}</span>
        </div>
        <div className="muted">
          {state}
          {k.ratePerMinute !== null ? ` · ${k.ratePerMinute}/min` : ''}
          {k.expiresAt !== null ? ` · expires ${new Date(k.expiresAt).toLocaleDateString()}` : ''}
          {k.captureBodies ? ' · captures bodies' : ''}
        </div>
      </td>
      <td className="muted">{k.providers.join(', ')}</td>
      <td className="bar-col">
        <SpendBar spent={k.spentDayNanos} limit={k.budgetDayNanos} label="Today" />
        <SpendBar spent={k.spentMonthNanos} limit={k.budgetMonthNanos} label="Month" />
        {k.unpricedMonth > 0 && <div className="muted">excludes {k.unpricedMonth} unpriced calls</div>}
      </td>
      <td className="num">{k.callsMonth.toLocaleString()}</td>
      <td className="muted">{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
      <td>
        {state === 'active' && (
          <button type="button" onClick={() => void revoke(k.id)} data-testid="key-revoke">
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}

function Feed() {
  const { feed } = useLocalGateway();
  return (
    <section className="panel" data-testid="gateway-feed">
      <h2>Live calls</h2>
      {feed.length === 0 ? (
        <p className="muted">No calls through the gateway yet.</p>
      ) : (
        <table className="breakdown">
          <thead>
            <tr>
              <th>Time</th>
              <th>Key</th>
              <th>Provider</th>
              <th>Endpoint</th>
              <th>Model</th>
              <th className="num">Status</th>
              <th className="num">Latency</th>
              <th className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {feed.map((c) => (
              <tr key={c.callId} data-testid="feed-row">
                <td>{new Date(c.ts).toLocaleTimeString()}</td>
                <td>{c.client}</td>
                <td>{c.provider}</td>
                <td>{c.endpoint}</td>
                <td>{c.model ?? '—'}</td>
                <td className="num">{c.status ?? '—'}</td>
                <td className="num">{Math.round(c.latencyMs)} ms</td>
                <td className="num">
                  {c.costSource === 'unpriced' ? 'unpriced' : formatCost(c.costNanos)}
                  {c.estimated ? ' (est.)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function GatewayPage() {
  const { keys, minted, error, load, follow, dismissSecret } = useLocalGateway();
  useEffect(() => {
    void load();
    return follow();
  }, [load, follow]);
  return (
    <section className="page" data-testid="gateway-page">
      <header className="page-head">
        <h1>Gateway</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      <p className="muted">
        Your own scripts, editors and automations call providers through AICON: same keys from the keychain, every call
        priced, budgeted and in the call log under its key's name.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <StatusPanel />
      <Snippets />
      <section className="panel">
        <h2>Virtual keys</h2>
        {minted && (
          <div className="secret-once" role="status" data-testid="minted-secret">
            <div>
              Key <strong>{minted.name}</strong> — copy it now, it is shown only once:
            </div>
            <CopyableCode text={minted.secret} />
            <button type="button" onClick={dismissSecret}>
              Done
            </button>
          </div>
        )}
        <MintForm />
        {keys.length > 0 && (
          <table className="breakdown vkeys">
            <thead>
              <tr>
                <th>Key</th>
                <th>Providers</th>
                <th>Spend</th>
                <th className="num">Calls (month)</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <KeyRow key={k.id} k={k} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Feed />
    </section>
  );
}
