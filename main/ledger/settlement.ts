// Applying a provider's late settlement (Twilio's final `price`, a HeyGen render's real duration) to the ledger:
// the billed row with the provider's id gets the final units and their cost. Repeating a settlement changes
// nothing, so callers may re-apply one after a restart.
import type { Pricer } from '../gateway/deps';
import type { LateSettlement } from '../providers/shared/settlement';
import type { CostChange, Ledger, SettlementRow, UnitSettlement } from './ledger';

/** The final cost of a settled row: free, reported by the provider, unconvertible (unpriced) or priced from units. */
export function settlementCost(pricer: Pricer, settlement: LateSettlement, row: SettlementRow): CostChange {
  const base = {
    provider: settlement.provider,
    model: row.model,
    units: settlement.units,
    at: new Date(row.ts),
    endpoint: row.endpoint,
    meta: settlement.meta ?? null,
  };
  if (settlement.free) return pricer.price({ ...base, units: {}, free: true });
  if (settlement.reportedCostNanos !== undefined)
    return pricer.price({ ...base, reportedCostNanos: settlement.reportedCostNanos });
  if (settlement.currency !== undefined) return { costNanos: null, costSource: 'unpriced', priceVersion: null };
  return pricer.price(base);
}

/**
 * Settles the billed row the settlement refers to (looked for since `sinceTs`). Null when there is no such row
 * (e.g. the call was never ledgered); otherwise the row's previous and final cost.
 */
export function applyLateSettlement(
  ledger: Ledger,
  pricer: Pricer,
  settlement: LateSettlement,
  sinceTs: number,
): UnitSettlement | null {
  return ledger.settleUnits(
    { provider: settlement.provider, providerRequestId: settlement.providerRequestId, sinceTs },
    settlement.units,
    (row) => settlementCost(pricer, settlement, row),
  );
}
