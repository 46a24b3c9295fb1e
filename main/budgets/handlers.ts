import type { PartialHandlers } from '../core/router';
import { AppError } from '../core/errors';
import { DEFAULT_THRESHOLDS, type BudgetRepository } from './repository';
import type { BudgetService } from './service';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

export function budgetsHandlers(deps: {
  repo: BudgetRepository;
  service: BudgetService;
  /** Told after a budget is created, updated or deleted. */
  onChange?: () => void;
}): PartialHandlers {
  const { repo, service } = deps;
  const changed = <T>(value: T): T => {
    deps.onChange?.();
    return value;
  };
  return {
    'budgets.list': () => repo.list(),
    'budgets.caps.list': () => repo.caps(),
    'budgets.caps.set': ({ provider, endpoint, capNanos }) => {
      repo.setCap(provider, endpoint, capNanos);
      return repo.caps();
    },
    'budgets.create': (input) => {
      const b = repo.create({
        scope: input.scope,
        scopeId: input.scopeId ?? '',
        period: input.period,
        limitNanos: input.limitNanos,
        mode: input.mode,
        thresholds: input.thresholds ?? [...DEFAULT_THRESHOLDS],
        enabled: input.enabled ?? true,
      });
      // A budget set below what is already spent alerts right away.
      service.checkAlerts();
      return changed(b);
    },
    'budgets.update': ({ id, ...patch }) => {
      const b = repo.update(id, patch);
      service.checkAlerts();
      return changed(b);
    },
    'budgets.delete': ({ id }) => changed({ deleted: repo.delete(id) }),
    'budgets.status': ({ at }) => service.status(at ? time(at) : undefined),
    'budgets.alerts': ({ limit, since }) => service.alerts({ limit, ...(since ? { since: time(since) } : {}) }),
  };
}
