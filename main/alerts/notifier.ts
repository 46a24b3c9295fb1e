// How main shows a desktop notification. Electron's Notification lives in main/electron/notifier.ts; web
// mode has none (alerts then reach the creator by email, SMS, webhook or the in-window toast).
export type NotificationTarget = 'budgets' | 'dashboard' | 'integrations' | 'jobs' | 'settings';

export interface NativeNotification {
  title: string;
  body: string;
  /** The screen a click opens. */
  target: NotificationTarget;
}

export interface Notifier {
  /** Throws when the platform refuses (no notification support). */
  notify(n: NativeNotification): void;
}
