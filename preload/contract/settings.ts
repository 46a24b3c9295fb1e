// App preferences (Settings screen), the keychain state explained, and outside-the-window alerts.
import { z } from 'zod';

export const notificationChannelsSchema = z.object({
  /** Desktop notifications sent by main (Electron). */
  native: z.boolean(),
  /** Through the creator's own SendGrid key: each mail is a ledgered call. */
  email: z.object({
    enabled: z.boolean(),
    integrationId: z.string().max(200).nullable(),
    from: z.string().max(320),
    to: z.string().max(320),
  }),
  /** Through the creator's own Twilio number: each SMS is a ledgered call. */
  sms: z.object({
    enabled: z.boolean(),
    integrationId: z.string().max(200).nullable(),
    from: z.string().max(40),
    to: z.string().max(40),
  }),
  /** A POST of the alert as JSON to a URL the creator owns. */
  webhook: z.object({ enabled: z.boolean(), url: z.string().max(2000) }),
});
export type NotificationChannels = z.infer<typeof notificationChannelsSchema>;

export const preferencesSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  /** IANA zone for budget periods, digests and reports; null = the system's. */
  timeZone: z.string().max(64).nullable(),
  /** How dollar amounts are shown: sub-cent digits for tiny amounts (auto), always cents, or always 4+ digits. */
  currencyDisplay: z.enum(['auto', 'cents', 'precise']),
  /** Scheduled key health checks; 0 turns them off. */
  healthCheckMinutes: z.number().int().min(0).max(1440),
  notifications: notificationChannelsSchema,
  digest: z.enum(['off', 'daily', 'weekly']),
  /** The longest video the HeyGen plan renders (Free 180 s, Pro 300 s, Scale 1800 s): caps a render's reservation. */
  heygenPlanMaxVideoSeconds: z
    .number()
    .int()
    .min(30)
    .max(4 * 3600),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const keychainAttemptSchema = z.object({
  backend: z.enum(['keychain', 'safe_storage', 'memory']),
  ok: z.boolean(),
  reason: z.string().nullable(),
});

export const keychainStateSchema = z.object({
  backend: z.enum(['keychain', 'safe_storage', 'memory']),
  label: z.string(),
  persistent: z.boolean(),
  warning: z.string().nullable(),
  /** What was tried at start-up, in order. */
  attempts: z.array(keychainAttemptSchema),
  platform: z.string(),
  /** How to get the OS keychain working here, when it is not. */
  fix: z.array(z.string()).nullable(),
});
export type KeychainState = z.infer<typeof keychainStateSchema>;

export const deliverySchema = z.object({
  channel: z.enum(['native', 'email', 'sms', 'webhook']),
  ok: z.boolean(),
  detail: z.string(),
  at: z.string(),
  kind: z.enum(['alert', 'digest', 'test']),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const settingsInfoSchema = z.object({
  preferences: preferencesSchema,
  systemTimeZone: z.string(),
  /** Versions of the bundled price data (genai-prices snapshot and our own tables). */
  priceData: z.array(z.string()),
  priceOverrides: z.number().int(),
});
export type SettingsInfo = z.infer<typeof settingsInfoSchema>;

export const settingsChannels = {
  'settings.get': { input: z.object({}).strict(), output: settingsInfoSchema },
  'settings.update': { input: preferencesSchema.partial().strict(), output: settingsInfoSchema },
  /** Opens the data folder in the file manager (desktop); web mode answers with the path to open by hand. */
  'settings.revealDataDir': {
    input: z.object({}).strict(),
    output: z.object({ revealed: z.boolean(), path: z.string() }),
  },
  'settings.keychain': { input: z.object({}).strict(), output: keychainStateSchema },
  /** Sends a test message on every enabled channel and says what happened on each. */
  'alerts.test': { input: z.object({}).strict(), output: z.object({ deliveries: z.array(deliverySchema) }) },
  /** Sends the spend digest for the last day/week now (the schedule sends it on its own). */
  'alerts.digestNow': {
    input: z.object({ period: z.enum(['daily', 'weekly']) }).strict(),
    output: z.object({ deliveries: z.array(deliverySchema) }),
  },
  'alerts.deliveries': { input: z.object({}).strict(), output: z.object({ deliveries: z.array(deliverySchema) }) },
} as const;
