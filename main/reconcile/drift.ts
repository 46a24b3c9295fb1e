// Drift, explained: vendor total − ledger total for one provider and window, split into parts that add up to
// the difference exactly. The vendor's own data names some parts (fees it itemises, calls it lists that the
// ledger never saw, credits it did not bill, the same units at another rate); the rest is attributed here:
// to calls made outside AICON when every own call is accounted for, else to calls still carried as
// estimates, else it stays "unexplained" — never hidden.
import type { DriftParts, DriftRow } from '../../preload/contract/reconcile';
import type { PeriodTotals, SettlementSum } from '../ledger/period-totals';
import type { VendorReading } from './types';

const ZERO: DriftParts = {
  outsideApp: 0,
  stillEstimated: 0,
  priceDifferences: 0,
  unmodelledFees: 0,
  freeTierCredits: 0,
  unexplained: 0,
};

export const sumParts = (p: DriftParts): number =>
  p.outsideApp + p.stillEstimated + p.priceDifferences + p.unmodelledFees + p.freeTierCredits + p.unexplained;

export function explainDrift(
  reading: VendorReading,
  ledger: PeriodTotals,
): { differenceNanos: number; parts: DriftParts } | null {
  if (reading.vendorNanos === null) return null;
  const differenceNanos = reading.vendorNanos - ledger.costNanos;
  const parts: DriftParts = { ...ZERO, ...reading.known };
  const remainder = differenceNanos - sumParts(parts);
  if (remainder !== 0) {
    // Calls made elsewhere can only add to the vendor's bill: a vendor total below the ledger is not "outside".
    if (reading.remainderIsOutside && remainder > 0 && ledger.estimatedAttempts === 0) parts.outsideApp += remainder;
    else if (ledger.estimatedAttempts > 0) parts.stillEstimated += remainder;
    else parts.unexplained += remainder;
  }
  return { differenceNanos, parts };
}

/** The row shown for a provider and period from the ledger, the settlements and the vendor's reading. */
export function driftRow(input: {
  provider: DriftRow['provider'];
  period: string;
  ledger: PeriodTotals;
  settled: SettlementSum;
  reading: VendorReading | null;
  state: DriftRow['state'];
  message: string;
  checkedAt: number | null;
  window: { from: number; to: number };
  origin: DriftRow['origin'];
}): DriftRow {
  const explained = input.reading ? explainDrift(input.reading, input.ledger) : null;
  return {
    provider: input.provider,
    period: input.period,
    state: input.state,
    message: input.message,
    checkedAt: input.checkedAt === null ? null : new Date(input.checkedAt).toISOString(),
    windowFrom: new Date(input.window.from).toISOString(),
    windowTo: new Date(input.window.to).toISOString(),
    ledgerNanos: input.ledger.costNanos,
    vendorNanos: input.reading?.vendorNanos ?? null,
    differenceNanos: explained?.differenceNanos ?? null,
    parts: explained?.parts ?? null,
    estimatedCalls: input.ledger.estimatedAttempts,
    estimatedNanos: input.ledger.estimatedNanos,
    unpricedCalls: input.ledger.unpricedAttempts,
    settled: input.settled,
    units: input.reading?.units ?? null,
    fees: input.reading?.fees ?? [],
    outsideCalls: input.reading?.outsideCalls ?? null,
    notes: input.reading?.notes ?? [],
    origin: input.origin,
  };
}
