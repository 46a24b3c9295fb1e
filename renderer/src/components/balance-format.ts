// Words for balances: amounts in their unit, reset countdowns and the pace sentence.
import type { Balance } from '../../../preload/contract/reconcile';

export function amount(unit: Balance['unit'], n: number): string {
  if (unit === 'usd') return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `${Math.round(n).toLocaleString('en-US')} ${unit}`;
}

/** "3 d 4 h", "5 h 12 min", "now". */
export function countdown(toIso: string, now: number): string {
  const ms = Date.parse(toIso) - now;
  if (ms <= 0) return 'now';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

const SUFFIX: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (SUFFIX[n % 10] ?? 'th')}`;

/** "At this rate you run out on the 23rd" (with the month when it is not this one). */
export function paceSentence(b: Balance, now: number): string {
  if (b.remaining <= 0) return 'Used up.';
  if (b.pacePerDay === null) return 'Pace not known yet (needs a second read).';
  if (b.runsOutAt === null)
    return `At ${amount(b.unit, b.pacePerDay)}/day it lasts${b.resetsAt ? ' past the reset' : ' over a year'}.`;
  const out = new Date(b.runsOutAt);
  const here = new Date(now);
  const sameMonth = out.getFullYear() === here.getFullYear() && out.getMonth() === here.getMonth();
  const day = `the ${ordinal(out.getDate())}${sameMonth ? '' : ` of ${out.toLocaleString('en-US', { month: 'long' })}`}`;
  const tail = b.resetsAt ? (b.runsOutBeforeReset ? ', before the reset' : ', after the reset') : '';
  return `At this rate you run out on ${day}${tail}.`;
}
