// The tray / menu-bar glance as plain data: what the Electron Tray (main/electron/tray.ts) shows, testable
// without Electron. Each clickable line names the screen it opens.
import { formatUsd } from '../../preload/contract/money';
import type { NotificationTarget } from '../alerts/notifier';

export type Dot = 'green' | 'amber' | 'red' | 'grey';

export interface GlanceSnapshot {
  profile: 'real' | 'demo';
  today: { costNanos: number; unpricedAttempts: number };
  month: { costNanos: number; unpricedAttempts: number };
  budgets: Array<{
    label: string;
    percentUsed: number;
    spentNanos: number;
    limitNanos: number;
    state: 'ok' | 'warning' | 'exceeded';
  }>;
  health: Array<{ provider: string; status: 'healthy' | 'failing' | 'unchecked' | 'unavailable' }>;
  runningJobs: Array<{ id: string; kind: string; progress: number }>;
}

export type MenuItem =
  | { kind: 'header'; label: string }
  | { kind: 'item'; label: string; target: NotificationTarget; dot?: Dot }
  | { kind: 'separator' }
  | { kind: 'quit'; label: string };

const unpricedNote = (n: number) => (n > 0 ? ` (excl. ${n.toLocaleString('en-US')} unpriced)` : '');
const budgetDot = (state: GlanceSnapshot['budgets'][number]['state']): Dot =>
  state === 'exceeded' ? 'red' : state === 'warning' ? 'amber' : 'green';
const HEALTH_DOT: Record<GlanceSnapshot['health'][number]['status'], Dot> = {
  healthy: 'green',
  failing: 'red',
  unavailable: 'amber',
  unchecked: 'grey',
};
/** A budget at or above this share of its limit counts as running low. */
export const LOW_AT_PERCENT = 80;

export function buildMenuModel(s: GlanceSnapshot): MenuItem[] {
  const items: MenuItem[] = [];
  if (s.profile === 'demo') items.push({ kind: 'header', label: 'Demo profile (fake history)' });
  items.push(
    {
      kind: 'item',
      label: `Today: ${formatUsd(s.today.costNanos)}${unpricedNote(s.today.unpricedAttempts)}`,
      target: 'dashboard',
    },
    {
      kind: 'item',
      label: `This month: ${formatUsd(s.month.costNanos)}${unpricedNote(s.month.unpricedAttempts)}`,
      target: 'dashboard',
    },
  );
  if (s.budgets.length) {
    items.push({ kind: 'separator' }, { kind: 'header', label: 'Budgets' });
    for (const b of s.budgets)
      items.push({
        kind: 'item',
        label: `${b.label}: ${Math.round(b.percentUsed)}% (${formatUsd(b.spentNanos)} of ${formatUsd(b.limitNanos)})`,
        target: 'budgets',
        dot: budgetDot(b.state),
      });
    const low = s.budgets.filter((b) => b.percentUsed >= LOW_AT_PERCENT);
    if (low.length) {
      items.push({ kind: 'header', label: 'Running low' });
      for (const b of low)
        items.push({
          kind: 'item',
          label: `${b.label}: ${formatUsd(Math.max(0, b.limitNanos - b.spentNanos))} left`,
          target: 'budgets',
          dot: budgetDot(b.state),
        });
    }
  }
  if (s.health.length) {
    items.push({ kind: 'separator' }, { kind: 'header', label: 'Providers' });
    for (const h of s.health)
      items.push({
        kind: 'item',
        label: `${h.provider}: ${h.status}`,
        target: 'integrations',
        dot: HEALTH_DOT[h.status],
      });
  }
  items.push({ kind: 'separator' });
  if (s.runningJobs.length) {
    items.push({ kind: 'header', label: `Jobs running (${s.runningJobs.length})` });
    for (const j of s.runningJobs.slice(0, 5))
      items.push({ kind: 'item', label: `${j.kind} ${Math.round(j.progress * 100)}%`, target: 'jobs' });
  } else items.push({ kind: 'item', label: 'No jobs running', target: 'jobs' });
  items.push({ kind: 'separator' }, { kind: 'item', label: 'Open AICON Studio', target: 'dashboard' });
  items.push({ kind: 'quit', label: 'Quit' });
  return items;
}

/** The tray's tooltip / menu-bar title: today's spend at a glance. */
export const trayTitle = (s: GlanceSnapshot): string =>
  `${s.profile === 'demo' ? 'Demo · ' : ''}Today ${formatUsd(s.today.costNanos)} · Month ${formatUsd(s.month.costNanos)}`;

const DOT_TEXT: Record<Dot, string> = { green: '●', amber: '◐', red: '✕', grey: '○' };

/** Plain-text rendering (tests, logs). */
export function menuText(items: MenuItem[]): string {
  return items
    .map((i) =>
      i.kind === 'separator'
        ? '──────────'
        : i.kind === 'header'
          ? `[${i.label}]`
          : i.kind === 'quit'
            ? i.label
            : `${i.dot ? `${DOT_TEXT[i.dot]} ` : ''}${i.label}  → ${i.target}`,
    )
    .join('\n');
}
