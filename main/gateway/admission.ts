// A paid call's admission in one commit: the budget reservation, and whatever must be durable with it (the
// limiter's count, attempt 1's write-ahead ledger row), so a crash never leaves a reservation without its row or
// a row without its reservation. Shared by the app's gateway and the local gateway.
import type { BudgetGuard, Reservation } from './deps';

/**
 * Reserves `input` with `admit` inside the reservation's commit; a throw from `admit` (a limiter refusal, a
 * failed row) undoes the reservation too. A guard that ignores `alongside` gets `admit` right after, and the
 * reservation handed back if it throws.
 */
export function reserveAndAdmit(
  budgets: BudgetGuard,
  input: Parameters<BudgetGuard['reserve']>[0],
  admit: () => void,
): Reservation {
  let admitted = false;
  const reservation = budgets.reserve(input, () => {
    admit();
    admitted = true;
  });
  if (!admitted) {
    try {
      admit();
    } catch (e) {
      budgets.settle(reservation, null);
      throw e;
    }
  }
  return reservation;
}
