import type { PartialHandlers } from '../core/router';
import { AppError } from '../core/errors';
import type { CallQueries } from './call-queries';
import type { SummaryQueries } from './summary';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

export function ledgerHandlers(deps: { summary: SummaryQueries; calls: CallQueries }): PartialHandlers {
  return {
    'ledger.summary': (input) => {
      const from = time(input.from);
      const to = time(input.to);
      if (to <= from) throw new AppError('invalid_input', '"to" must be after "from"');
      return deps.summary.summary({ ...input, from, to });
    },
    'ledger.calls': (input) => deps.calls.list(input),
    'ledger.call': ({ id }) => deps.calls.detail(id),
  };
}
