// Small in-memory stand-ins for the gateway's dependencies (ledger, pricing, budgets, limits) and a test
// provider descriptor with OpenAI-shaped errors and rate-limit headers.
import { AppError } from '../../main/core/errors';
import type {
  AttemptRecord,
  BudgetGuard,
  LedgerSink,
  Limiter,
  PriceQuote,
  Pricer,
  Reservation,
} from '../../main/gateway/deps';
import { classifyStatus } from '../../main/gateway/errors';
import {
  ProviderError,
  type Headers,
  type ProviderDescriptor,
  type ProviderId,
  type RateLimitHint,
  type UnitName,
  type Units,
} from '../../main/gateway/types';

export class MemoryLedger implements LedgerSink {
  readonly rows: AttemptRecord[] = [];
  /** Write-ahead rows not completed yet, by id; `rows` holds completed attempts in completion order. */
  readonly inFlight = new Map<number, AttemptRecord>();
  readonly onceKeys = new Set<string>();
  private nextId = 1_000_000;
  recordAttempt(record: AttemptRecord): number {
    this.rows.push(structuredClone(record));
    return this.rows.length;
  }
  beginAttempt(record: AttemptRecord, onceKey?: string | null): number {
    if (onceKey) {
      if (this.onceKeys.has(onceKey)) throw new AppError('conflict', `already sent: ${onceKey}`);
      this.onceKeys.add(onceKey);
    }
    const id = this.nextId++;
    this.inFlight.set(id, structuredClone(record));
    return id;
  }
  completeAttempt(rowId: number, record: AttemptRecord, releaseOnce?: string | null): void {
    if (!this.inFlight.delete(rowId)) throw new Error(`row ${rowId} completed twice or never begun`);
    this.rows.push(structuredClone(record));
    if (releaseOnce) this.onceKeys.delete(releaseOnce);
  }
  forCall(callId: string): AttemptRecord[] {
    return this.rows.filter((r) => r.callId === callId);
  }
}

/** Nano-USD per unit. Any unit without a rate, or the model "unknown-model", is unpriced. */
export class TablePricer implements Pricer {
  constructor(
    readonly rates: Partial<Record<UnitName, number>> = {
      input_tokens: 1_000,
      cached_input_tokens: 250,
      output_tokens: 4_000,
      reasoning_tokens: 4_000,
      characters: 300,
    },
  ) {}
  price(input: {
    model: string | null;
    units: Units;
    reportedCostNanos?: number;
    estimated?: boolean;
    free?: boolean;
  }): PriceQuote {
    if (input.free) return { costNanos: 0, costSource: 'computed', priceVersion: null };
    if (input.reportedCostNanos !== undefined)
      return { costNanos: input.reportedCostNanos, costSource: 'provider_reported', priceVersion: null };
    if (input.model === 'unknown-model') return { costNanos: null, costSource: 'unpriced', priceVersion: null };
    let total = 0;
    for (const [unit, n] of Object.entries(input.units) as Array<[UnitName, number]>) {
      const rate = this.rates[unit];
      if (rate === undefined) return { costNanos: null, costSource: 'unpriced', priceVersion: null };
      total += Math.round(n * rate);
    }
    return { costNanos: total, costSource: input.estimated ? 'estimated' : 'computed', priceVersion: 'test-prices-1' };
  }
}

export class MemoryBudgets implements BudgetGuard {
  readonly open = new Map<string, Reservation>();
  readonly settled: Array<{ reservation: Reservation; actualNanos: number | null }> = [];
  spentNanos = 0;
  private seq = 0;

  constructor(readonly limitNanos: number | null = null) {}

  reserve(input: { callId: string; amountNanos: number | null }): Reservation {
    const amount = input.amountNanos ?? 0;
    const reserved = [...this.open.values()].reduce((s, r) => s + r.amountNanos, 0);
    if (this.limitNanos !== null && this.spentNanos + reserved + amount > this.limitNanos) {
      throw new AppError('budget_exceeded', 'budget exceeded', { limitNanos: this.limitNanos });
    }
    const r = { id: `res-${++this.seq}`, amountNanos: amount };
    this.open.set(r.id, r);
    return r;
  }

  settle(reservation: Reservation, actualNanos: number | null): void {
    if (!this.open.delete(reservation.id)) throw new Error(`reservation ${reservation.id} settled twice or unknown`);
    this.settled.push({ reservation, actualNanos });
    this.spentNanos += actualNanos ?? 0;
  }
}

export class MemoryLimiter implements Limiter {
  readonly acquired: Array<{ provider: ProviderId; operation: string }> = [];
  readonly learned: RateLimitHint[] = [];
  /** When set, acquire() fails fast like the real limiter. */
  rejectWith: AppError | null = null;

  acquire(input: { provider: ProviderId; operation: string }): void {
    if (this.rejectWith) throw this.rejectWith;
    this.acquired.push({ provider: input.provider, operation: input.operation });
  }

  learn(_provider: ProviderId, _integrationId: string | null, hint: RateLimitHint): void {
    this.learned.push(hint);
  }
}

const header = (h: Headers, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** OpenAI-shaped: `{error:{message,type,code}}`, insufficient_quota is a non-retryable 429. */
export function testDescriptor(overrides: Partial<ProviderDescriptor> = {}): ProviderDescriptor {
  const id = overrides.id ?? 'openai';
  return {
    id,
    displayName: 'Test provider',
    defaultBaseUrl: 'http://127.0.0.1:9/v1',
    authHeaders: (c) => ({ authorization: `Bearer ${c.secret}` }),
    classifyError(status, headers, bodyText) {
      let code: string | null = null;
      let message = `HTTP ${status}`;
      try {
        const body = JSON.parse(bodyText) as { error?: { code?: string; message?: string } };
        code = body.error?.code ?? null;
        message = body.error?.message ?? message;
      } catch {
        // not JSON (a proxy's HTML page): the status decides
      }
      const base = classifyStatus(id, status, headers, message);
      if (code === 'insufficient_quota')
        return new ProviderError({ provider: id, kind: 'quota', status, message, providerCode: code });
      return new ProviderError({
        provider: id,
        kind: base.kind,
        status,
        message,
        retryable: base.retryable,
        retryAfterMs: base.retryAfterMs,
        providerCode: code,
        requestId: header(headers, 'x-request-id') ?? null,
      });
    },
    rateLimitHint(headers, now) {
      const remaining = header(headers, 'x-ratelimit-remaining-requests');
      if (remaining === undefined) return null;
      const resetS = Number.parseFloat(header(headers, 'x-ratelimit-reset-requests') ?? '');
      return {
        requestsRemaining: Number(remaining),
        ...(Number.isFinite(resetS) ? { requestsResetAt: now + resetS * 1000 } : {}),
      };
    },
    ...overrides,
  };
}
