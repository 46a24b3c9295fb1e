// After `threshold` consecutive failures, scheduled checks skip a key for `cooldownMs`, so a dead
// provider (or a revoked key) is not hammered. A success closes the breaker.
export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  now: () => number;
}

interface BreakerState {
  failures: number;
  openUntil: number | null;
}

export class CircuitBreaker {
  private readonly states = new Map<string, BreakerState>();

  constructor(private readonly opts: BreakerOptions) {}

  /** False while the breaker is open; after the cooldown one trial attempt is allowed. */
  canAttempt(key: string): boolean {
    const until = this.states.get(key)?.openUntil;
    return until == null || this.opts.now() >= until;
  }

  recordSuccess(key: string): void {
    this.states.delete(key);
  }

  recordFailure(key: string): void {
    const state = this.states.get(key) ?? { failures: 0, openUntil: null };
    state.failures += 1;
    if (state.failures >= this.opts.threshold) state.openUntil = this.opts.now() + this.opts.cooldownMs;
    this.states.set(key, state);
  }

  /** Epoch ms until which attempts are skipped, or null when closed. */
  openUntil(key: string): number | null {
    const until = this.states.get(key)?.openUntil ?? null;
    return until !== null && this.opts.now() < until ? until : null;
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
