// Settings > Team telemetry: the optional OTLP export of every call to a team's observability backend (Langfuse,
// Grafana/Tempo, Honeycomb, any collector), and how it is doing. Header values go to the keychain and never
// come back: the form shows their names only, and replacing them is explicit.
import { useCallback, useEffect, useState } from 'react';
import type { TelemetryView } from '../../../preload/contract/telemetry';
import { api } from '../api';
import './TelemetrySettings.css';

const STATUS_POLL_MS = 5_000;

interface HeaderRow {
  name: string;
  value: string;
}

interface Draft {
  enabled: boolean;
  endpoint: string;
  protocol: 'http/protobuf' | 'http/json';
  deviceName: string;
  includeContent: boolean;
  /** null = keep the stored headers. */
  headers: HeaderRow[] | null;
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'never');
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const STATE_LABEL: Record<TelemetryView['status']['state'], string> = {
  off: 'Off',
  idle: 'Up to date',
  sending: 'Sending…',
  retrying: 'Backend unreachable: retrying',
};

function draftOf(v: TelemetryView): Draft {
  const { enabled, endpoint, protocol, deviceName, includeContent } = v.config;
  return { enabled, endpoint, protocol, deviceName, includeContent, headers: null };
}

export function TelemetrySettings() {
  const [view, setView] = useState<TelemetryView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const refresh = useCallback(
    () =>
      api.telemetry.get({}).then(
        (v) => {
          setView(v);
          setDraft((d) => d ?? draftOf(v));
        },
        (e: unknown) => setError(message(e)),
      ),
    [],
  );
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const run = (action: () => Promise<TelemetryView>, resetDraft = false) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    action()
      .then(
        (v) => {
          setView(v);
          if (resetDraft) {
            setDraft(draftOf(v));
            setSaved(true);
          }
        },
        (e: unknown) => setError(message(e)),
      )
      .finally(() => setBusy(false));
  };

  if (!view || !draft) {
    return (
      <section className="telemetry" data-testid="telemetry-settings">
        <h2>Team telemetry (OpenTelemetry)</h2>
        {error ? <div className="error">{error}</div> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };
  const headers = draft.headers;
  const setHeader = (i: number, patch: Partial<HeaderRow>) =>
    set(
      'headers',
      (headers ?? []).map((h, j) => (j === i ? { ...h, ...patch } : h)),
    );
  const save = () =>
    run(
      () =>
        api.telemetry.configure({
          enabled: draft.enabled,
          endpoint: draft.endpoint,
          protocol: draft.protocol,
          deviceName: draft.deviceName,
          includeContent: draft.includeContent,
          ...(headers ? { headers: headers.filter((h) => h.name.trim() !== '') } : {}),
        }),
      true,
    );
  const s = view.status;

  return (
    <section className="telemetry" data-testid="telemetry-settings">
      <h2>Team telemetry (OpenTelemetry)</h2>
      <p className="muted">
        Sends every provider call as an OpenTelemetry GenAI span (tokens, characters, seconds, segments, credits, cost)
        to your team&apos;s backend over OTLP/HTTP, after the fact: calls never wait for it, and spans queued while
        offline go out when the backend is reachable again.
      </p>
      <form
        className="telemetry-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="telemetry-check wide">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
            data-testid="telemetry-enabled"
          />
          Export calls to an OTLP endpoint
        </label>
        <label>
          OTLP/HTTP endpoint
          <input
            type="url"
            placeholder="https://cloud.langfuse.com/api/public/otel"
            value={draft.endpoint}
            onChange={(e) => set('endpoint', e.target.value)}
            data-testid="telemetry-endpoint"
          />
        </label>
        <label>
          Encoding
          <select
            value={draft.protocol}
            onChange={(e) => set('protocol', e.target.value as Draft['protocol'])}
            data-testid="telemetry-protocol"
          >
            <option value="http/protobuf">Protobuf (http/protobuf)</option>
            <option value="http/json">JSON (http/json)</option>
          </select>
        </label>
        <label>
          Device name
          <input
            value={draft.deviceName}
            onChange={(e) => set('deviceName', e.target.value)}
            data-testid="telemetry-device"
          />
        </label>
        <fieldset className="telemetry-send">
          <legend>What to send</legend>
          <div className="muted">Usage, cost and timing of every call. Keys are never sent.</div>
          <label className="telemetry-check">
            <input
              type="checkbox"
              checked={draft.includeContent}
              onChange={(e) => set('includeContent', e.target.checked)}
              data-testid="telemetry-content"
            />
            Also send prompts, outputs and error texts
          </label>
        </fieldset>
        <fieldset className="telemetry-headers wide" data-testid="telemetry-headers">
          <legend>Headers</legend>
          <div className="muted">
            For example <code>Authorization: Basic …</code> for Langfuse. Kept in {view.secretStore.label}; values are
            never shown again.
            {view.secretStore.warning ? ` ${view.secretStore.warning}` : ''}
          </div>
          {headers === null ? (
            <div className="toolbar">
              <span>
                {view.config.headerNames.length
                  ? `Stored: ${view.config.headerNames.join(', ')}`
                  : 'No headers stored.'}
              </span>
              <button
                type="button"
                onClick={() => set('headers', [{ name: view.config.headerNames[0] ?? 'Authorization', value: '' }])}
                data-testid="telemetry-headers-edit"
              >
                {view.config.headerNames.length ? 'Replace headers' : 'Add headers'}
              </button>
            </div>
          ) : (
            <>
              {headers.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
                <div className="telemetry-header-row" key={i}>
                  <input
                    aria-label="Header name"
                    value={h.name}
                    onChange={(e) => setHeader(i, { name: e.target.value })}
                  />
                  <input
                    aria-label="Header value"
                    type="password"
                    autoComplete="off"
                    value={h.value}
                    onChange={(e) => setHeader(i, { value: e.target.value })}
                    data-testid="telemetry-header-value"
                  />
                  <button
                    type="button"
                    onClick={() =>
                      set(
                        'headers',
                        headers.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </div>
              ))}
              <div className="toolbar">
                <button type="button" onClick={() => set('headers', [...headers, { name: '', value: '' }])}>
                  Add header
                </button>
                <button type="button" onClick={() => set('headers', null)}>
                  Keep stored headers
                </button>
              </div>
            </>
          )}
        </fieldset>
        <div className="toolbar wide">
          <button type="submit" disabled={busy} data-testid="telemetry-save">
            Save
          </button>
          {saved && <span className="muted">Saved.</span>}
        </div>
      </form>
      {error && (
        <div className="error" role="alert" data-testid="telemetry-error">
          {error}
        </div>
      )}
      <h3>Export status</h3>
      <dl className="facts" data-testid="telemetry-status" data-state={s.state}>
        <dt>State</dt>
        <dd data-testid="telemetry-state">{STATE_LABEL[s.state]}</dd>
        <dt>Last success</dt>
        <dd data-testid="telemetry-last-success">{when(s.lastSuccessAt)}</dd>
        <dt>Backlog</dt>
        <dd data-testid="telemetry-backlog">
          {s.backlog.toLocaleString()} span{s.backlog === 1 ? '' : 's'} waiting
          {s.oldestQueuedAt ? ` (oldest queued ${when(s.oldestQueuedAt)})` : ''}
        </dd>
        <dt>Last error</dt>
        <dd data-testid="telemetry-last-error">
          {s.lastError ? `${s.lastError} (${when(s.lastErrorAt)})` : 'none'}
          {s.nextAttemptAt ? ` · next try ${when(s.nextAttemptAt)}` : ''}
        </dd>
        <dt>Sent</dt>
        <dd>
          {s.exportedSpans.toLocaleString()} spans
          {s.droppedSpans ? ` · ${s.droppedSpans.toLocaleString()} dropped (backlog full)` : ''}
        </dd>
        {s.metricsError && (
          <>
            <dt>Metrics</dt>
            <dd>{s.metricsError}</dd>
          </>
        )}
      </dl>
      <div className="toolbar telemetry-actions">
        <button
          type="button"
          disabled={busy || s.state === 'off'}
          onClick={() => run(() => api.telemetry.sendNow({}))}
          data-testid="telemetry-send-now"
        >
          Send now
        </button>
        <button
          type="button"
          disabled={busy || s.backlog === 0}
          onClick={() => run(() => api.telemetry.discardBacklog({}))}
        >
          Discard backlog
        </button>
      </div>
    </section>
  );
}
