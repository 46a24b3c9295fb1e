// Row formats for exports: one header + line per row for CSV (RFC 4180 quoting), one JSON object per line for JSONL.
import type { CallRow, UsageSummary } from '../../preload/contract/ledger';
import { LEDGER_UNITS } from '../../preload/contract/ledger';
import { PROVIDER_IDS } from '../gateway/types';

type Cell = string | number | boolean | null;

export function csvCell(v: Cell): string {
  if (v === null) return '';
  // Text that a spreadsheet would run as a formula (provider error messages, model names) gets a leading
  // apostrophe (OWASP CSV injection advice); numbers are written as numbers, negative ones included.
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Call columns, provenance included: how each cost was obtained and with which price table version. */
export const CALL_COLUMNS = [
  'id',
  'call_id',
  'attempt',
  'root_id',
  'ts',
  'provider',
  'integration_id',
  'client',
  'operation',
  'endpoint',
  'method',
  'model',
  'status',
  'latency_ms',
  'request_bytes',
  'response_bytes',
  'error_code',
  'error_message',
  ...LEDGER_UNITS,
  'cost_nanos',
  'cost_source',
  'price_version',
  'estimated',
  'free',
  'provider_request_id',
  'job_id',
  'content_id',
] as const;

export function callCells(r: CallRow): Cell[] {
  return [
    r.id,
    r.callId,
    r.attempt,
    r.rootId,
    r.ts,
    r.provider,
    r.integrationId,
    r.client,
    r.operation,
    r.endpoint,
    r.method,
    r.model,
    r.status,
    r.latencyMs,
    r.requestBytes,
    r.responseBytes,
    r.errorCode,
    r.errorMessage,
    ...LEDGER_UNITS.map((u) => r.units[u] ?? null),
    r.costNanos,
    r.costSource,
    r.priceVersion,
    r.estimated,
    r.free,
    r.providerRequestId,
    r.jobId,
    r.contentId,
  ];
}

type Day = UsageSummary['byDay'][number];
export const DAILY_COLUMNS = [
  'day',
  'attempts',
  'calls',
  'errors',
  'cost_nanos',
  'unpriced_attempts',
  ...PROVIDER_IDS.map((p) => `cost_nanos_${p}`),
] as const;

export function dailyCells(d: Day): Cell[] {
  return [
    d.day,
    d.attempts,
    d.calls,
    d.errors,
    d.costNanos,
    d.unpricedAttempts,
    ...PROVIDER_IDS.map((p) => d.costByProvider[p] ?? 0),
  ];
}
