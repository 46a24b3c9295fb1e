// Typed results crossing the IPC boundary. Pure: no electron, node or DOM imports.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden_sender',
  'not_found',
  'conflict',
  'rate_limited',
  'budget_exceeded',
  'provider_error',
  'unavailable',
  /** The data folder failed us: details.kind is disk_full, read_only, locked or corrupt; the message says what to do. */
  'storage',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Optional machine-readable extras (e.g. retryAt for rate limits). JSON-safe. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape };

/** Thrown by the preload/web client when a call returns `ok:false`, so UI code can `try/await`. */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(error: AppErrorShape) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.details = error.details;
  }
}
