// Where budget alerts and the spend digest go: desktop notifications, and optionally email (your SendGrid
// key), SMS (your Twilio number) or a webhook. Email and SMS are ledgered calls like any other.
import { useEffect, useState } from 'react';
import type { IntegrationView } from '../../../../preload/contract/integrations';
import type { Delivery, NotificationChannels, Preferences } from '../../../../preload/contract/settings';
import { api } from '../../api';
import { usePreferences } from '../../state/preferences';

type ChannelKey = 'email' | 'sms' | 'webhook';
/** The text fields of a channel (every one is a string in the preferences). */
type FieldName = 'from' | 'to' | 'url';
type ChannelValue = { enabled: boolean; integrationId?: string | null } & Partial<Record<FieldName, string>>;

interface ChannelSpec {
  key: ChannelKey;
  label: string;
  /** What turning it on means. */
  toggle: string;
  /** The provider whose key sends it (email, SMS); the webhook needs none. */
  provider?: 'sendgrid' | 'twilio';
  fields: { name: FieldName; placeholder: string; wide?: boolean }[];
}

/** The three channels outside the app, one row each in the same shape. */
const CHANNELS: readonly ChannelSpec[] = [
  {
    key: 'email',
    label: 'Email',
    toggle: 'via your SendGrid key',
    provider: 'sendgrid',
    fields: [
      { name: 'from', placeholder: 'from (verified sender)' },
      { name: 'to', placeholder: 'to' },
    ],
  },
  {
    key: 'sms',
    label: 'SMS',
    toggle: 'via your Twilio number',
    provider: 'twilio',
    fields: [
      { name: 'from', placeholder: 'from +15551234567' },
      { name: 'to', placeholder: 'to +15557654321' },
    ],
  },
  {
    key: 'webhook',
    label: 'Webhook',
    toggle: 'POST as JSON to',
    fields: [{ name: 'url', placeholder: 'https://…', wide: true }],
  },
];

const PROVIDER_NAME = { sendgrid: 'SendGrid', twilio: 'Twilio' } as const;

function KeySelect({
  provider,
  keys,
  value,
  onChange,
}: {
  provider: 'sendgrid' | 'twilio';
  keys: IntegrationView[];
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  return (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid={`pref-${provider}-key`}>
      <option value="">{keys.length ? 'Default key' : `No ${PROVIDER_NAME[provider]} key yet (Integrations)`}</option>
      {keys.map((k) => (
        <option key={k.id} value={k.id}>
          {k.label || k.provider} ••••{k.maskedSuffix.slice(-4)}
        </option>
      ))}
    </select>
  );
}

function ChannelRow({
  spec,
  value,
  keys,
  onChange,
}: {
  spec: ChannelSpec;
  value: ChannelValue;
  keys: IntegrationView[];
  onChange: (next: ChannelValue) => void;
}) {
  return (
    <>
      <span>{spec.label}</span>
      <div className="inline wrap">
        <label className="inline">
          <input
            type="checkbox"
            checked={value.enabled}
            onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
            data-testid={`pref-${spec.key}`}
          />
          {spec.toggle}
        </label>
        {spec.provider && (
          <KeySelect
            provider={spec.provider}
            keys={keys.filter((k) => k.provider === spec.provider)}
            value={value.integrationId ?? null}
            onChange={(id) => onChange({ ...value, integrationId: id })}
          />
        )}
        {spec.fields.map((f) => (
          <input
            key={f.name}
            className={f.wide ? 'wide' : undefined}
            placeholder={f.placeholder}
            value={value[f.name] ?? ''}
            onChange={(e) => onChange({ ...value, [f.name]: e.target.value })}
            data-testid={`pref-${spec.key}-${f.name}`}
          />
        ))}
      </div>
    </>
  );
}

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
  const send = async (what: () => Promise<{ deliveries: Delivery[] }>) => {
    setBusy(true);
    try {
      const r = await what();
      setDeliveries([...r.deliveries, ...deliveries]);
    } finally {
      setBusy(false);
    }
  };
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
        {CHANNELS.map((spec) => (
          <ChannelRow
            key={spec.key}
            spec={spec}
            value={n[spec.key]}
            keys={keys}
            onChange={(next) => edit({ [spec.key]: next } as Partial<NotificationChannels>)}
          />
        ))}
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
