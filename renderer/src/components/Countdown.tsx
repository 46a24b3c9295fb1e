// Seconds left until a waiting job runs again (a rate-limit window, a poll), ticking once a second.
import { useEffect, useState } from 'react';

export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5_400) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function Countdown({ until, testId }: { until: string; testId?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = secondsUntil(until, now);
  return (
    <span className="countdown" data-testid={testId} title={new Date(until).toLocaleString()}>
      {left > 0 ? `runs again in ${formatWait(left)}` : 'running again…'}
    </span>
  );
}

/** A waiting job's message is a rate-limit wait (the jobs service words it so). */
export const isRateLimitWait = (state: string, message: string | null) =>
  state === 'waiting' && (message ?? '').startsWith('Rate limited');
