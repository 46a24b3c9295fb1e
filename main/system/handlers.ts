import type { PartialHandlers } from '../core/router';
import { systemStatus, type StatusDeps } from './status';

export interface SystemDeps extends StatusDeps {
  /** Seeds demo history into an empty ledger; throws AppError('conflict') when it has rows. */
  seedDemo: () => { calls: number; attempts: number; from: string; to: string };
}

export function systemHandlers(deps: SystemDeps, now: () => Date): PartialHandlers {
  return {
    'system.status': () => systemStatus(deps),
    'system.ping': ({ echo }) => ({ echo, at: now().toISOString() }),
    'system.seedDemo': () => deps.seedDemo(),
  };
}
