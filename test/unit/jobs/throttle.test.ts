import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../../main/jobs/throttle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress throttle', () => {
  it('emits the first value at once, then the latest value once per interval', () => {
    const out: number[] = [];
    const t = createThrottle<number>(
      100,
      (v) => out.push(v),
      () => Date.now(),
    );
    t.push(1);
    t.push(2);
    t.push(3);
    expect(out).toEqual([1]);
    vi.advanceTimersByTime(99);
    expect(out).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(out).toEqual([1, 3]);
    vi.advanceTimersByTime(500);
    t.push(4);
    expect(out).toEqual([1, 3, 4]);
  });

  it('flush sends a pending value now; cancel drops it', () => {
    const out: number[] = [];
    const t = createThrottle<number>(
      100,
      (v) => out.push(v),
      () => Date.now(),
    );
    t.push(1);
    t.push(2);
    t.flush();
    expect(out).toEqual([1, 2]);
    t.push(3);
    t.cancel();
    vi.advanceTimersByTime(1_000);
    expect(out).toEqual([1, 2]);
  });
});
