// Reconciliation periods are UTC calendar months: vendors bill and report in UTC (OpenRouter monthly usage,
// Twilio usage records, the OpenAI/Anthropic cost reports), so a local-time month would never match theirs.
import { AppError } from '../core/errors';

export interface Month {
  key: string;
  from: number;
  to: number;
}

export function monthOf(ts: number): Month {
  const d = new Date(ts);
  return monthFromKey(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
}

export function monthFromKey(key: string): Month {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (!m) throw new AppError('invalid_input', `A period is YYYY-MM, got "${key.slice(0, 20)}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { key, from: Date.UTC(y, mo, 1), to: Date.UTC(y, mo + 1, 1) };
}

/** The part of a month that has happened by `now`. */
export const elapsedEnd = (month: Month, now: number): number => Math.min(month.to, Math.max(month.from, now));
