// Row formats for exports: one header + line per row for CSV (RFC 4180 quoting), one JSON object per line for JSONL.
import type { CallRow, UsageSummary } from '../../preload/contract/ledger';
import { LEDGER_UNITS } from '../../preload/contract/ledger';
import { PROVIDER_IDS } from '../gateway/types';
import { nanosToUsd } from '../pricing/rates';

/** Exact decimal dollars beside every nano figure (no float noise); empty when there is no price. */
const usd = (nanos: number | null): string | null => (nanos === null ? null : nanosToUsd(nanos));

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
  'cost_usd',
  /** true when no price is known: cost_nanos and cost_usd are empty then, never 0. */
  'unpriced',
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
    usd(r.costNanos),
    r.costSource === 'unpriced',
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
  'cost_usd',
  /** Attempts without a price that day: cost_nanos/cost_usd exclude them. */
  'unpriced_attempts',
  /** Providers with unpriced attempts that day (";"-separated): their cost cells are empty when nothing was priced. */
  'unpriced_providers',
  ...PROVIDER_IDS.flatMap((p) => [`cost_nanos_${p}`, `cost_usd_${p}`]),
] as const;

export function dailyCells(d: Day): Cell[] {
  return [
    d.day,
    d.attempts,
    d.calls,
    d.errors,
    d.costNanos,
    usd(d.costNanos),
    d.unpricedAttempts,
    PROVIDER_IDS.filter((p) => (d.unpricedByProvider[p] ?? 0) > 0).join(';'),
    ...PROVIDER_IDS.flatMap((p) => {
      const cost = providerCost(d, p);
      return [cost, usd(cost)];
    }),
  ];
}

/** A provider's cost that day: 0 when it made no calls, empty (null) when it made only unpriced ones. */
function providerCost(d: Day, p: string): number | null {
  const cost = d.costByProvider[p] ?? 0;
  return cost === 0 && (d.unpricedByProvider[p] ?? 0) > 0 ? null : cost;
}
