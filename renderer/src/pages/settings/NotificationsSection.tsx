// Where budget alerts and the spend digest go: desktop notifications, and optionally email (your SendGrid
// key), SMS (your Twilio number) or a webhook. Email and SMS are ledgered calls like any other.
import { useEffect, useState } from 'react';
import type { IntegrationView } from '../../../../preload/contract/integrations';
import type { Delivery, NotificationChannels, Preferences } from '../../../../preload/contract/settings';
import { api } from '../../api';
import { usePreferences } from '../../state/preferences';

function DeliveryList({ items }: { items: Delivery[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="plain-list" data-testid="deliveries">
      {items.slice(0, 6).map((d) => (
        <li key={`${d.at}-${d.channel}`} className={d.ok ? 'ok-note' : 'warn-note'}>
          {d.ok ? '✓' : '✕'} {d.channel} ({d.kind}, {new Date(d.at).toLocaleTimeString()}): {d.detail}
        </li>
      ))}
    </ul>
  );
}

export function NotificationsSection() {
  const { info, update, saving, error } = usePreferences();
  const [draft, setDraft] = useState<NotificationChannels | null>(null);
  const [keys, setKeys] = useState<IntegrationView[]>([]);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.integrations
      .list({})
      .then((l) => setKeys(l.integrations))
      .catch(() => setKeys([]));
    api.alerts
      .deliveries({})
      .then((d) => setDeliveries(d.deliveries))
      .catch(() => undefined);
  }, []);
  if (!info) return null;
  const n = draft ?? info.preferences.notifications;
  const edit = (patch: Partial<NotificationChannels>) => setDraft({ ...n, ...patch });
  const keysOf = (provider: string) => keys.filter((k) => k.provider === provider);
  const send = async (what: () => Promise<{ deliveries: Delivery[] }>) => {
    setBusy(true);
    try {
      const r = await what();
      setDeliveries([...r.deliveries, ...deliveries]);
    } finally {
      setBusy(false);
    }
  };
  const keySelect = (provider: 'sendgrid' | 'twilio', value: string | null, onChange: (id: string | null) => void) => (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid={`pref-${provider}-key`}>
      <option value="">
        {keysOf(provider).length
          ? 'Default key'
          : `No ${provider === 'sendgrid' ? 'SendGrid' : 'Twilio'} key yet (Integrations)`}
      </option>
      {keysOf(provider).map((k) => (
        <option key={k.id} value={k.id}>
          {k.label || k.provider} ••••{k.maskedSuffix.slice(-4)}
        </option>
      ))}
    </select>
  );
  return (
    <section className="settings-section" data-testid="settings-notifications">
      <h2>Alerts outside the window</h2>
      <div className="settings-grid">
        <span>Desktop</span>
        <label className="inline">
          <input
            type="checkbox"
            checked={n.native}
            onChange={(e) => edit({ native: e.target.checked })}
            data-testid="pref-native"
          />
          Notifications from the app (desktop only; a click opens Budgets)
        </label>
        <span>Email</span>
        <div className="inline wrap">
          <label className="inline">
            <input
              type="checkbox"
              checked={n.email.enabled}
              onChange={(e) => edit({ email: { ...n.email, enabled: e.target.checked } })}
              data-testid="pref-email"
            />
            via your SendGrid key
          </label>
          {keySelect('sendgrid', n.email.integrationId, (id) => edit({ email: { ...n.email, integrationId: id } }))}
          <input
            placeholder="from (verified sender)"
            value={n.email.from}
            onChange={(e) => edit({ email: { ...n.email, from: e.target.value } })}
          />
          <input
            placeholder="to"
            value={n.email.to}
            onChange={(e) => edit({ email: { ...n.email, to: e.target.value } })}
          />
        </div>
        <span>SMS</span>
        <div className="inline wrap">
          <label className="inline">
            <input
              type="checkbox"
              checked={n.sms.enabled}
              onChange={(e) => edit({ sms: { ...n.sms, enabled: e.target.checked } })}
              data-testid="pref-sms"
            />
            via your Twilio number
          </label>
          {keySelect('twilio', n.sms.integrationId, (id) => edit({ sms: { ...n.sms, integrationId: id } }))}
          <input
            placeholder="from +15551234567"
            value={n.sms.from}
            onChange={(e) => edit({ sms: { ...n.sms, from: e.target.value } })}
          />
          <input
            placeholder="to +15557654321"
            value={n.sms.to}
            onChange={(e) => edit({ sms: { ...n.sms, to: e.target.value } })}
          />
        </div>
        <span>Webhook</span>
        <div className="inline wrap">
          <label className="inline">
            <input
              type="checkbox"
              checked={n.webhook.enabled}
              onChange={(e) => edit({ webhook: { ...n.webhook, enabled: e.target.checked } })}
              data-testid="pref-webhook"
            />
            POST as JSON to
          </label>
          <input
            className="wide"
            placeholder="https://…"
            value={n.webhook.url}
            onChange={(e) => edit({ webhook: { ...n.webhook, url: e.target.value } })}
            data-testid="pref-webhook-url"
          />
        </div>
        <label htmlFor="pref-digest">Spend digest</label>
        <select
          id="pref-digest"
          value={info.preferences.digest}
          onChange={(e) => void update({ digest: e.target.value as Preferences['digest'] })}
          data-testid="pref-digest"
        >
          <option value="off">Off</option>
          <option value="daily">Daily (spend by provider and piece)</option>
          <option value="weekly">Weekly</option>
        </select>
      </div>
      <p className="muted">
        Email and SMS are sent with your own keys: each is a call in the ledger, priced and budgeted.
      </p>
      <div className="toolbar">
        <button
          type="button"
          disabled={saving || draft === null}
          onClick={() => void update({ notifications: n }).then((ok) => ok && setDraft(null))}
          data-testid="pref-notifications-save"
        >
          Save channels
        </button>
        <button
          type="button"
          disabled={busy || draft !== null}
          onClick={() => void send(() => api.alerts.test({}))}
          data-testid="alerts-test"
        >
          Send a test alert
        </button>
        <button
          type="button"
          disabled={busy || draft !== null}
          onClick={() => void send(() => api.alerts.digestNow({ period: 'daily' }))}
        >
          Send today's digest now
        </button>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <DeliveryList items={deliveries} />
    </section>
  );
}
