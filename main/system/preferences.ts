// The creator's preferences (Settings screen), stored as one JSON value in the settings table.
// Checked on write: a bad zone, address or URL is refused with a typed error and nothing changes.
import { type Preferences, preferencesSchema } from '../../preload/contract/settings';
import { AppError } from '../core/errors';
import { assertTimeZone } from '../ledger/timezones';
import { HEYGEN_MAX_VIDEO_SECONDS } from '../providers/heygen/plan';
import type { SettingsStore } from './settings';

export const PREFERENCES_SETTING = 'preferences';

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  timeZone: null,
  currencyDisplay: 'auto',
  healthCheckMinutes: 15,
  notifications: {
    native: true,
    email: { enabled: false, integrationId: null, from: '', to: '' },
    sms: { enabled: false, integrationId: null, from: '', to: '' },
    webhook: { enabled: false, url: '' },
  },
  digest: 'off',
  heygenPlanMaxVideoSeconds: HEYGEN_MAX_VIDEO_SECONDS,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[1-9]\d{6,14}$/;

function check(p: Preferences): Preferences {
  if (p.timeZone !== null) {
    try {
      assertTimeZone(p.timeZone);
    } catch {
      throw new AppError('invalid_input', `Unknown time zone "${p.timeZone}": use an IANA name like Europe/Paris.`);
    }
  }
  const { email, sms, webhook } = p.notifications;
  if (email.enabled && (!EMAIL.test(email.from) || !EMAIL.test(email.to)))
    throw new AppError('invalid_input', 'Email alerts need a sender and a recipient address (name@example.com).');
  if (sms.enabled && (!PHONE.test(sms.from) || !PHONE.test(sms.to)))
    throw new AppError(
      'invalid_input',
      'SMS alerts need your Twilio number and your phone in E.164 form (+15551234567).',
    );
  if (webhook.enabled) {
    let url: URL;
    try {
      url = new URL(webhook.url);
    } catch {
      throw new AppError('invalid_input', 'The webhook needs a full URL (https://…).');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname)))
      throw new AppError('invalid_input', 'The webhook URL must use https (plain http only to this machine).');
  }
  return p;
}

export interface PreferencesStore {
  get(): Preferences;
  update(patch: Partial<Preferences>): Preferences;
  onChange(listener: (p: Preferences, before: Preferences) => void): void;
}

export function createPreferences(settings: SettingsStore): PreferencesStore {
  const listeners: Array<(p: Preferences, before: Preferences) => void> = [];
  const get = (): Preferences => {
    const stored = preferencesSchema.partial().safeParse(settings.get(PREFERENCES_SETTING, {}));
    const merged = { ...DEFAULT_PREFERENCES, ...(stored.success ? stored.data : {}) };
    merged.notifications = { ...DEFAULT_PREFERENCES.notifications, ...merged.notifications };
    return merged;
  };
  return {
    get,
    update(patch) {
      const before = get();
      const next = check(preferencesSchema.parse({ ...before, ...patch }));
      settings.set(PREFERENCES_SETTING, next);
      for (const l of listeners) l(next, before);
      return next;
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
