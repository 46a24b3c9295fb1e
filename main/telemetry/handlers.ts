import type { PartialHandlers } from '../core/router';
import type { TelemetryService } from './service';

export function telemetryHandlers(telemetry: TelemetryService): PartialHandlers {
  return {
    'telemetry.get': () => telemetry.view(),
    'telemetry.configure': (input) => telemetry.configure(input),
    'telemetry.sendNow': () => telemetry.sendNow(),
    'telemetry.discardBacklog': () => telemetry.discardBacklog(),
  };
}
