// Bounded work: a time range a query or export may cover. Wider ranges are refused up front with a clear
// error instead of freezing the app (1970 to 9999 once blocked the main process for two minutes).
import type { z } from 'zod';

/** Ten years and a day: the longest range a summary, call list or export covers. */
export const MAX_RANGE_DAYS = 3_661;
const DAY_MS = 86_400_000;

/** Adds the range check to an input object with ISO `from` and `to`. */
export function withBoundedRange<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    if (v.from === undefined || v.to === undefined) return;
    const from = Date.parse(v.from);
    const to = Date.parse(v.to);
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` is before `from`' });
    else if (to - from > MAX_RANGE_DAYS * DAY_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range covers ${Math.round((to - from) / DAY_MS)} days; at most ${MAX_RANGE_DAYS} (ten years) at a time`,
      });
  });
}
