import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../main/integrations/circuit-breaker';

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, allows one trial after the cooldown, closes on success', () => {
    let now = 1_000;
    const breaker = new CircuitBreaker({ threshold: 3, cooldownMs: 500, now: () => now });
    breaker.recordFailure('k');
    breaker.recordFailure('k');
    expect(breaker.canAttempt('k')).toBe(true);
    breaker.recordFailure('k');
    expect(breaker.canAttempt('k')).toBe(false);
    expect(breaker.openUntil('k')).toBe(1_500);
    expect(breaker.canAttempt('other')).toBe(true);

    now = 1_500;
    expect(breaker.canAttempt('k')).toBe(true);
    breaker.recordFailure('k'); // the trial failed: open again for a full cooldown
    expect(breaker.openUntil('k')).toBe(2_000);

    now = 2_000;
    breaker.recordSuccess('k');
    expect(breaker.openUntil('k')).toBeNull();
    breaker.recordFailure('k');
    expect(breaker.canAttempt('k')).toBe(true); // the count restarted
  });
});
