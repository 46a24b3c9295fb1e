import type { PartialHandlers } from '../core/router';
import { AppError } from '../core/errors';
import type { z } from 'zod';
import type { budgetStatusSchema } from '../../preload/contract/budgets';
import type { CallQueries } from './call-queries';
import type { SummaryQueries } from './summary';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

const range = (input: { from: string; to: string }): { from: number; to: number } => {
  const from = time(input.from);
  const to = time(input.to);
  if (to <= from) throw new AppError('invalid_input', '"to" must be after "from"');
  return { from, to };
};

export function ledgerHandlers(deps: {
  summary: SummaryQueries;
  calls: CallQueries;
  /** The budgets' state now (the dashboard's first screen shows it beside the spend). */
  budgetStatus: () => z.infer<typeof budgetStatusSchema>[];
}): PartialHandlers {
  return {
    // Long ranges are read block by block with turns of the event loop between (IPC and the gateway go on).
    'ledger.summary': (input) => deps.summary.summaryYielding({ ...input, ...range(input) }),
    'ledger.dashboard': async ({ month, ...input }) => ({
      summary: await deps.summary.summaryYielding({ ...input, ...range(input) }),
      month: deps.summary.costTotals({ ...input, ...range(month) }),
      budgets: deps.budgetStatus(),
      unknownBilling: deps.calls.unknownBilling(range(input)),
    }),
    'ledger.calls': (input) => deps.calls.list(input),
    'ledger.call': ({ id }) => deps.calls.detail(id),
  };
}
