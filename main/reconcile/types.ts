// What one vendor fetch yields, before it is compared with the ledger. Adapters in vendors/ produce these.
import type { Balance, DriftParts, ReconcileState } from '../../preload/contract/reconcile';
import type { ProviderId } from '../gateway/types';

/** A fetch that did not give a vendor figure: typed, never a zero. */
export interface FetchFailure {
  state: Exclude<ReconcileState, 'ok' | 'never'>;
  message: string;
  errorKind?: string | null;
}

export type BalanceReading = Pick<Balance, 'unit' | 'remaining' | 'total' | 'used' | 'periodStart' | 'resetsAt'>;

export interface VendorReading {
  /** The window the vendor figure covers, epoch ms [from, to). */
  window: { from: number; to: number };
  /** The vendor's total for the window in nano-USD; null when it counts only units (credits not priced). */
  vendorNanos: number | null;
  /** Parts the vendor's own data identifies (the rest is attributed by drift.ts). */
  known: Partial<Omit<DriftParts, 'stillEstimated' | 'unexplained'>>;
  /** True when everything not otherwise explained was made outside AICON (all own calls are settled or counted). */
  remainderIsOutside: boolean;
  fees: Array<{ category: string; nanos: number }>;
  outsideCalls: number | null;
  units: { unit: string; ledger: number; vendor: number; outside: number | null } | null;
  /** Per-call settlements this fetch applied. */
  settledNow: number;
  balance: BalanceReading | null;
  message: string;
  notes: string[];
}

export type FetchOutcome = { state: 'ok'; reading: VendorReading } | FetchFailure;

export interface FetchContext {
  provider: ProviderId;
  /** The calendar month asked for (UTC), epoch ms [from, to). */
  month: { key: string; from: number; to: number };
  now: number;
}
