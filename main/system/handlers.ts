import type { PartialHandlers } from '../core/router';
import { systemStatus, type StatusDeps } from './status';

export function systemHandlers(deps: StatusDeps, now: () => Date): PartialHandlers {
  return {
    'system.status': () => systemStatus(deps),
    'system.ping': ({ echo }) => ({ echo, at: now().toISOString() }),
  };
}
