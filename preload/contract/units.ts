// The ledger's unit buckets as plain data (no zod), so code that only reads the ledger — the report script — does
// not load the schema library.

/** Exclusive usage buckets stored per attempt (mirrors main/gateway/types Units). */
export const LEDGER_UNITS = [
  'input_tokens',
  'cached_input_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'audio_input_tokens',
  'characters',
  'seconds',
  'segments',
  'minutes',
  'requests',
  'credits',
  'web_searches',
] as const;

/** Error code of a call the app stopped in the middle of (settled at start-up at its worst-case estimate). */
export const UNKNOWN_BILLING_CODE = 'unknown_billing';
