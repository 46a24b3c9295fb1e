// Calls the app stopped in the middle of: the ledger settled them at start-up at their worst-case estimate.
import { UNKNOWN_BILLING_CODE } from '../../../preload/contract/ledger';

export const UNKNOWN_BILLING_TEXT = 'Unknown billing — the app stopped mid-call; counted at its worst case';

export const isUnknownBilling = (row: { errorCode: string | null }) => row.errorCode === UNKNOWN_BILLING_CODE;

/** Short in a call-log row (the full sentence on hover), the whole sentence in the drill-down. */
export function UnknownBillingBadge({ long = false }: { long?: boolean }) {
  return (
    <span className="badge unknown-billing" data-testid="unknown-billing-badge" title={UNKNOWN_BILLING_TEXT}>
      {long ? UNKNOWN_BILLING_TEXT : 'Unknown billing'}
    </span>
  );
}
