// How long a waiting job still waits, in words (pure: the countdown component and its tests use it).
import { RATE_LIMIT_WAIT_PREFIX } from '../../../preload/contract/jobs';

export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5_400) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A waiting job's message is a rate-limit wait (the jobs service words it so). */
export const isRateLimitWait = (state: string, message: string | null) =>
  state === 'waiting' && (message ?? '').startsWith(RATE_LIMIT_WAIT_PREFIX);
