// Prices: what each provider/model/unit costs today and where that number comes from, the user's overrides
// (with effective dates), and re-pricing a range with a preview of the difference before it is applied.
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { catalogEntrySchema, priceOverrideSchema, repriceResultSchema } from '../../../preload/contract/prices';
import { LEDGER_UNITS } from '../../../preload/contract/ledger';
import { api } from '../api';
import { PROVIDER_COLORS } from '../components/charts/series';
import { formatNanos } from '../components/format';
import { dayInput } from '../state/dashboard';
import './DashboardPage.css';

type Entry = z.infer<typeof catalogEntrySchema>;
type Override = z.infer<typeof priceOverrideSchema>;
type Reprice = z.infer<typeof repriceResultSchema>;
type Unit = (typeof LEDGER_UNITS)[number];
const PROVIDERS = Object.keys(PROVIDER_COLORS);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const perLabel = (per: number) => (per === 1 ? '' : per === 1000 ? ' / 1K' : ' / 1M');
const localMidnightIso = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
};
const signed = (n: number) => (n > 0 ? `+${formatNanos(n)}` : n < 0 ? `−${formatNanos(-n)}` : '$0');

function Catalogue() {
  const [provider, setProvider] = useState('');
  const [q, setQ] = useState('');
  const [effectiveOnly, setEffectiveOnly] = useState(true);
  const [data, setData] = useState<{ entries: Entry[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => {
      api.prices
        .list({ ...(provider ? { provider } : {}), ...(q.trim() ? { q: q.trim() } : {}), limit: 2000 })
        .then(setData, (e: unknown) => setError(message(e)));
    }, 200);
    return () => clearTimeout(t);
  }, [provider, q]);
  const entries = (data?.entries ?? []).filter((e) => !effectiveOnly || e.effective);
  return (
    <section className="panel" data-testid="price-catalogue">
      <h2>Prices in force</h2>
      <div className="call-filters">
        <select aria-label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
          <option value="">All providers</option>
          {PROVIDERS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Model…"
          aria-label="Search models"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <label className="filter">
          <input type="checkbox" checked={effectiveOnly} onChange={(e) => setEffectiveOnly(e.target.checked)} />{' '}
          <span>only prices in force</span>
        </label>
        <span className="muted">
          {data ? `${entries.length.toLocaleString()} shown of ${data.total.toLocaleString()}` : ''}
        </span>
      </div>
      {error && <div className="error">{error}</div>}
      <div style={{ maxHeight: 420, overflow: 'auto' }}>
        <table className="breakdown">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Model</th>
              <th>Unit</th>
              <th className="num">USD</th>
              <th>Source</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, 500).map((e) => (
              <tr
                key={`${e.provider}/${e.model}/${e.unit}/${e.variant ?? ''}/${e.source}/${e.version}/${e.effectiveFrom ?? ''}`}
                className={e.effective ? '' : 'muted'}
                data-testid="price-row"
              >
                <td>{e.provider}</td>
                <td>
                  {e.model}
                  {e.variant ? ` (${e.variant})` : ''}
                </td>
                <td>{e.unit}</td>
                <td
                  className="num"
                  title={
                    e.tiers
                      ? e.tiers.map((t) => `from ${t.fromInputTokens} input tokens: $${t.usd}`).join('\n')
                      : undefined
                  }
                >
                  ${e.usd}
                  {perLabel(e.per)}
                  {e.tiers ? ' (tiered)' : ''}
                </td>
                <td title={e.note ?? undefined}>
                  {e.source} <span className="muted">{e.version}</span>
                </td>
                <td>{e.effectiveFrom ? e.effectiveFrom.slice(0, 10) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type Per = 1 | 1000 | 1000000;

function PerSelect(props: { label: string; value: Per; onChange: (per: Per) => void }) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(Number(e.target.value) as Per)}
    >
      <option value={1}>per unit</option>
      <option value={1000}>per 1K</option>
      <option value={1000000}>per 1M</option>
    </select>
  );
}

/** One override: read-only until "Edit", then price, block size, date and note are edited in place. */
function OverrideRow({
  override: o,
  onDelete,
  onSaved,
}: {
  override: Override;
  onDelete: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [draft, setDraft] = useState<{ usd: string; per: Per; from: string; note: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const edit = () => {
    setError(null);
    setDraft({ usd: o.usd, per: o.per, from: dayInput(new Date(o.effectiveFrom)), note: o.note });
  };
  const save = (d: NonNullable<typeof draft>) => {
    setSaving(true);
    api.prices
      .updateOverride({ id: o.id, usd: d.usd, per: d.per, effectiveFrom: localMidnightIso(d.from), note: d.note })
      .then(
        // Leave edit mode once the list shows the saved values, so the row never flashes the old ones.
        () =>
          onSaved().then(() => {
            setSaving(false);
            setDraft(null);
          }),
        (e: unknown) => {
          setSaving(false);
          setError(message(e));
        },
      );
  };
  if (!draft) {
    return (
      <tr data-testid="override-row">
        <td>{o.provider}</td>
        <td>{o.model}</td>
        <td>{o.unit}</td>
        <td className="num" data-testid="override-price">
          ${o.usd}
          {perLabel(o.per)}
        </td>
        <td data-testid="override-from">from {new Date(o.effectiveFrom).toLocaleDateString()}</td>
        <td className="muted" data-testid="override-note">
          {o.note}
        </td>
        <td className="job-actions">
          <button type="button" onClick={edit} data-testid="override-edit">
            Edit
          </button>
          <button type="button" onClick={onDelete}>
            Delete
          </button>
        </td>
      </tr>
    );
  }
  return (
    <tr data-testid="override-row" data-editing="true">
      <td>{o.provider}</td>
      <td>{o.model}</td>
      <td>{o.unit}</td>
      <td className="num">
        <label className="filter">
          <span>$</span>
          <input
            aria-label="Edit price"
            value={draft.usd}
            onChange={(e) => setDraft({ ...draft, usd: e.target.value })}
            size={8}
          />
        </label>
        <PerSelect label="Edit block size" value={draft.per} onChange={(per) => setDraft({ ...draft, per })} />
      </td>
      <td>
        <input
          type="date"
          aria-label="Edit effective from"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label="Edit note"
          value={draft.note}
          onChange={(e) => setDraft({ ...draft, note: e.target.value })}
        />
        {error && (
          <div className="error" data-testid="override-edit-error">
            {error}
          </div>
        )}
      </td>
      <td className="job-actions">
        <button type="button" disabled={saving} onClick={() => save(draft)} data-testid="override-save">
          Save
        </button>
        <button type="button" disabled={saving} onClick={() => setDraft(null)}>
          Cancel
        </button>
      </td>
    </tr>
  );
}

function Overrides() {
  const [list, setList] = useState<Override[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({
    provider: 'elevenlabs',
    model: '*',
    unit: 'characters' as Unit,
    usd: '0.18',
    per: 1000 as Per,
    from: dayInput(new Date()),
    note: '',
  });
  const load = useCallback(() => api.prices.overrides({}).then(setList, (e: unknown) => setError(message(e))), []);
  useEffect(() => {
    void load();
  }, [load]);
  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        return load();
      },
      (e: unknown) => setError(message(e)),
    );
  return (
    <section className="panel" data-testid="price-overrides">
      <h2>Your overrides (win over bundled prices from their date on)</h2>
      {error && <div className="error">{error}</div>}
      <form
        className="toolbar usage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            api.prices.createOverride({
              provider: form.provider,
              model: form.model,
              unit: form.unit,
              usd: form.usd,
              per: form.per,
              effectiveFrom: localMidnightIso(form.from),
              ...(form.note ? { note: form.note } : {}),
            }),
          );
        }}
      >
        <select
          aria-label="Override provider"
          value={form.provider}
          onChange={(e) => setForm({ ...form, provider: e.target.value })}
        >
          {PROVIDERS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <input
          aria-label="Override model"
          value={form.model}
          onChange={(e) => setForm({ ...form, model: e.target.value })}
          placeholder="model, prefix* or *"
        />
        <select
          aria-label="Override unit"
          value={form.unit}
          onChange={(e) => setForm({ ...form, unit: e.target.value as Unit })}
        >
          {LEDGER_UNITS.map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
        <label className="filter">
          <span>$</span>
          <input
            aria-label="Override USD"
            value={form.usd}
            onChange={(e) => setForm({ ...form, usd: e.target.value })}
            size={8}
          />
        </label>
        <PerSelect label="Per" value={form.per} onChange={(per) => setForm({ ...form, per })} />
        <label className="filter">
          <span>from</span>
          <input
            type="date"
            aria-label="Effective from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <input
          aria-label="Note"
          placeholder="note (e.g. my plan)"
          value={form.note}
          onChange={(e) => setForm({ ...form, note: e.target.value })}
        />
        <button type="submit" data-testid="override-add">
          Add override
        </button>
      </form>
      {list.length === 0 ? (
        <div className="muted">No overrides: bundled prices apply.</div>
      ) : (
        <table className="breakdown">
          <tbody>
            {list.map((o) => (
              <OverrideRow
                key={o.id}
                override={o}
                onDelete={() => void act(api.prices.deleteOverride({ id: o.id }))}
                onSaved={load}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Repricer() {
  const [range, setRange] = useState({
    from: dayInput(new Date(Date.now() - 30 * 86_400_000)),
    to: dayInput(new Date()),
    provider: '',
  });
  const [result, setResult] = useState<Reprice | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = () => {
    const [y, m, d] = range.to.split('-').map(Number) as [number, number, number];
    return {
      from: localMidnightIso(range.from),
      to: new Date(y, m - 1, d + 1).toISOString(),
      ...(range.provider ? { provider: range.provider } : {}),
    };
  };
  const run = (apply: boolean) => {
    setBusy(true);
    (apply ? api.prices.repriceApply(input()) : api.prices.repricePreview(input())).then(
      (r) => {
        setResult(r);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        setError(message(e));
        setBusy(false);
      },
    );
  };
  return (
    <section className="panel" data-testid="reprice">
      <h2>Re-price a range with today's prices (provider-reported costs are never changed)</h2>
      <div className="toolbar usage-form">
        <input
          type="date"
          aria-label="Re-price from"
          value={range.from}
          onChange={(e) => setRange({ ...range, from: e.target.value })}
        />
        <input
          type="date"
          aria-label="Re-price to"
          value={range.to}
          onChange={(e) => setRange({ ...range, to: e.target.value })}
        />
        <select
          aria-label="Re-price provider"
          value={range.provider}
          onChange={(e) => setRange({ ...range, provider: e.target.value })}
        >
          <option value="">All providers</option>
          {PROVIDERS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => run(false)} data-testid="reprice-preview">
          Preview
        </button>
        <button
          type="button"
          disabled={busy || !result || result.applied || result.totals.changed === 0}
          onClick={() => run(true)}
          data-testid="reprice-apply"
        >
          Apply
        </button>
      </div>
      {error && <div className="error">{error}</div>}
      {result && (
        <div data-testid="reprice-result">
          <p>
            {result.applied ? 'Applied: ' : 'Preview: '}
            {result.totals.changed.toLocaleString()} of {result.totals.attempts.toLocaleString()} attempts would change,{' '}
            {signed(result.totals.deltaNanos)} in total
            {result.totals.newlyPriced ? `; ${result.totals.newlyPriced} get a price` : ''}
            {result.totals.newlyUnpriced ? `; ${result.totals.newlyUnpriced} lose theirs` : ''}.
          </p>
          {result.groups.some((g) => g.changed > 0) && (
            <table className="breakdown">
              <thead>
                <tr>
                  <th>Provider / model</th>
                  <th className="num">Changed</th>
                  <th className="num">Old</th>
                  <th className="num">New</th>
                  <th className="num">Difference</th>
                </tr>
              </thead>
              <tbody>
                {result.groups
                  .filter((g) => g.changed > 0)
                  .map((g) => (
                    <tr key={`${g.provider}/${g.model ?? ''}`}>
                      <td>
                        {g.provider} · {g.model ?? '(no model)'}
                      </td>
                      <td className="num">{g.changed.toLocaleString()}</td>
                      <td className="num">{formatNanos(g.oldCostNanos)}</td>
                      <td className="num">{formatNanos(g.newCostNanos)}</td>
                      <td className="num">{signed(g.deltaNanos)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

export function PricesPage() {
  return (
    <section className="page" data-testid="prices-page">
      <header className="page-head">
        <h1>Prices</h1>
      </header>
      <Catalogue />
      <Overrides />
      <Repricer />
    </section>
  );
}
