// What the gateway needs from the ledger, pricing, budgets and limits. Implemented in
// main/ledger, main/pricing, main/budgets and main/limits; faked in gateway tests.
import type { CostSource, Nanos, ProviderId, RateLimitHint, Units } from './types';

/** One row per attempt. Retries are separate rows sharing `callId`. */
export interface AttemptRecord {
  callId: string;
  attempt: number; // 1-based
  ts: number; // epoch ms at attempt start
  provider: ProviderId;
  operation: string;
  endpoint: string;
  method: string;
  model: string | null;
  status: number | null; // null: no response (network error, abort before headers)
  latencyMs: number;
  requestBytes: number | null;
  responseBytes: number;
  errorCode: string | null; // ProviderError kind/providerCode or transport code
  units: Units;
  costNanos: Nanos | null;
  costSource: CostSource;
  priceVersion: string | null;
  providerRequestId: string | null;
  integrationId: string | null;
  jobId: string | null;
  contentId: string | null;
  meta: Record<string, string | number | boolean | null> | null;
  /** Human-readable failure text (redacted by the ledger before it is stored). */
  errorMessage?: string | null;
  /** The units are an estimate (aborted stream, missing usage): kept so re-pricing keeps the row `estimated`. */
  estimated?: boolean;
  /** A free endpoint (health check, list): re-pricing keeps it at 0. */
  free?: boolean;
  /** The tool that made the call through the local gateway (its virtual key's name); absent = the app itself. */
  client?: string | null;
}

export interface LedgerSink {
  /** Writes the attempt and its rollup in one transaction; returns the attempt's row id. */
  recordAttempt(record: AttemptRecord): number;
  /**
   * Write-ahead (paid calls): commits the attempt as in flight before its request leaves; returns the row id.
   * `onceKey` (a job's paid non-idempotent step) is taken in the same commit; if it was taken before, throws
   * (the call may already have been sent) and nothing is sent.
   */
  beginAttempt(record: AttemptRecord, onceKey?: string | null): number;
  /** Completes a write-ahead row; `releaseOnce` gives the key back when the request provably was not accepted. */
  completeAttempt(rowId: number, record: AttemptRecord, releaseOnce?: string | null): void;
  /**
   * Runs `writes` in one transaction (each ledger/budget write inside becomes a savepoint): the deferred writes
   * of several calls cost one commit instead of one each. Optional: without it each write commits on its own.
   */
  batch?(writes: () => void): void;
}

export interface PriceQuote {
  costNanos: Nanos | null;
  costSource: CostSource;
  priceVersion: string | null;
}

export interface Pricer {
  /** Reported cost wins; else computed from tables; unknown model/unit => unpriced (costNanos null), never 0. */
  price(input: {
    provider: ProviderId;
    model: string | null;
    units: Units;
    at: Date;
    reportedCostNanos?: Nanos;
    estimated?: boolean;
    /** Metered.free: priced 0 as `computed`. */
    free?: boolean;
    /** The ledger endpoint: names the priced product where there is no model (Exa "search", Perplexity "search"). */
    endpoint?: string;
    /** Metered.meta: pricing reads tier hints from it (Perplexity `search_context_size`, `search_type`). */
    meta?: Record<string, string | number | boolean | null> | null;
  }): PriceQuote;
}

export interface Reservation {
  id: string;
  amountNanos: Nanos;
}

export interface BudgetGuard {
  /**
   * Takes a worst-case reservation; throws AppError('budget_exceeded') on a hard stop. Free calls never come here.
   * `alongside` (the call's write-ahead row) runs in the same commit as the reservation's row, or on its own when
   * no budget needs a row; if it throws, the reservation is not taken. A guard may ignore it (the caller checks).
   */
  reserve(
    input: {
      callId: string;
      provider: ProviderId;
      integrationId: string | null;
      /** The ledger endpoint: names the per-operation cap that bounds a call of unknown cost. */
      endpoint: string;
      /** The call's worst case; null = unknown (refused under a hard budget unless a per-operation cap bounds it). */
      amountNanos: Nanos | null;
      /** The model the call is priced under, named in a refusal of unknown cost (the price the user could set). */
      model?: string | null;
    },
    alongside?: () => void,
  ): Reservation;
  /**
   * Replaces the reservation by the actual cost (null = unpriced: the reservation is released). Call it after the
   * call's attempts are recorded: spend is read from the ledger, so the cost must be there when the hold goes.
   */
  settle(reservation: Reservation, actualNanos: Nanos | null): void;
}

export interface Limiter {
  /** Fails fast with AppError('rate_limited', { details: { retryAt } }) when a limit would be exceeded. */
  acquire(input: { provider: ProviderId; operation: string; integrationId: string | null; now: number }): void;
  /** Corrects the provider's token bucket from response headers. */
  learn(provider: ProviderId, integrationId: string | null, hint: RateLimitHint, now: number): void;
  /**
   * An in-flight slot while the provider's plan caps concurrency: null = no cap known (go now), else resolves
   * to the slot's release once one is free (rejects if `signal` aborts first).
   */
  slot?(provider: ProviderId, integrationId: string | null, signal?: AbortSignal): Promise<() => void> | null;
}

export interface BaseUrls {
  /** Settings override, then AICON_<PROVIDER>_BASE_URL (or AICON_<PROVIDER>_<KEY>_BASE_URL), then the default. */
  resolve(provider: ProviderId, key?: string): string;
}
