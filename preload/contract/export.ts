// Export channels: calls (with provenance) or daily summaries for a range, streamed as CSV or JSONL to a file
// the user picks in a save dialog (desktop) or to the data folder's exports/ for download (web mode). The
// renderer never names a path. Progress arrives as `export.progress` events (and `export.status`).
import { z } from 'zod';
import { withBoundedRange } from './range';

const isoTime = z.iso.datetime({ offset: true });
export const exportKindSchema = z.enum(['calls', 'daily']);
export const exportFormatSchema = z.enum(['csv', 'jsonl']);

export const exportProgressSchema = z.object({
  exportId: z.string(),
  kind: exportKindSchema,
  format: exportFormatSchema,
  /** The file's name: the one picked (desktop) or offered for download (web mode). */
  fileName: z.string(),
  /** Where main writes the file (as `<path>.part` until done); null when the save dialog was cancelled. */
  path: z.string().nullable(),
  rowsWritten: z.number().int(),
  totalRows: z.number().int(),
  /** `cancelled`: the user closed the save dialog; nothing was written. */
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  error: z.string().nullable(),
  /** Web mode, once done: a same-origin URL that downloads the file. */
  downloadUrl: z.string().nullable(),
  /** Desktop, once done: `export.reveal` can show the file in its folder. */
  revealable: z.boolean(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const exportChannels = {
  /** Desktop: asks where to save first; answers `cancelled` (not an error) when the dialog is closed. */
  'export.start': {
    input: withBoundedRange(
      z
        .object({
          kind: exportKindSchema,
          format: exportFormatSchema,
          from: isoTime,
          to: isoTime,
          /** IANA zone for the daily summary's local days. */
          timeZone: z.string().min(1).max(64),
          /** Only one local-gateway client (virtual key name; '' = the app's own calls). */
          client: z.string().max(48).optional(),
        })
        .strict(),
    ),
    output: exportProgressSchema,
  },
  'export.status': { input: z.object({ exportId: z.string().min(1).max(100) }).strict(), output: exportProgressSchema },
  /** Desktop: shows a finished export in the system file manager ("Show in folder"). */
  'export.reveal': {
    input: z.object({ exportId: z.string().min(1).max(100) }).strict(),
    output: z.object({ revealed: z.literal(true) }),
  },
} as const;
