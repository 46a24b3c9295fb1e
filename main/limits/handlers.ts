import type { PartialHandlers } from '../core/router';
import type { LimitsConfig } from './config';
import type { LimiterService } from './limiter';

export function limitsHandlers(deps: { limiter: LimiterService; now: () => number }): PartialHandlers {
  const state = () => ({ ...deps.limiter.limits, ...deps.limiter.snapshot(deps.now()) });
  return {
    'limits.get': () => state(),
    'limits.set': (input) => {
      const patch: Partial<LimitsConfig> = {};
      if (input.hourly) patch.hourly = input.hourly;
      if (input.defaultHourly !== undefined) patch.defaultHourly = input.defaultHourly;
      if (input.providerRates) patch.providerRates = input.providerRates as LimitsConfig['providerRates'];
      deps.limiter.update(patch);
      return state();
    },
  };
}
