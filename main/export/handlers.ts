// IPC handlers for export.*: start in the background (after the save dialog on desktop), answer with the first progress snapshot.
import type { PartialHandlers } from '../core/router';
import { AppError } from '../core/errors';
import type { ExportService } from './exporter';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

export function exportHandlers(service: ExportService): PartialHandlers {
  return {
    'export.start': async (input) =>
      (
        await service.start({
          kind: input.kind,
          format: input.format,
          from: time(input.from),
          to: time(input.to),
          timeZone: input.timeZone,
          ...(input.client !== undefined ? { client: input.client } : {}),
        })
      ).progress,
    'export.status': ({ exportId }) => service.status(exportId),
    'export.reveal': ({ exportId }) => {
      service.reveal(exportId);
      return { revealed: true as const };
    },
  };
}
