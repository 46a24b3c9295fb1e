// The words of an alert and of a spend digest, shared by every channel (native, email, SMS, webhook).
import type { BudgetAlertEvent } from '../budgets/service';
import { formatUsd } from '../../preload/contract/money';

export interface AlertMessage {
  title: string;
  body: string;
  /** The structured payload a webhook receives. */
  data: Record<string, unknown>;
}

export function budgetAlertMessage(a: BudgetAlertEvent, profile: 'real' | 'demo'): AlertMessage {
  const scope = a.scope === 'overall' ? 'All providers' : `${a.scope} ${a.scopeId}`;
  const demo = profile === 'demo' ? '[Demo] ' : '';
  const crossed = a.threshold >= 100 ? 'reached its limit' : `passed ${a.threshold}%`;
  return {
    title: `${demo}Budget ${crossed}`,
    body: `${scope} (${a.period}, ${a.periodKey}): ${formatUsd(a.spentNanos)} of ${formatUsd(a.limitNanos)}${a.mode === 'hard' ? ' — hard limit: calls over it are refused' : ''}.`,
    data: { type: 'budget.alert', profile, ...a },
  };
}

export interface DigestLine {
  label: string;
  costNanos: number;
  attempts: number;
  unpricedAttempts: number;
}

export interface Digest {
  period: 'daily' | 'weekly';
  from: string;
  to: string;
  totalNanos: number;
  unpricedAttempts: number;
  byProvider: DigestLine[];
  byPiece: DigestLine[];
}

const line = (l: DigestLine) =>
  `${l.label}: ${formatUsd(l.costNanos)} (${l.attempts.toLocaleString('en-US')} calls${l.unpricedAttempts ? `, ${l.unpricedAttempts} unpriced` : ''})`;

export function digestMessage(d: Digest, profile: 'real' | 'demo'): AlertMessage {
  const demo = profile === 'demo' ? '[Demo] ' : '';
  const lines = [
    `${d.from.slice(0, 10)} to ${d.to.slice(0, 10)}: ${formatUsd(d.totalNanos)}${d.unpricedAttempts ? ` (excludes ${d.unpricedAttempts} unpriced calls)` : ''}`,
    ...(d.byProvider.length
      ? ['By provider:', ...d.byProvider.map((l) => `- ${line(l)}`)]
      : ['No calls in this period.']),
    ...(d.byPiece.length ? ['By piece:', ...d.byPiece.map((l) => `- ${line(l)}`)] : []),
  ];
  return {
    title: `${demo}AICON ${d.period === 'daily' ? 'daily' : 'weekly'} spend: ${formatUsd(d.totalNanos)}`,
    body: lines.join('\n'),
    data: { type: 'digest', profile, ...d },
  };
}
