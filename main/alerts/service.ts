// Alerts that reach the creator outside the window: budget thresholds as they are crossed, and a daily or
// weekly spend digest, on the channels chosen in Settings. Deliveries are kept (last 50) so Settings can
// say what happened on each channel.
import type { Delivery, Preferences } from '../../preload/contract/settings';
import type { BudgetAlertEvent } from '../budgets/service';
import type { Logger } from '../core/logger';
import type { CallQueries } from '../ledger/call-queries';
import type { SummaryQueries } from '../ledger/summary';
import type { PreferencesStore } from '../system/preferences';
import type { SettingsStore } from '../system/settings';
import { type ChannelDeps, deliver } from './channels';
import { type AlertMessage, budgetAlertMessage, type Digest, digestMessage } from './messages';
import type { NotificationTarget } from './notifier';

const DELIVERIES_SETTING = 'alerts.deliveries';
const DIGEST_SENT_SETTING = 'alerts.digestSentAt';
const KEEP = 50;
const DAY_MS = 86_400_000;
const PERIOD_MS = { daily: DAY_MS, weekly: 7 * DAY_MS } as const;

export interface AlertServiceDeps extends ChannelDeps {
  profile: 'real' | 'demo';
  preferences: PreferencesStore;
  settings: SettingsStore;
  summary: Pick<SummaryQueries, 'summary'>;
  calls: Pick<CallQueries, 'spendByContent'>;
  /** A content piece's title, or null when it is gone. */
  pieceTitle: (id: string) => string | null;
  timeZone: () => string;
  logger: Logger;
}

export class AlertService {
  private timer: NodeJS.Timeout | null = null;
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly d: AlertServiceDeps) {}

  /** Called for every crossed threshold; never throws (a failed channel is logged and recorded). */
  onBudgetAlert(alert: BudgetAlertEvent): void {
    this.track(this.send(budgetAlertMessage(alert, this.d.profile), 'alert', 'budgets'));
  }

  test(): Promise<Delivery[]> {
    const demo = this.d.profile === 'demo' ? '[Demo] ' : '';
    return this.send(
      {
        title: `${demo}AICON Studio test alert`,
        body: 'Alerts reach you here when a budget passes a threshold.',
        data: { type: 'test' },
      },
      'test',
      'settings',
    );
  }

  digest(period: 'daily' | 'weekly', at = this.d.now()): Digest {
    const to = at.getTime();
    const from = to - PERIOD_MS[period];
    const s = this.d.summary.summary({ from, to, timeZone: this.d.timeZone() });
    return {
      period,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totalNanos: s.totals.costNanos,
      unpricedAttempts: s.totals.unpricedAttempts,
      byProvider: s.byProvider
        .filter((p) => p.attempts > 0)
        .sort((a, b) => b.costNanos - a.costNanos)
        .map((p) => ({
          label: p.provider,
          costNanos: p.costNanos,
          attempts: p.attempts,
          unpricedAttempts: p.unpricedAttempts,
        })),
      byPiece: this.d.calls.spendByContent(from, to, 5).map((c) => ({
        label: this.d.pieceTitle(c.contentId) ?? c.contentId,
        costNanos: c.costNanos,
        attempts: c.attempts,
        unpricedAttempts: c.unpricedAttempts,
      })),
    };
  }

  async sendDigest(period: 'daily' | 'weekly'): Promise<Delivery[]> {
    const out = await this.send(digestMessage(this.digest(period), this.d.profile), 'digest', 'dashboard');
    this.d.settings.set(DIGEST_SENT_SETTING, this.d.now().toISOString());
    return out;
  }

  /** Sends the digest when one is due (the schedule calls this; tests call it with their clock). */
  async runDueDigest(): Promise<Delivery[] | null> {
    const prefs = this.d.preferences.get();
    if (prefs.digest === 'off') return null;
    const last = this.d.settings.get<string | null>(DIGEST_SENT_SETTING, null);
    if (last && this.d.now().getTime() - Date.parse(last) < PERIOD_MS[prefs.digest]) return null;
    return this.sendDigest(prefs.digest);
  }

  deliveries(): Delivery[] {
    return this.d.settings.get<Delivery[]>(DELIVERIES_SETTING, []);
  }

  startSchedule(intervalMs: number): void {
    this.stopSchedule();
    this.timer = setInterval(() => this.track(this.runDueDigest()), intervalMs);
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the schedule and waits for deliveries in flight (they use the gateway and the database). */
  async close(): Promise<void> {
    this.stopSchedule();
    await Promise.allSettled([...this.pending]);
  }

  private async send(msg: AlertMessage, kind: Delivery['kind'], target: NotificationTarget): Promise<Delivery[]> {
    const prefs: Preferences = this.d.preferences.get();
    const out = await deliver(this.d, prefs, msg, kind, target);
    for (const f of out.filter((x) => !x.ok)) this.d.logger.warn(`alerts: ${f.channel} failed: ${f.detail}`);
    if (out.length) this.d.settings.set(DELIVERIES_SETTING, [...out, ...this.deliveries()].slice(0, KEEP));
    return out;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p
      .catch((e) => this.d.logger.error('alerts: delivery failed', e))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
