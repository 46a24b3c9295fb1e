// A late settlement: the final units/cost of a call whose ledger row was written with an estimate (Twilio
// prices a message minutes after sending it; HeyGen knows a render's duration only when it completes).
// Providers produce these from a later lookup; the ledger applies them to the row with the same
// provider + providerRequestId, keeping the estimate in its history.
import type { Nanos, ProviderId, Units } from '../../gateway/types';

export interface LateSettlement {
  provider: ProviderId;
  /** The id the original ledger row carries (Metered.providerRequestId): Twilio SM…/CA… sid, HeyGen video id. */
  providerRequestId: string;
  /** The final units, replacing the estimate. */
  units: Units;
  /** The final cost as the provider reported it, in nano-USD (a charge is positive). Absent: price `units`. */
  reportedCostNanos?: Nanos;
  /** The provider bills nothing for it after all (a render that failed): the row settles at 0. */
  free?: boolean;
  /** Set when the provider billed in a currency we do not convert (the row then stays unpriced). */
  currency?: string;
  meta?: Record<string, string | number | boolean | null>;
}
