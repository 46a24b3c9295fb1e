// Seconds left until a waiting job runs again (a rate-limit window, a poll), ticking once a second.
import { useEffect, useState } from 'react';
import { formatWait, secondsUntil } from './wait-format';

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
