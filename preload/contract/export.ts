// Export channels: calls (with provenance) or daily summaries for a range, streamed to a file in the
// data folder's exports/ as CSV or JSONL. Progress arrives as `export.progress` events (and `export.status`).
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
export const exportKindSchema = z.enum(['calls', 'daily']);
export const exportFormatSchema = z.enum(['csv', 'jsonl']);

export const exportProgressSchema = z.object({
  exportId: z.string(),
  kind: exportKindSchema,
  format: exportFormatSchema,
  /** Absolute path of the finished file (written as `<path>.part` until done). */
  path: z.string(),
  rowsWritten: z.number().int(),
  totalRows: z.number().int(),
  state: z.enum(['running', 'done', 'failed']),
  error: z.string().nullable(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const exportChannels = {
  'export.start': {
    input: z
      .object({
        kind: exportKindSchema,
        format: exportFormatSchema,
        from: isoTime,
        to: isoTime,
        /** IANA zone for the daily summary's local days. */
        timeZone: z.string().min(1).max(64),
      })
      .strict(),
    output: exportProgressSchema,
  },
  'export.status': { input: z.object({ exportId: z.string().min(1).max(100) }).strict(), output: exportProgressSchema },
} as const;
