// Leading + trailing throttle: the first value goes out at once, later ones at most once per
// interval, and the last value pushed is never lost (it goes out when the interval ends or on flush).
export interface Throttle<T> {
  push(value: T): void;
  /** Emits a pending value now (used before a state change so the final progress lands first). */
  flush(): void;
  /** Drops a pending value and stops the timer. */
  cancel(): void;
}

export function createThrottle<T>(
  intervalMs: number,
  emit: (value: T) => void,
  now: () => number = Date.now,
): Throttle<T> {
  let lastEmit = -Infinity;
  let pending: { value: T } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastEmit = now();
    emit(value);
  };

  return {
    push(value) {
      pending = { value };
      if (timer) return;
      const wait = lastEmit + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
