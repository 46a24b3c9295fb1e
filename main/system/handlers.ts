import type { PartialHandlers } from '../core/router';
import { systemStatus, type StatusDeps } from './status';

export type SystemDeps = StatusDeps;

export function systemHandlers(deps: SystemDeps, now: () => Date): PartialHandlers {
  return {
    'system.status': () => systemStatus(deps),
    'system.ping': ({ echo }) => ({ echo, at: now().toISOString() }),
  };
}
