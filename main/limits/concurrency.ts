// Plan concurrency caps (ElevenLabs `maximum-concurrent-requests`): once a provider has told us its cap, at most
// that many of our requests per account are in flight; the rest wait their turn (first come, first served)
// instead of drawing a 429 and a retry storm. Unknown cap = no gate at all (the fast path stays synchronous).

/** Gives the slot back; calling it twice is harmless. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

class AccountGate {
  inFlight = 0;
  readonly waiting: Waiter[] = [];
  constructor(public limit: number) {}
}

export class ConcurrencyGate {
  private readonly gates = new Map<string, AccountGate>();

  /** Records the cap a provider reported for this account; a lower cap applies to the next start. */
  setLimit(account: string, limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) return;
    const gate = this.gates.get(account);
    if (gate) {
      gate.limit = limit;
      this.drain(gate);
    } else this.gates.set(account, new AccountGate(limit));
  }

  limitOf(account: string): number | null {
    return this.gates.get(account)?.limit ?? null;
  }

  inFlight(account: string): number {
    return this.gates.get(account)?.inFlight ?? 0;
  }

  /**
   * A slot for one request: null when no cap is known (nothing to wait for or release), else a promise of the
   * release once a slot is free. Rejects with the signal's reason if aborted while waiting.
   */
  enter(account: string, signal?: AbortSignal): Promise<ReleaseSlot> | null {
    const gate = this.gates.get(account);
    if (!gate) return null;
    if (gate.inFlight < gate.limit && gate.waiting.length === 0) return Promise.resolve(this.take(gate));
    return new Promise<ReleaseSlot>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          const i = gate.waiting.indexOf(waiter);
          if (i >= 0) gate.waiting.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      gate.waiting.push(waiter);
    });
  }

  private take(gate: AccountGate): ReleaseSlot {
    gate.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      gate.inFlight--;
      this.drain(gate);
    };
  }

  private drain(gate: AccountGate): void {
    while (gate.inFlight < gate.limit) {
      const next = gate.waiting.shift();
      if (!next) break;
      next.signal?.removeEventListener('abort', next.onAbort);
      next.grant(this.take(gate));
    }
  }
}
