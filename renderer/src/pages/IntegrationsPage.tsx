// Integrations: keys per provider (masked), their health, and base URL overrides.
// Secret inputs live in local form state only and are cleared once sent; main never sends them back.
import { useEffect, useState, type FormEvent } from 'react';
import {
  INTEGRATION_PROVIDERS,
  PROVIDER_DISPLAY_NAMES,
  type CredentialInput,
  type IntegrationProvider,
  type IntegrationView,
} from '../../../preload/contract/integrations';
import { useIntegrations } from '../state/integrations';
import './IntegrationsPage.css';

const BACKEND_LABEL: Record<IntegrationView['backend'], string> = {
  keychain: 'OS keychain',
  safe_storage: 'Encrypted (safeStorage)',
  memory: 'Memory only',
};

const STATUS_LABEL: Record<IntegrationView['status'], string> = {
  healthy: 'Healthy',
  failing: 'Failing',
  unchecked: 'Not checked',
  unavailable: 'Unavailable',
};

function timeAgo(iso: string | null): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

type TwilioMode = 'twilio_auth_token' | 'twilio_api_key';

/** Add or replace form. Secrets stay in this component's state until submitted, then are wiped. */
function KeyForm(props: {
  provider: IntegrationProvider;
  mode: 'add' | 'replace';
  initialLabel?: string;
  busy: boolean;
  onSubmit(input: { label: string; makeDefault: boolean; credential: CredentialInput }): Promise<boolean>;
  onCancel(): void;
}) {
  const { provider, mode, busy } = props;
  const [label, setLabel] = useState(props.initialLabel ?? '');
  const [makeDefault, setMakeDefault] = useState(false);
  const [twilioMode, setTwilioMode] = useState<TwilioMode>('twilio_auth_token');
  const [fields, setFields] = useState({ apiKey: '', accountSid: '', authToken: '', apiKeySid: '', apiKeySecret: '' });
  const field = (name: keyof typeof fields) => ({
    value: fields[name],
    onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })),
  });
  const wipe = () => setFields({ apiKey: '', accountSid: '', authToken: '', apiKeySid: '', apiKeySecret: '' });

  const credential = (): CredentialInput =>
    provider !== 'twilio'
      ? { kind: 'api_key', apiKey: fields.apiKey }
      : twilioMode === 'twilio_auth_token'
        ? { kind: 'twilio_auth_token', accountSid: fields.accountSid, authToken: fields.authToken }
        : {
            kind: 'twilio_api_key',
            accountSid: fields.accountSid,
            apiKeySid: fields.apiKeySid,
            apiKeySecret: fields.apiKeySecret,
          };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await props.onSubmit({ label, makeDefault, credential: credential() });
    if (ok) {
      wipe();
      props.onCancel();
    }
  }

  const secretInput = { type: 'password', autoComplete: 'off', spellCheck: false, required: true } as const;
  return (
    <form
      className="key-form"
      onSubmit={(e) => void submit(e)}
      data-testid={mode === 'add' ? 'add-key-form' : 'replace-key-form'}
    >
      <label>
        <span>
          Label <span className="muted">(optional, e.g. Personal or Client work)</span>
        </span>
        <input data-testid="field-label" value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />
      </label>
      {provider === 'twilio' ? (
        <>
          <fieldset className="choice">
            <legend>Credential</legend>
            <label>
              <input
                type="radio"
                name={`twilio-mode-${mode}`}
                data-testid="field-twilio-mode-auth-token"
                checked={twilioMode === 'twilio_auth_token'}
                onChange={() => setTwilioMode('twilio_auth_token')}
              />
              Account SID + auth token
            </label>
            <label>
              <input
                type="radio"
                name={`twilio-mode-${mode}`}
                data-testid="field-twilio-mode-api-key"
                checked={twilioMode === 'twilio_api_key'}
                onChange={() => setTwilioMode('twilio_api_key')}
              />
              API key SID + secret
            </label>
          </fieldset>
          <label>
            Account SID
            <input
              data-testid="field-account-sid"
              placeholder="AC…"
              autoComplete="off"
              spellCheck={false}
              required
              {...field('accountSid')}
            />
          </label>
          {twilioMode === 'twilio_auth_token' ? (
            <label>
              Auth token
              <input data-testid="field-auth-token" {...secretInput} {...field('authToken')} />
            </label>
          ) : (
            <>
              <label>
                API key SID
                <input
                  data-testid="field-api-key-sid"
                  placeholder="SK…"
                  autoComplete="off"
                  spellCheck={false}
                  required
                  {...field('apiKeySid')}
                />
              </label>
              <label>
                API key secret
                <input data-testid="field-api-key-secret" {...secretInput} {...field('apiKeySecret')} />
              </label>
            </>
          )}
        </>
      ) : (
        <label>
          API key
          <input data-testid="field-api-key" {...secretInput} {...field('apiKey')} />
        </label>
      )}
      {mode === 'add' && (
        <label className="inline">
          <input
            type="checkbox"
            data-testid="field-make-default"
            checked={makeDefault}
            onChange={(e) => setMakeDefault(e.target.checked)}
          />
          Make this the default key
        </label>
      )}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={busy}
          data-testid={mode === 'add' ? 'add-key-submit' : 'replace-key-submit'}
        >
          {busy ? 'Checking with the provider…' : mode === 'add' ? 'Check and save' : 'Check and replace'}
        </button>
        <button
          type="button"
          onClick={() => {
            wipe();
            props.onCancel();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

function KeyRow({ view }: { view: IntegrationView }) {
  const { busy, test, setDefault, remove, replace } = useIntegrations();
  const [replacing, setReplacing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const isBusy = busy[view.id] ?? false;
  return (
    <li className="key-row" data-testid={`key-row-${view.id}`} data-key-id={view.id}>
      <div className="key-main">
        <span
          className={`dot ${view.status}`}
          data-testid="key-status"
          data-status={view.status}
          title={STATUS_LABEL[view.status]}
        />
        <span className="key-label">{view.label || 'Unnamed key'}</span>
        <code data-testid="masked-suffix">••••{view.maskedSuffix}</code>
        {view.accountId && <code className="muted">{view.keyId ?? view.accountId}</code>}
        {view.isDefault && (
          <span className="badge default" data-testid="key-default">
            Default
          </span>
        )}
        <span className={`badge backend ${view.backend}`} data-testid="key-backend">
          {BACKEND_LABEL[view.backend]}
        </span>
      </div>
      <div className="key-meta muted">
        <span data-testid="key-status-text">{STATUS_LABEL[view.status]}</span>
        {' · '}
        <span data-testid="key-latency">{view.latencyMs === null ? 'no latency yet' : `${view.latencyMs} ms`}</span>
        {' · checked '}
        <span data-testid="key-last-check">{timeAgo(view.lastCheckAt)}</span>
        {view.checksPausedUntil && (
          <> · scheduled checks paused until {new Date(view.checksPausedUntil).toLocaleTimeString()}</>
        )}
      </div>
      {view.lastError && (
        <div className="key-error" data-testid="key-error" data-reason={view.lastError.reason}>
          {view.lastError.message}
        </div>
      )}
      <div className="actions">
        <button type="button" data-testid="key-test" disabled={isBusy} onClick={() => void test(view)}>
          {isBusy ? 'Testing…' : 'Test connection'}
        </button>
        {!view.isDefault && (
          <button type="button" data-testid="key-make-default" disabled={isBusy} onClick={() => void setDefault(view)}>
            Make default
          </button>
        )}
        <button type="button" data-testid="key-replace" disabled={isBusy} onClick={() => setReplacing((r) => !r)}>
          Replace
        </button>
        {confirmRemove ? (
          <>
            <button
              type="button"
              className="danger"
              data-testid="key-remove-confirm"
              disabled={isBusy}
              onClick={() => void remove(view)}
            >
              Remove from keychain
            </button>
            <button type="button" onClick={() => setConfirmRemove(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" data-testid="key-remove" disabled={isBusy} onClick={() => setConfirmRemove(true)}>
            Remove
          </button>
        )}
      </div>
      {replacing && (
        <KeyForm
          provider={view.provider}
          mode="replace"
          initialLabel={view.label}
          busy={isBusy}
          onSubmit={({ label, credential }) => replace(view, credential, label)}
          onCancel={() => setReplacing(false)}
        />
      )}
    </li>
  );
}

function BaseUrlField({ provider }: { provider: IntegrationProvider }) {
  const { baseUrls, busy, setBaseUrl } = useIntegrations();
  const entry = baseUrls[provider];
  const [draft, setDraft] = useState(entry?.override ?? '');
  useEffect(() => setDraft(entry?.override ?? ''), [entry?.override]);
  const isBusy = busy[`url:${provider}`] ?? false;
  const fallback = entry?.fromEnv
    ? `${entry.fromEnv} (from environment)`
    : (entry?.defaultUrl ?? "the provider's default");
  return (
    <form
      className="base-url"
      onSubmit={(e) => {
        e.preventDefault();
        void setBaseUrl(provider, draft.trim() === '' ? null : draft.trim());
      }}
    >
      <label>
        <span>
          Base URL override <span className="muted">(proxy, EU endpoint…)</span>
        </span>
        <input
          data-testid="base-url-input"
          type="url"
          placeholder={fallback}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </label>
      <button type="submit" data-testid="base-url-save" disabled={isBusy}>
        Save
      </button>
      {entry?.override && (
        <button
          type="button"
          data-testid="base-url-clear"
          disabled={isBusy}
          onClick={() => void setBaseUrl(provider, null)}
        >
          Use default
        </button>
      )}
      <div className="muted" data-testid="base-url-effective">
        Calls go to: {entry?.effective ?? "the provider's default"}
      </div>
    </form>
  );
}

function ProviderCard({ provider }: { provider: IntegrationProvider }) {
  const { integrations, busy, errors, add, clearError } = useIntegrations();
  const [adding, setAdding] = useState(false);
  const keys = integrations.filter((v) => v.provider === provider);
  const error = errors[provider];
  return (
    <section
      className="provider-card"
      data-testid={`provider-card-${provider}`}
      aria-label={PROVIDER_DISPLAY_NAMES[provider]}
    >
      <header>
        <h2>{PROVIDER_DISPLAY_NAMES[provider]}</h2>
        <span className="muted" data-testid="key-count">
          {keys.length === 0 ? 'No key' : keys.length === 1 ? '1 key' : `${keys.length} keys`}
        </span>
      </header>
      {error && (
        <div className="error" role="alert" data-testid="provider-error">
          {error}
          <button type="button" className="link" onClick={() => clearError(provider)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {keys.length > 0 && (
        <ul className="keys">
          {keys.map((v) => (
            <KeyRow key={v.id} view={v} />
          ))}
        </ul>
      )}
      {adding ? (
        <KeyForm
          provider={provider}
          mode="add"
          busy={busy[`add:${provider}`] ?? false}
          onSubmit={(input) => add({ provider, ...input })}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" data-testid="add-key" onClick={() => setAdding(true)}>
          {keys.length === 0 ? 'Add key' : 'Add another key'}
        </button>
      )}
      <BaseUrlField provider={provider} />
    </section>
  );
}

export function IntegrationsPage() {
  const { vault, loading, loadError, checkingAll, integrations, load, checkAll } = useIntegrations();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page integrations">
      <header className="page-head">
        <h1>Integrations</h1>
        <button
          type="button"
          data-testid="check-all"
          onClick={() => void checkAll()}
          disabled={checkingAll || integrations.length === 0}
        >
          {checkingAll ? 'Checking…' : 'Check all'}
        </button>
      </header>
      {vault?.warning && (
        <div className="warning-banner" role="alert" data-testid="vault-warning" data-backend={vault.backend}>
          {vault.warning}
        </div>
      )}
      {vault && (
        <p className="muted" data-testid="vault-backend" data-backend={vault.backend}>
          Keys are stored in: {vault.label}. The app never shows a saved key again, only its last four characters.
        </p>
      )}
      {loadError && (
        <div className="error" role="alert" data-testid="integrations-error">
          {loadError}
        </div>
      )}
      {loading && !vault ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="provider-grid">
          {INTEGRATION_PROVIDERS.map((p) => (
            <ProviderCard key={p} provider={p} />
          ))}
        </div>
      )}
    </section>
  );
}
